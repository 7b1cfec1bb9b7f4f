package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Env;
import actionlog.core.Json;
import actionlog.core.SettingCatalog;
import actionlog.testkit.LambdaRuntimeApi;
import actionlog.testkit.LambdaRuntimeApi.Invocation;
import actionlog.testkit.LambdaRuntimeApi.Result;
import actionlog.testkit.TestOrigin;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The edge's deployment jar under AWS's own Java runtime interface client, in a separate JVM, against an emulation
 * of the Lambda Runtime and Extensions APIs ({@link LambdaRuntimeApi}): an invocation ends when the runtime and the
 * post-response extension have both asked for the next one, as in Lambda. Every deadline is 120 s away and each
 * invocation must end within 30 s, so an extension that waited for a deadline fails the test. SQS is unreachable:
 * every recorded event becomes a fallback line in the function's log, which is how the test sees what was recorded.
 */
class RuntimeInterfaceClientIT {
    static final long DEADLINE_MS = 120_000;
    static final String NOT_HTTP = "not an HTTP request in Lambda payload format 2.0 (%s): the edge answers only its "
            + "Function URL or HTTP API; invoke it through one of them";

    static String get(String rawPath, String rawQuery) {
        return "{\"version\":\"2.0\",\"rawPath\":\"" + rawPath + "\",\"rawQueryString\":\"" + rawQuery + "\","
                + "\"headers\":{\"user-agent\":\"ric-test\"},\"requestContext\":{\"requestId\":\"r-" + rawQuery + "\","
                + "\"http\":{\"method\":\"GET\",\"sourceIp\":\"203.0.113.7\"}},\"isBase64Encoded\":false}";
    }

    @Test
    void badPayloadsAreAnsweredAtOnceWithTheirReasonAndOnlyRequestsAreRecordedAsTheViewerSawThem() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path jar = Path.of("target/lambda/function.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is built by the package phase, before the integration tests");
        Path log = Files.createDirectories(Path.of("target")).resolve("ric-edge.log");
        String beacon = Files.readString(Path.of("src/test/resources/events/function-url-beacon.json"));
        Map<String, Invocation> invocations = new java.util.LinkedHashMap<>();
        invocations.put("not-json", new Invocation("not-json", "this is not JSON", 0));
        invocations.put("sqs-event", new Invocation("sqs-event", "{\"Records\":[{\"messageId\":\"m1\",\"body\":\"{}\"}]}", 0));
        invocations.put("empty", new Invocation("empty", "{}", 0));
        invocations.put("beacon", new Invocation("beacon", beacon, 0));
        invocations.put("fits", new Invocation("fits", get("/bytes", "n=1000"), 0));
        invocations.put("too-large", new Invocation("too-large", get("/bytes", "n=4800000"), 0));

        try (TestOrigin origin = new TestOrigin(); LambdaRuntimeApi lambda = new LambdaRuntimeApi()) {
            Process runtime = lambda.launch(jar, EdgeHandler.class.getName() + "::handleRequest", Map.of(
                    // the queue is unreachable: every send fails fast into the fallback sink (the function's log)
                    "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + closedPort,
                    Env.QUEUE_URL, "http://127.0.0.1:" + closedPort + "/123456789012/events",
                    SettingCatalog.SEND_TIMEOUT_MS.env(), "1000",
                    SettingCatalog.ORIGIN.env(), origin.url(),
                    Env.STACK_NAME, "Actionlog"), log);
            try {
                long wait = 60; // the first one includes the JVM's start
                for (Invocation i : invocations.values()) {
                    Invocation timed = new Invocation(i.requestId(), i.payload(), System.currentTimeMillis() + DEADLINE_MS);
                    assertTrue(lambda.start(timed, wait), "the invocation before " + i.requestId() + " did not end: "
                            + lambda.results() + "\n" + Files.readString(log));
                    wait = 30;
                }
                assertTrue(lambda.previousEnded(30), "the last invocation did not end: " + lambda.results());

                assertError(lambda.result("not-json"), String.format(NOT_HTTP, "invalid JSON: Unrecognized token 'this': was "
                        + "expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
                assertError(lambda.result("sqs-event"), String.format(NOT_HTTP, "it has no \"version\" (keys: Records)"));
                assertError(lambda.result("empty"), String.format(NOT_HTTP, "it is an empty JSON object"));
                assertEquals(204, response(lambda.result("beacon")).get("statusCode"));
                assertEquals(200, response(lambda.result("fits")).get("statusCode"));
                Map<String, Object> tooLarge = response(lambda.result("too-large"));
                assertEquals(502, tooLarge.get("statusCode"));
                String reason = ((String) tooLarge.get("body")).substring("Bad Gateway: ".length());
                assertTrue(reason.startsWith("the origin's answer (status 200, 4800000 body bytes) is "), reason);

                // recorded: the three requests, each with the status its viewer got; nothing of the bad payloads
                List<Map<String, Object>> recorded = fallbackEvents(log);
                assertEquals(List.of("/_actionlog/collect", "/bytes", "/bytes"),
                        recorded.stream().map(e -> e.get(ActionEvent.F_PATH)).toList());
                assertEquals(200, recorded.get(1).get(ActionEvent.F_STATUS));
                assertEquals(502, recorded.get(2).get(ActionEvent.F_STATUS));
                assertEquals(reason, recorded.get(2).get(ActionEvent.F_RESPONSE_ERROR));
            } finally {
                runtime.destroyForcibly();
                runtime.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static void assertError(Result result, String message) {
        assertNotNull(result);
        assertEquals("error", result.kind(), result.body());
        Map<String, Object> error = Json.readObject(result.body());
        assertEquals("java.lang.IllegalArgumentException", error.get("errorType"), result.body());
        assertEquals(message, error.get("errorMessage"));
    }

    static Map<String, Object> response(Result result) {
        assertNotNull(result);
        assertEquals("response", result.kind(), result.body());
        return Json.readObject(result.body());
    }

    /** The events of the fallback lines in the function's log, in order. */
    static List<Map<String, Object>> fallbackEvents(Path log) throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int start = line.indexOf('{');
            if (start < 0 || !line.contains("\"" + FallbackSink.MARKER_KEY + "\":\"" + FallbackSink.MARKER_VALUE + "\"")) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) Json.readObject(line.substring(start)).get("event");
            events.add(event);
        }
        return events;
    }
}

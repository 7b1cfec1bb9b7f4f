package actionlog.consumer;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Env;
import actionlog.core.Json;
import actionlog.testkit.LambdaRuntimeApi;
import actionlog.testkit.LambdaRuntimeApi.Invocation;
import actionlog.testkit.LambdaRuntimeApi.Result;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The consumer's deployment jar under AWS's own Java runtime interface client against an emulated Runtime API: a
 * direct invocation with anything but an SQS event gets its reason at once (never a null-pointer error), and an SQS
 * event is answered with the partial-batch response its event source mapping reads. The table is unreachable, so a
 * valid message is reported as failed (SQS would deliver it again).
 */
class RuntimeInterfaceClientIT {
    static final String NOT_SQS = "not an SQS event%s: the consumer is invoked by its queue's event source mapping; to "
            + "store events, send them to the queue (actionlog replay)";

    @Test
    void onlySqsEventsAreConsumedAndEverythingElseGetsItsReasonAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path jar = Path.of("target/lambda/function.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is built by the package phase, before the integration tests");
        Path log = Files.createDirectories(Path.of("target")).resolve("ric-consumer.log");
        String event = Json.write(Map.of("schema_version", 1, "event.id", "e-1", "event.received_at", "2026-11-22T14:05:00Z",
                "user.id", "alice", "http.request.method", "GET", "url.path", "/"));
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("not-sqs", "{\"version\":\"2.0\",\"rawPath\":\"/\"}");
        payloads.put("no-message-id", "{\"Records\":[{\"body\":\"{}\",\"eventSource\":\"aws:sqs\"}]}");
        payloads.put("empty-batch", "{\"Records\":[]}");
        payloads.put("one-message", "{\"Records\":[{\"messageId\":\"m-1\",\"eventSource\":\"aws:sqs\",\"body\":" + Json.write(event) + "}]}");

        try (LambdaRuntimeApi lambda = new LambdaRuntimeApi()) {
            Process runtime = lambda.launch(jar, ConsumerHandler.class.getName() + "::handleRequest", Map.of(
                    "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + closedPort,
                    Env.TABLE_NAME, "events"), log);
            try {
                long wait = 60; // the first one includes the JVM's start
                for (Map.Entry<String, String> payload : payloads.entrySet()) {
                    assertTrue(lambda.start(new Invocation(payload.getKey(), payload.getValue(), System.currentTimeMillis() + 60_000), wait),
                            "the invocation before " + payload.getKey() + " did not end: " + lambda.results() + "\n" + Files.readString(log));
                    wait = 30;
                }
                assertTrue(lambda.previousEnded(30), "the last invocation did not end: " + lambda.results());

                assertError(lambda.result("not-sqs"), String.format(NOT_SQS, " (no \"Records\")"));
                assertError(lambda.result("no-message-id"), String.format(NOT_SQS, " (record 0 has no messageId)"));
                assertEquals(new Result("response", "{\"batchItemFailures\":[]}"), lambda.result("empty-batch"));
                assertEquals(new Result("response", "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}"), lambda.result("one-message"));
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
}

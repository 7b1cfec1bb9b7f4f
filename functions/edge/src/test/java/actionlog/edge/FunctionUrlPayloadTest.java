package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Env;
import actionlog.core.Json;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The payload the edge reads and writes itself: read as AWS's own events library reads it, anything else refused
 * with its reason, and an answer too large for a Lambda response turned into the 502 the viewer gets, recorded so.
 */
class FunctionUrlPayloadTest extends EdgeTestBase {

    static byte[] file(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/events", name));
    }

    @Test
    void readsTheFieldsTheEdgeUsesAsAwsEventsLibraryDoes() throws Exception {
        for (String name : List.of("function-url-post.json", "function-url-beacon.json")) {
            APIGatewayV2HTTPEvent ours = FunctionUrlPayload.read(file(name));
            APIGatewayV2HTTPEvent aws = fixture(name);
            assertEquals(aws.getRawPath(), ours.getRawPath(), name);
            assertEquals(aws.getRawQueryString(), ours.getRawQueryString(), name);
            assertEquals(aws.getHeaders(), ours.getHeaders(), name);
            assertEquals(aws.getCookies(), ours.getCookies(), name);
            assertEquals(aws.getBody(), ours.getBody(), name);
            assertEquals(aws.getIsBase64Encoded(), ours.getIsBase64Encoded(), name);
            assertEquals(aws.getRequestContext().getHttp().getMethod(), ours.getRequestContext().getHttp().getMethod(), name);
            assertEquals(aws.getRequestContext().getHttp().getSourceIp(), ours.getRequestContext().getHttp().getSourceIp(), name);
            assertEquals(aws.getRequestContext().getRequestId(), ours.getRequestContext().getRequestId(), name);
            assertEquals(aws.getRequestContext().getDomainName(), ours.getRequestContext().getDomainName(), name);
        }
    }

    @Test
    void anythingButAnHttpRequestIsRefusedWithItsReason() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("this is not JSON", "invalid JSON: Unrecognized token 'this': was expecting (JSON String, Number, Array, "
                + "Object or token 'null', 'true' or 'false')");
        cases.put("[1,2]", "expected a JSON object, got an array");
        cases.put("{\"Records\":[{\"messageId\":\"m1\",\"body\":\"{}\"}]}", "it has no \"version\" (keys: Records)");
        cases.put("{\"version\":\"1.0\",\"httpMethod\":\"GET\",\"path\":\"/\"}", "\"version\" is \"1.0\", not \"2.0\"");
        cases.put("{\"version\":\"2.0\",\"rawPath\":\"/\"}", "it has no requestContext.http.method");
        cases.put("{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}", "its rawPath is not a path");
        cases.forEach((payload, why) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FunctionUrlPayload.read(payload.getBytes(StandardCharsets.UTF_8)), payload);
            assertEquals("not an HTTP request in Lambda payload format 2.0 (" + why + "): the edge answers only its Function "
                    + "URL or HTTP API; invoke it through one of them", e.getMessage(), payload);
        });
    }

    @Test
    void writesTheResponseAsAFunctionUrlReadsIt() {
        APIGatewayV2HTTPResponse response = FunctionUrlWriter.response(new EdgeResponse(201,
                Map.of("content-type", List.of("application/octet-stream"), "set-cookie", List.of("a=1", "b=2")), new byte[] {0, 1, 2}));
        Map<String, Object> json = Json.readObject(new String(FunctionUrlPayload.write(response), StandardCharsets.UTF_8));
        assertEquals(Map.of("statusCode", 201, "headers", Map.of("content-type", "application/octet-stream"),
                "cookies", List.of("a=1", "b=2"), "body", "AAEC", "isBase64Encoded", true), json);
    }

    @Test
    void theLimitRefusesExactlyTheAnswersWhosePayloadIsLargerThanLambdaReturns() {
        // binary bodies travel base64: 3 bytes take 4; the payload's other bytes are the same for each length
        int overhead = payloadBytes(3) - 4;
        int fits = (FunctionUrlPayload.MAX_RESPONSE_BYTES - overhead) / 4 * 3;
        for (int length : List.of(fits - 3, fits, fits + 3, fits + 30_000)) {
            EdgeResponse answer = binary(length);
            boolean over = payloadBytes(length) > FunctionUrlPayload.MAX_RESPONSE_BYTES;
            assertEquals(over, FunctionUrlPayload.tooLarge(answer) != null, length + " bytes");
        }
        // the lengths tried straddle the limit
        assertTrue(payloadBytes(fits) <= FunctionUrlPayload.MAX_RESPONSE_BYTES);
        assertTrue(payloadBytes(fits + 3) > FunctionUrlPayload.MAX_RESPONSE_BYTES);
        assertEquals("the origin's answer (status 200, " + (fits + 3) + " body bytes) is " + payloadBytes(fits + 3)
                + " bytes as a Lambda response, more than the 6291556 a Lambda function may return; route this path to "
                + "the application directly (CDK context key bypassPaths)", FunctionUrlPayload.tooLarge(binary(fits + 3)));
    }

    static EdgeResponse binary(int length) {
        return new EdgeResponse(200, Map.of("content-type", List.of("application/octet-stream")), new byte[length]);
    }

    static int payloadBytes(int length) {
        return FunctionUrlPayload.write(FunctionUrlWriter.response(binary(length))).length;
    }

    /** The edge behind a Function URL: its answers limited as Lambda limits them, refused calls counted here. */
    FunctionUrlAdapter limited(List<String> metricLines) {
        Map<String, String> env = Map.of(Env.QUEUE_URL, "http://queue", SettingCatalog.ORIGIN.env(), origin.url());
        return new FunctionUrlAdapter(EdgeService.builder(EdgeConfig.fromEnvironment(new Settings(env), null), sender)
                .refusedCalls(new RefusedCalls(metricLines::add, "Actionlog")).responseLimit(FunctionUrlPayload.LIMIT).build(),
                () -> 1_795_356_300_000L);
    }

    static APIGatewayV2HTTPEvent get(String path, String query) {
        APIGatewayV2HTTPEvent event = fixture("function-url-post.json");
        event.getRequestContext().getHttp().setMethod("GET");
        event.setRawPath(path);
        event.setRawQueryString(query);
        event.setBody(null);
        event.setIsBase64Encoded(false);
        return event;
    }

    @Test
    void anOriginAnswerTooLargeToReturnReachesTheViewerAsA502AndIsRecordedSo() {
        FunctionUrlAdapter edge = limited(new ArrayList<>());
        // 4,500,000 bytes: 6,000,000 as base64, within the limit, returned byte for byte
        APIGatewayV2HTTPResponse fits = edge.handle(get("/bytes", "n=4500000")).response();
        assertEquals(200, fits.getStatusCode());
        byte[] body = Base64.getDecoder().decode(fits.getBody());
        assertEquals(4_500_000, body.length);
        assertEquals((byte) (4_499_999 * 31), body[4_499_999]);
        int overhead = FunctionUrlPayload.write(fits).length - 6_000_000;

        // 4,800,000 bytes: 6,400,000 as base64; the real origin answered 200, the viewer gets the edge's 502
        APIGatewayV2HTTPResponse tooLarge = edge.handle(get("/bytes", "n=4800000")).response();
        String reason = "the origin's answer (status 200, 4800000 body bytes) is " + (6_400_000 + overhead) + " bytes as a "
                + "Lambda response, more than the 6291556 a Lambda function may return; route this path to the application "
                + "directly (CDK context key bypassPaths)";
        assertEquals(502, tooLarge.getStatusCode());
        assertEquals("Bad Gateway: " + reason, tooLarge.getBody());
        assertEquals(2, sender.events.size());
        ActionEvent recorded = sender.events.get(1);
        assertEquals(502L, recorded.number(ActionEvent.F_STATUS), "the status the viewer received");
        assertEquals(reason, recorded.string(ActionEvent.F_RESPONSE_ERROR));
        assertEquals(200L, sender.events.get(0).number(ActionEvent.F_STATUS));
        assertNull(sender.events.get(0).get(ActionEvent.F_RESPONSE_ERROR));
    }

    @Test
    void theCallerIsReadWithoutDecodingTheRestOfThePayload() throws Exception {
        assertEquals(new FunctionUrlPayload.Caller("right-secret", "130.176.0.1"),
                FunctionUrlPayload.caller(file("function-url-post.json"), EdgeService.SECRET_HEADER));
        assertEquals(new FunctionUrlPayload.Caller("s", null), FunctionUrlPayload.caller(("{\"body\":\"" + "A".repeat(100_000)
                + "\",\"headers\":{\"X-Actionlog-Origin-Secret\":\"s\"},\"version\":\"2.0\"}").getBytes(StandardCharsets.UTF_8),
                EdgeService.SECRET_HEADER), "any order, any case of the header's name");
        for (String notHttp : List.of("this is not JSON", "{}", "{\"version\":\"1.0\"}", "[]", "{\"Records\":[]}")) {
            assertNull(FunctionUrlPayload.caller(notHttp.getBytes(StandardCharsets.UTF_8), EdgeService.SECRET_HEADER), notHttp);
        }
    }

    /** A payload-2.0 POST as in the fixture, without the origin secret and with a body that is not even base64. */
    static byte[] directCall() throws Exception {
        Map<String, Object> json = Json.readObject(file("function-url-post.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) json.get("headers");
        headers.remove(EdgeService.SECRET_HEADER);
        json.put("body", "%%% not base64 %%%");
        return Json.write(json).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCallWithoutTheOriginSecretIsRefusedFirstCountedAndNotRecorded() throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, String> env = Map.of(Env.QUEUE_URL, "http://queue");
        EdgeHandler handler = new EdgeHandler(EdgeService.builder(EdgeConfig.fromEnvironment(new Settings(env), "right-secret"), sender)
                .originSecrets(OriginSecrets.fixed("right-secret")).refusedCalls(new RefusedCalls(lines::add, "Actionlog"))
                .responseLimit(FunctionUrlPayload.LIMIT).build(), null, java.time.Duration.ofSeconds(1));
        Map<String, Object> response = Json.readObject(handler.answer(directCall()));
        assertEquals(Map.of("statusCode", 403, "headers", Map.of("content-type", "text/plain; charset=utf-8"),
                "body", "Forbidden: requests must come through the CloudFront distribution", "isBase64Encoded", false), response);
        assertEquals(List.of(), sender.events, "nothing recorded");
        assertEquals(1, lines.size());
        Map<String, Object> line = Json.readObject(lines.get(0));
        assertEquals(1, line.get("RefusedCalls"));
        assertEquals("Actionlog", line.get("Stack"));
        assertEquals("130.176.0.1", line.get("source"));
        assertEquals(Map.of("Namespace", "actionlog", "Dimensions", List.of(List.of("Stack")),
                "Metrics", List.of(Map.of("Name", "RefusedCalls", "Unit", "Count"))),
                ((List<?>) ((Map<?, ?>) line.get("_aws")).get("CloudWatchMetrics")).get(0));

        assertEquals(204, Json.readObject(handler.answer(file("function-url-post.json"))).get("statusCode"),
                "a request through CloudFront carries the secret");
        assertEquals(1, lines.size());
        assertEquals(1, sender.events.size());
    }
}

package actionlog.edge;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EdgeProtocol;
import actionlog.core.Limits;
import actionlog.core.SettingCatalog;
import actionlog.testkit.TestOrigin;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile and broken requests: each gets a defined answer, nothing crashes, the capture is kept (bounded, marked). */
class BadInputTest extends EdgeTestBase {

    FunctionUrlAdapter edge() {
        return service(SettingCatalog.ORIGIN.env(), origin.url());
    }

    static APIGatewayV2HTTPEvent request() {
        return fixture("function-url-post.json");
    }

    ActionEvent only() {
        assertEquals(1, sender.events.size());
        ActionEvent event = sender.events.get(0);
        assertTrue(event.toJson().getBytes(StandardCharsets.UTF_8).length < Limits.MAX_EVENT_JSON);
        return event;
    }

    static List<?> truncated(ActionEvent event) {
        return (List<?>) event.get(F_TRUNCATED);
    }

    @Test
    void tenThousandHeaders() {
        APIGatewayV2HTTPEvent event = request();
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
        for (int i = 0; i < 10_000; i++) headers.put("x-flood-" + i, "v" + i);
        event.setHeaders(headers);
        APIGatewayV2HTTPResponse response = edge().handle(event).response();
        // the test origin refuses a request head this large, as common servers do; the edge answers 502 and says why
        assertEquals(502, response.getStatusCode());
        ActionEvent captured = only();
        assertTrue(truncated(captured).contains(F_HEADER_PREFIX + "*"));
        assertTrue(captured.number("actionlog.headers_omitted") > 9_800);
        assertEquals((long) response.getStatusCode(), captured.number(F_STATUS));
    }

    @Test
    void aOneMegabyteHeader() {
        APIGatewayV2HTTPEvent event = request();
        event.getHeaders().put("x-huge", "h".repeat(1024 * 1024));
        APIGatewayV2HTTPResponse response = edge().handle(event).response();
        assertEquals(502, response.getStatusCode(), "the origin refuses a 1 MB header line; the edge says so");
        String stored = only().string(F_HEADER_PREFIX + "x-huge");
        assertTrue(stored.endsWith("chars]") && stored.length() < Limits.MAX_HEADER_VALUE + 40, stored.length() + "");
    }

    @Test
    void crLfInAHeaderValueCannotInjectHeaders() {
        APIGatewayV2HTTPEvent event = request();
        event.getHeaders().put("x-note", "hello\r\nX-Injected: yes");
        APIGatewayV2HTTPResponse response = edge().handle(event).response();
        assertEquals(201, response.getStatusCode(), "proxied without the unsafe header");
        TestOrigin.Received got = origin.received.stream().reduce((a, b) -> b).orElseThrow();
        assertNull(got.headers().get("X-injected"));
        assertNull(got.headers().get("X-note"), "the JDK client refuses the value, so it is not forwarded");
        assertEquals("hello\r\nX-Injected: yes", only().string(F_HEADER_PREFIX + "x-note"), "recorded as sent, JSON-escaped");
    }

    @Test
    void overLongPathAndQuery() {
        APIGatewayV2HTTPEvent event = request();
        event.setRawPath("/" + "p".repeat(100_000));
        event.setRawQueryString("q=" + "x".repeat(1_000_000) + "&token=abc");
        APIGatewayV2HTTPResponse response = edge().handle(event).response();
        assertEquals(502, response.getStatusCode(), "the origin refuses a 1 MB request target; the edge says so");
        ActionEvent captured = only();
        assertTrue(Limits.isTruncated(captured.string(F_PATH)));
        assertTrue(Limits.isTruncated(captured.string(F_QUERY)));
        assertTrue(truncated(captured).containsAll(List.of(F_PATH, F_QUERY)));
    }

    @Test
    void invalidUtf8AndBinaryBodiesAreForwardedByteForByte() {
        byte[] body = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1};
        APIGatewayV2HTTPEvent event = request();
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        edge().handle(event);
        TestOrigin.Received got = origin.received.stream().reduce((a, b) -> b).orElseThrow();
        assertArrayEquals(body, got.body());
        assertEquals(7L, only().number(F_BODY_SIZE));
    }

    @Test
    void invalidUtf8BeaconIsRefusedWithAReasonAndRecorded() {
        APIGatewayV2HTTPEvent event = request();
        event.setRawPath(EdgeProtocol.COLLECT_PATH);
        event.setBody(Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xff, '}'}));
        event.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse response = edge().handle(event).response();
        assertEquals(400, response.getStatusCode());
        assertEquals("beacon body is not valid UTF-8; send the JSON encoded as UTF-8", only().string("actionlog.error"));
    }

    @Test
    void aBodyThatIsNotBase64AtAllStillGetsAnAnswer() {
        APIGatewayV2HTTPEvent event = request();
        event.setBody("%%% not base64 %%%");
        event.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse response = edge().handle(event).response();
        assertEquals(201, response.getStatusCode());
        assertEquals(0L, only().number(F_BODY_SIZE));
    }

    /** In Lambda such a payload is refused before the adapter (FunctionUrlPayloadTest); the adapter itself copes. */
    @Test
    void anEventWithNothingInItDoesNotBreakTheAdapter() {
        APIGatewayV2HTTPResponse response = edge().handle(new APIGatewayV2HTTPEvent()).response();
        assertEquals(200, response.getStatusCode(), "GET / of the test origin");
        ActionEvent captured = only();
        assertEquals("GET", captured.get(F_METHOD));
        assertEquals("/", captured.get(F_PATH));
        assertNotNull(captured.id());
    }

    @Test
    void invalidUtf8InsideAJsonStringIsRefusedNotReplaced() {
        APIGatewayV2HTTPEvent event = request();
        event.setRawPath(EdgeProtocol.COLLECT_PATH);
        byte[] body = {'{', '"', 'a', 'c', 't', 'i', 'o', 'n', '"', ':', '"', 'a', (byte) 0xc3, '"', '}'};
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse response = edge().handle(event).response();
        assertEquals(400, response.getStatusCode());
        assertEquals("beacon body is not valid UTF-8; send the JSON encoded as UTF-8", only().string("actionlog.error"));
    }

    @Test
    void aClientSentCloudFrontIdNeverBecomesTheEventId() {
        APIGatewayV2HTTPEvent forged = request();
        forged.getHeaders().put("x-amz-cf-id", "victims-event-id");
        edge().handle(forged);
        assertEquals("lambda-req-0001", only().id());

        sender.events.clear();
        APIGatewayV2HTTPEvent viaCloudFront = request();
        service(SettingCatalog.ORIGIN.env(), origin.url(), "SECRET", "right-secret").handle(viaCloudFront);
        assertEquals("cf-req-0001", only().id(), "with the valid origin secret, CloudFront's id is trusted");
    }

    @Test
    void collectNeverReflectsAnUnlistedOrNullOriginWithCredentials() {
        FunctionUrlAdapter any = service(SettingCatalog.CORS_ORIGINS.env(), "*");
        APIGatewayV2HTTPEvent evil = fixture("function-url-beacon.json");
        evil.getHeaders().put("origin", "https://evil.example");
        Map<String, String> headers = any.handle(evil).response().getHeaders();
        assertEquals("*", headers.get("access-control-allow-origin"));
        assertNull(headers.get("access-control-allow-credentials"));

        FunctionUrlAdapter listed = service(SettingCatalog.CORS_ORIGINS.env(), "https://shop.example.com,null");
        APIGatewayV2HTTPEvent opaque = fixture("function-url-beacon.json");
        opaque.getHeaders().put("origin", "null");
        Map<String, String> none = listed.handle(opaque).response().getHeaders();
        assertNull(none == null ? null : none.get("access-control-allow-origin"));
        assertNull(none == null ? null : none.get("access-control-allow-credentials"));
    }

    @Test
    void aBeaconWithCharactersSqsRefusesIsRecordedEscaped() {
        APIGatewayV2HTTPEvent event = fixture("function-url-beacon.json");
        event.setBody("{\"action\":\"a\\uffff\\ud800\",\"properties\":{\"k\":\"\\u0001\"}}");
        assertEquals(204, edge().handle(event).response().getStatusCode());
        String json = only().toJson();
        assertTrue(json.contains("a\\uffff\\ud800"), json);
        assertFalse(json.chars().anyMatch(c -> c == 0xffff || Character.isSurrogate((char) c) || c == 1), json);
    }
}

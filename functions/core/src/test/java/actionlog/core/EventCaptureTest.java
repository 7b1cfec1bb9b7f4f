package actionlog.core;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCaptureTest {
    private final EventCapture capture = new EventCapture(CaptureConfig.defaults());

    @Test
    void capturesEveryFieldOfATypicalRequest() {
        ViewerRequest request = Requests.get("/orders").method("post").query("page=2&token=abc")
                .header("User-Agent", "Mozilla/5.0 Firefox/120.0")
                .header("X-User-Id", "alice")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer s3cr3t")
                .header("Cookie", "session=sess-1; theme=dark")
                .header("X-Amz-Cf-Id", "cf-123")
                .body(11).build();
        ActionEvent event = capture.capture(request, Mode.PROXY);
        assertEquals(1, event.get(F_SCHEMA));
        assertEquals("req-1", event.id());
        assertEquals(KIND_HTTP, event.get(F_KIND));
        assertEquals("2025-11-22T02:53:20Z", event.string(F_TIME));
        assertEquals("alice", event.userId());
        assertEquals(Identity.HEADER, event.get(F_USER_SOURCE));
        assertEquals(Identity.sessionId("sess-1"), event.sessionId());
        assertEquals("198.51.100.20", event.clientAddress());
        assertEquals("POST", event.get(F_METHOD));
        assertEquals("shop.example.com", event.get(F_HOST));
        assertEquals("/orders", event.get(F_PATH));
        assertEquals("page=2&token=[REDACTED]", event.get(F_QUERY));
        assertEquals("Mozilla/5.0 Firefox/120.0", event.get(F_USER_AGENT));
        assertEquals(11L, event.number(F_BODY_SIZE));
        assertEquals("application/json", event.get(F_CONTENT_TYPE));
        assertEquals("cf-123", event.get(F_EDGE_REQUEST_ID));
        assertEquals("proxy", event.get(F_MODE));
        assertEquals("Bearer [REDACTED]", event.get(F_HEADER_PREFIX + "authorization"));
        assertEquals("session=[REDACTED]; theme=[REDACTED]", event.get(F_HEADER_PREFIX + "cookie"));
        assertNull(event.get(F_TRUNCATED));
        String json = event.toJson();
        assertFalse(json.contains("s3cr3t"));
        assertFalse(json.contains("abc"));
        assertFalse(json.contains("sess-1"));
    }

    @Test
    void repeatedHeadersAreJoined() {
        ActionEvent event = capture.capture(Requests.get("/").header("Accept", "a").header("Accept", "b").build(), Mode.COLLECT);
        assertEquals("a, b", event.get(F_HEADER_PREFIX + "accept"));
    }

    @Test
    void ipIsAnonymizedOnPrivacySignalOrWhenConfigured() {
        ActionEvent dnt = capture.capture(Requests.get("/").header("DNT", "1").build(), Mode.PROXY);
        assertEquals("198.51.100.0", dnt.clientAddress());
        EventCapture always = new EventCapture(CaptureConfig.fromEnvironment(new Settings(Map.of(Env.ANONYMIZE_IP, "true"))));
        assertEquals("198.51.100.0", always.capture(Requests.get("/").build(), Mode.PROXY).clientAddress());
    }

    @Test
    void tenThousandHeadersAreBoundedAndMarkedNotDropped() {
        Requests r = Requests.get("/");
        for (int i = 0; i < 10_000; i++) r.header("X-H-" + i, "v" + i);
        ActionEvent event = capture.capture(r.build(), Mode.PROXY);
        long kept = event.fields().keySet().stream().filter(k -> k.startsWith(F_HEADER_PREFIX)).count();
        assertEquals(Limits.MAX_HEADERS, kept);
        assertEquals(10_000 - Limits.MAX_HEADERS, event.number("actionlog.headers_omitted"));
        assertEquals(List.of(F_HEADER_PREFIX + "*"), event.get(F_TRUNCATED));
        assertTrue(event.toJson().length() < Limits.MAX_EVENT_JSON);
    }

    @Test
    void oversizeValuesAreTruncatedWithAnExplicitMarker() {
        String huge = "x".repeat(1024 * 1024);
        ActionEvent event = capture.capture(Requests.get("/" + huge).query("q=" + huge)
                .header("X-Big", huge).header("User-Agent", huge).header("X-User-Id", huge).build(), Mode.PROXY);
        String header = event.string(F_HEADER_PREFIX + "x-big");
        assertEquals(Limits.MAX_HEADER_VALUE, header.indexOf(Limits.MARKER));
        assertTrue(header.endsWith("chars]"));
        assertTrue(Limits.isTruncated(event.string(F_PATH)));
        assertTrue(Limits.isTruncated(event.string(F_QUERY)));
        assertTrue(Limits.isTruncated(event.userId()));
        @SuppressWarnings("unchecked")
        List<String> truncated = (List<String>) event.get(F_TRUNCATED);
        assertTrue(truncated.containsAll(List.of(F_PATH, F_QUERY, F_USER, F_USER_AGENT, F_HEADER_PREFIX + "x-big")), truncated.toString());
        int bytes = event.toJson().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < Limits.MAX_EVENT_JSON, "event is " + bytes + " bytes");
    }

    @Test
    void escapedAndMultiByteCharactersCannotBlowTheByteBudget() {
        // found by FuzzTest: 100 headers of 2048 control characters are 32 KiB of chars but 6x that in JSON
        Requests r = Requests.get("/").header("X-User-Id", "ctl");
        for (int i = 0; i < 100; i++) r.header("X-C-" + i, (i % 2 == 0 ? "\u0001" : "€").repeat(4000));
        ActionEvent event = capture.capture(r.build(), Mode.PROXY);
        int bytes = event.toJson().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < Limits.MAX_EVENT_JSON, bytes + " bytes");
        assertEquals("ctl", event.userId());
        assertTrue(((List<?>) event.get(F_TRUNCATED)).size() > 1, "what was cut is named");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String emoji = "😀".repeat(10);
        String cut = Limits.truncate(emoji, 5);
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.indexOf(Limits.MARKER) - 1)));
    }

    @Test
    void beaconCarriesActionAndBoundedProperties() {
        ActionEvent event = capture.beacon(Requests.get(EdgeProtocol.COLLECT_PATH).method("POST").build(),
                Map.of("action", "add_to_cart", "properties", Map.of("sku", "A-1")));
        assertEquals(KIND_BEACON, event.get(F_KIND));
        assertEquals("add_to_cart", event.get(F_ACTION));
        assertEquals(Map.of("sku", "A-1"), event.get(F_PROPERTIES));
        ActionEvent big = capture.beacon(Requests.get(EdgeProtocol.COLLECT_PATH).build(),
                Map.of("action", "x", "properties", Map.of("blob", "y".repeat(100_000))));
        assertTrue(((List<?>) big.get(F_TRUNCATED)).contains(F_PROPERTIES));
        assertTrue(big.toJson().length() < Limits.MAX_EVENT_JSON);
    }

    @Test
    void completeAddsStatusAndLatency() {
        ActionEvent event = capture.capture(Requests.get("/").build(), Mode.PROXY);
        EventCapture.complete(event, 503, 42);
        assertEquals(503L, event.number(F_STATUS));
        assertEquals(42L, event.number(F_LATENCY));
    }
}

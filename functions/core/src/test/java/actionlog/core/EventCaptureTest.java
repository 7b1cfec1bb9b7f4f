package actionlog.core;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCaptureTest {
    /** Most cases here are about fields, not identity: they name the user with an explicitly trusted header. */
    private final EventCapture capture = new EventCapture(CaptureConfig.fromEnvironment(
            new Settings(Map.of(SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id"))));

    @Test
    void byDefaultARequestHeaderNamesNoOne() {
        ActionEvent event = new EventCapture(CaptureConfig.defaults()).capture(Requests.get("/").header("X-User-Id", "mallory")
                .header("X-Actionlog-User", "mallory").header("Cookie", "uid=mallory").build(), Mode.PROXY);
        assertEquals(Identity.ANONYMOUS, event.get(F_USER_SOURCE));
        assertTrue(event.userId().startsWith(Identity.ANONYMOUS_PREFIX), event.userId());
    }

    @Test
    void aBeaconMayCarryAUserOnlyAsClaimed() {
        ActionEvent event = new EventCapture(CaptureConfig.defaults()).beacon(Requests.get("/_actionlog/collect").method("POST").build(),
                Map.of("action", "click", "user", "bob"));
        assertEquals("bob", event.userId());
        assertEquals(Identity.CLAIMED, event.get(F_USER_SOURCE));
        ActionEvent named = capture.beacon(Requests.get("/_actionlog/collect").method("POST").header("X-User-Id", "alice").build(),
                Map.of("action", "click", "user", "bob"));
        assertEquals("alice", named.userId(), "a claim never overrides a configured source");
        assertEquals(Identity.HEADER, named.get(F_USER_SOURCE));
    }

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
        EventCapture always = new EventCapture(CaptureConfig.fromEnvironment(new Settings(Map.of(SettingCatalog.ANONYMIZE_IP.env(), "true"))));
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
    void shouldStoreTheUserAgentAndContentTypeFieldsAsTheirHeaders_whenTheHeaderRulesRedactMoreThanText() {
        String hex = "0123456789abcdef0123456789abcdef"; // 128 bits of hex: a token in a header's value, kept in free text
        ViewerRequest request = Requests.get("/").header("User-Agent", "probe/1 build " + hex)
                .header("Content-Type", "application/json; boundary=" + hex).build();
        ActionEvent event = capture.capture(request, Mode.PROXY);
        assertEquals("probe/1 build [REDACTED]", event.get(F_USER_AGENT));
        assertEquals(event.get(F_HEADER_PREFIX + "user-agent"), event.get(F_USER_AGENT));
        assertEquals("application/json; boundary=[REDACTED]", event.get(F_CONTENT_TYPE));
        assertEquals(event.get(F_HEADER_PREFIX + "content-type"), event.get(F_CONTENT_TYPE));
    }

    @Test
    void shouldRedactTheUserAgentField_whenTheUserAgentHeaderIsListedAsSecret() {
        EventCapture listed = new EventCapture(CaptureConfig.fromEnvironment(new Settings(Map.of(
                SettingCatalog.REDACT_HEADERS.env(), "user-agent"))));
        ActionEvent event = listed.capture(Requests.get("/").header("User-Agent", "Mozilla/5.0 Firefox/120.0").build(), Mode.PROXY);
        assertEquals(Redactor.REDACTED, event.get(F_HEADER_PREFIX + "user-agent"));
        assertEquals(Redactor.REDACTED, event.get(F_USER_AGENT), "the field is the header's stored value");
    }

    @Test
    void shouldRedactEachUserAgentValue_whenTheHeaderCameTwice() {
        ViewerRequest request = Requests.get("/").header("User-Agent", "first/1").header("User-Agent", "second " + JWT).build();
        ActionEvent event = capture.capture(request, Mode.PROXY);
        assertEquals("first/1", event.get(F_USER_AGENT));
        assertEquals("first/1, second [REDACTED]", event.get(F_HEADER_PREFIX + "user-agent"));
    }

    @Test
    void completeAddsStatusAndLatency() {
        ActionEvent event = capture.capture(Requests.get("/").build(), Mode.PROXY);
        EventCapture.complete(event, 503, 42);
        assertEquals(503L, event.number(F_STATUS));
        assertEquals(42L, event.number(F_LATENCY));
    }

    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";

    @Test
    void tokenShapesAreRedactedInEveryStoredStringField() {
        ViewerRequest request = Requests.get("/magic-link/" + JWT).header("User-Agent", "probe " + JWT).build();
        ActionEvent event = capture.capture(request, Mode.PROXY);
        assertEquals("/magic-link/[REDACTED]", event.get(F_PATH));
        assertEquals("probe [REDACTED]", event.get(F_USER_AGENT));
        assertEquals("probe [REDACTED]", event.get(F_HEADER_PREFIX + "user-agent"));
        ActionEvent beacon = capture.beacon(Requests.get(EdgeProtocol.COLLECT_PATH).method("POST").build(), Map.of(
                "action", "login " + JWT,
                "properties", Map.of("link", "/m/" + JWT, "password", "hunter2", "nested", Map.of("list", List.of(JWT)))));
        assertEquals("login [REDACTED]", beacon.get(F_ACTION));
        assertEquals(Map.of("link", "/m/[REDACTED]", "password", "[REDACTED]", "nested", Map.of("list", List.of("[REDACTED]"))),
                beacon.get(F_PROPERTIES));
        assertFalse(beacon.toJson().contains("hunter2"));
    }

    @Test
    void privacySignalAlsoTruncatesAddressHeaderCopies() {
        ViewerRequest request = Requests.get("/").header("Sec-GPC", "1")
                .header("X-Forwarded-For", "203.0.113.77, 198.51.100.20")
                .header("X-Real-IP", "203.0.113.77")
                .header("CloudFront-Viewer-Address", "2001:db8:85a3:1:2:8a2e:370:7334:46532")
                .header("Forwarded", "for=203.0.113.77;proto=https").build();
        ActionEvent event = capture.capture(request, Mode.PROXY);
        assertEquals("203.0.113.0, 198.51.100.0", event.get(F_HEADER_PREFIX + "x-forwarded-for"));
        assertEquals("203.0.113.0", event.get(F_HEADER_PREFIX + "x-real-ip"));
        assertEquals("2001:db8:85a3:0:0:0:0:0", event.get(F_HEADER_PREFIX + "cloudfront-viewer-address"));
        assertEquals("for=203.0.113.0;proto=https", event.get(F_HEADER_PREFIX + "forwarded"));
        ActionEvent plain = capture.capture(Requests.get("/").header("X-Real-IP", "203.0.113.77").build(), Mode.PROXY);
        assertEquals("203.0.113.77", plain.get(F_HEADER_PREFIX + "x-real-ip"));
    }

    @Test
    void longUserIdIsTruncatedAlikeInTheHeaderCopy() {
        String id = "u".repeat(300);
        ActionEvent event = capture.capture(Requests.get("/").header("X-User-Id", id).build(), Mode.PROXY);
        assertEquals(Limits.truncate(id, Limits.MAX_ID), event.userId());
        assertEquals(event.userId(), event.get(F_HEADER_PREFIX + "x-user-id"));
    }

    @Test
    void charactersSqsRefusesAreEscapedInTheJson() throws Exception {
        ActionEvent beacon = capture.beacon(Requests.get(EdgeProtocol.COLLECT_PATH).method("POST").build(),
                Map.of("action", "a\uffff\ufffe\ud800x\udc00", "properties", Map.of("k", "\u0001\u001f")));
        String json = beacon.toJson();
        for (char c : json.toCharArray()) {
            assertTrue(c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD),
                    "character U+" + Integer.toHexString(c) + " in " + json);
        }
        assertTrue(json.contains("a\\uffff\\ufffe\\ud800x\\udc00"), json);
        assertEquals("a\uffff\ufffe\ud800x\udc00", EventCodec.decode(json).string(F_ACTION));
        assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void behindCloudFrontAddressAndCountryComeFromTheViewerFunctionHeadersAndTheRawAddressIsNotStored() {
        EventCapture trusted = new EventCapture(CaptureConfig.fromEnvironment(new Settings(Map.of(
                Env.TRUST_CLOUDFRONT_HEADERS, "true", SettingCatalog.ANONYMIZE_IP.env(), "true"))));
        ActionEvent event = trusted.capture(Requests.get("/").source("130.176.0.1")
                .header(EdgeProtocol.VIEWER_ADDRESS_HEADER, "203.0.113.77")
                .header(EdgeProtocol.VIEWER_COUNTRY_HEADER, "FR")
                .header("CloudFront-Viewer-Country", "ZZ")
                .header(EdgeProtocol.ORIGIN_SECRET_HEADER, "the-origin-secret").build(), Mode.PROXY);
        assertEquals("203.0.113.0", event.clientAddress());
        assertEquals("FR", event.get(F_COUNTRY));
        assertEquals(Redactor.REDACTED, event.get(F_HEADER_PREFIX + EdgeProtocol.VIEWER_ADDRESS_HEADER));
        assertEquals(Redactor.REDACTED, event.get(F_HEADER_PREFIX + EdgeProtocol.ORIGIN_SECRET_HEADER));
        assertFalse(event.toJson().contains("203.0.113.77"), event.toJson());
        assertFalse(event.toJson().contains("the-origin-secret"), event.toJson());
    }
}

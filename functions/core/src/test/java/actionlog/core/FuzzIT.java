package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

/**
 * Property-based fuzzing (jqwik, bounded tries): whatever a request holds, capture yields a bounded event that
 * decodes back and never stores a secret in clear; whatever a message holds, decoding either succeeds or names
 * the problem, never crashes.
 */
class FuzzIT {
    private final EventCapture capture = new EventCapture(CaptureConfig.defaults());

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(3000);
    }

    @Provide
    Arbitrary<Map<String, List<String>>> headers() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40);
        Arbitrary<List<String>> values = Arbitraries.strings().all().ofMaxLength(5000).list().ofMinSize(1).ofMaxSize(3);
        return Arbitraries.maps(name, values).ofMaxSize(300).map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<ViewerRequest> requests() {
        return Combinators.combine(
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(10),
                anyText(), anyText(), headers(), Arbitraries.longs().between(0, 10_000_000_000L))
                .as((method, path, query, headers, size) -> new ViewerRequest("id-1", 1_795_356_300_000L, method, "https",
                        "h", path, query, headers, "203.0.113.7", size));
    }

    @Property(tries = 300)
    void captureAlwaysYieldsABoundedDecodableEvent(@ForAll("requests") ViewerRequest request) throws Exception {
        ActionEvent event = capture.capture(request, Mode.PROXY);
        String json = event.toJson();
        assertTrue(json.getBytes(StandardCharsets.UTF_8).length < Limits.MAX_EVENT_JSON, "size " + json.length());
        assertSqsSafe(json);
        ActionEvent back = EventCodec.decode(json);
        assertEquals(event.id(), back.id());
        assertEquals(event.userId(), back.userId());
    }

    @Property(tries = 300)
    void secretsNeverReachTheEvent(@ForAll @AlphaChars @StringLength(min = 12, max = 40) String secret,
                                   @ForAll("requests") ViewerRequest base) {
        Map<String, List<String>> headers = new LinkedHashMap<>(base.headers());
        headers.put("authorization", List.of("Bearer " + secret));
        headers.put("cookie", List.of("session=" + secret + "; other=" + secret));
        headers.put("x-api-key", List.of(secret));
        String query = (base.rawQuery() == null ? "" : base.rawQuery().replace(secret, "")) + "&access_token=" + secret;
        ViewerRequest request = new ViewerRequest("id-2", 0, "GET", "https", "h", "/p", query, headers, "203.0.113.7", 0);
        String json = capture.capture(request, Mode.PROXY).toJson();
        assertFalse(json.contains(secret), "secret leaked");
    }

    /** SQS accepts #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF, surrogates only in pairs. */
    static void assertSqsSafe(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                i++;
                continue;
            }
            assertTrue(c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD),
                    "SQS refuses U+" + Integer.toHexString(c));
        }
    }

    @Property(tries = 1000)
    void decodingAnyTextNeverCrashes(@ForAll("anyText") String body) {
        try {
            EventCodec.decode(body);
        } catch (InvalidEventException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    @Property(tries = 500)
    void truncatedEventsAreRefusedWithAReason(@ForAll("requests") ViewerRequest request, @ForAll double cutAt) {
        String json = capture.capture(request, Mode.PROXY).toJson();
        int cut = (int) Math.floor(Math.abs(cutAt % 1.0) * json.length()); // always short of the closing brace
        InvalidEventException refused = assertThrows(InvalidEventException.class, () -> EventCodec.decode(json.substring(0, cut)));
        assertFalse(refused.getMessage().isBlank());
    }

    @Property(tries = 500)
    void mutatedEventsDecodeOrAreRefusedWithAReasonNeverAnotherFailure(@ForAll("requests") ViewerRequest request,
                                                                      @ForAll double cutAt, @ForAll char junk) {
        String json = capture.capture(request, Mode.PROXY).toJson();
        int cut = (int) Math.floor(Math.abs(cutAt % 1.0) * json.length());
        String mutated = json.substring(0, cut) + junk + json.substring(cut);
        try {
            ActionEvent decoded = EventCodec.decode(mutated);
            assertNotNull(decoded.string(ActionEvent.F_ID), "a decoded event still has its id");
        } catch (InvalidEventException refused) {
            assertFalse(refused.getMessage().isBlank());
        }
    }
}

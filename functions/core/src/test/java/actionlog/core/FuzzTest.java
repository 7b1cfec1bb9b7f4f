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
class FuzzTest {
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

    @Property(tries = 1000)
    void decodingAnyTextNeverCrashes(@ForAll("anyText") String body) {
        try {
            EventCodec.decode(body);
        } catch (InvalidEventException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    @Property(tries = 500)
    void truncatedOrMutatedEventsAreRefusedWithAReason(@ForAll("requests") ViewerRequest request,
                                                       @ForAll double cutAt, @ForAll char junk) {
        String json = capture.capture(request, Mode.PROXY).toJson();
        int cut = (int) Math.floor(Math.abs(cutAt % 1.0) * json.length());
        for (String broken : List.of(json.substring(0, cut), json.substring(0, cut) + junk + json.substring(cut))) {
            try {
                EventCodec.decode(broken);
            } catch (InvalidEventException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
    }
}

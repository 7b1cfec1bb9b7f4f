package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TraceContextTest {
    static final Pattern WELL_FORMED = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    @Test
    void aWellFormedTraceparentIsContinuedWithANewSpan() {
        TraceContext trace = TraceContext.continueFrom("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertTrue(trace.continued());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", trace.traceId());
        assertNotEquals("00f067aa0ba902b7", trace.spanId());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-" + trace.spanId() + "-01", trace.traceparent());
        assertEquals("00", TraceContext.continueFrom("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").flags());
        // a future version may carry more fields; its ids are still used
        assertTrue(TraceContext.continueFrom("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra").continued());
    }

    @Test
    void aMissingOrMalformedTraceparentStartsANewWellFormedTrace() {
        for (String bad : new String[] {null, "", "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"}) {
            TraceContext trace = TraceContext.continueFrom(bad);
            assertFalse(trace.continued(), String.valueOf(bad));
            assertTrue(WELL_FORMED.matcher(trace.traceparent()).matches(), trace.traceparent());
            assertEquals("01", trace.flags());
        }
        assertNotEquals(TraceContext.continueFrom(null).traceId(), TraceContext.continueFrom(null).traceId());
    }

    @Test
    void theForwardedRequestCarriesTheEdgesTraceparentAndTheEventItsIds() {
        ViewerRequest in = new ViewerRequest("r", 0, "GET", "https", "h", "/", null, Map.of(
                "traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "tracestate", List.of("rojo=1")), "1.2.3.4", 0);
        TraceContext trace = TraceContext.continueFrom(in.header("traceparent"));
        ViewerRequest out = trace.applyTo(in);
        assertEquals(List.of(trace.traceparent()), out.headers().get("traceparent"));
        assertEquals("rojo=1", out.header("tracestate"));
        ActionEvent event = new ActionEvent();
        trace.record(event);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", event.string("trace.id"));
        assertEquals(trace.spanId(), event.string("span.id"));
    }

    @Test
    void linksComeFromATemplate() {
        assertEquals("https://tempo.example.com/trace/abc", TraceContext.link("https://tempo.example.com/trace/{traceId}", "abc"));
        assertNull(TraceContext.link(null, "abc"));
        var e = assertThrows(IllegalArgumentException.class, () -> TraceContext.checkLinkTemplate("tempo/{traceId}"));
        assertTrue(e.getMessage().contains("must be an http(s) URL holding {traceId}"), e.getMessage());
    }
}

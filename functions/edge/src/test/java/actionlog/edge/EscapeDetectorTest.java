package actionlog.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import actionlog.core.Json;
import actionlog.core.Metrics;
import actionlog.core.ViewerRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscapeDetectorTest {
    private final List<String> lines = new ArrayList<>();
    private final EscapeDetector detector = new EscapeDetector(new ResponseRewriter(URI.create("http://app.internal:8080")), lines::add);
    private final ViewerRequest request = new ViewerRequest("id", 0, "POST", "https", "shop.example.com", "/login", "", Map.of(), "1.2.3.4", 0);

    @Test
    void aRedirectToTheOriginHostIsCountedWithAMetricAndOneWarning() {
        assertTrue(detector.check(request, new EdgeResponse(302, Map.of("location", List.of("https://app.internal/account")), null)));
        assertEquals(2, lines.size());
        Map<String, Object> metric = Json.readObject(lines.get(0));
        assertEquals(1, ((Number) metric.get(Metrics.ORIGIN_ESCAPES)).intValue());
        assertEquals("/login", metric.get("path"));
        assertTrue(lines.get(0).contains("\"CloudWatchMetrics\""), lines.get(0));
        assertTrue(lines.get(1).startsWith("WARN actionlog: the answer to POST /login sends the browser to the origin "
                + "(location: https://app.internal/account)"), lines.get(1));
        assertEquals(1, detector.count());
    }

    @Test
    void refreshCountsAndAnswersStayingOnTheEdgeDoNot() {
        assertTrue(detector.check(request, new EdgeResponse(200, Map.of("refresh", List.of("0; url=http://app.internal:81/")), null)));
        assertFalse(detector.check(request, new EdgeResponse(302, Map.of("location", List.of("https://shop.example.com/a")), null)));
        assertFalse(detector.check(request, new EdgeResponse(302, Map.of("location", List.of("/a")), null)));
        assertEquals(1, detector.count());
    }

    /** The sign-in of an app on 127.0.0.1:9000 behind the local edge on 127.0.0.1:18080: its redirects come back to the edge. */
    @Test
    void aRedirectToTheEdgeItselfIsNoEscapeWhereEdgeAndOriginShareAHost() {
        EscapeDetector local = new EscapeDetector(new ResponseRewriter(URI.create("http://127.0.0.1:9000")), lines::add);
        ViewerRequest signIn = new ViewerRequest("id", 0, "POST", "http", "127.0.0.1:18080", "/login", "", Map.of(), "127.0.0.1", 0);
        assertFalse(local.check(signIn, new EdgeResponse(302, Map.of("location", List.of("http://127.0.0.1:18080/")), null)));
        assertFalse(local.check(signIn, new EdgeResponse(200, Map.of("refresh", List.of("0; url=http://127.0.0.1:18080/a")), null)));
        assertEquals(List.of(), lines);
        assertTrue(local.check(signIn, new EdgeResponse(302, Map.of("location", List.of("http://127.0.0.1:9001/admin")), null)));
        assertEquals(2, lines.size(), "a real escape still warns");
        assertEquals(1, local.count());
    }
}

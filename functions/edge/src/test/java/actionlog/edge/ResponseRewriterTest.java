package actionlog.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseRewriterTest {
    private final ResponseRewriter rewriter = new ResponseRewriter(URI.create("http://app.internal:8080"));

    private EdgeResponse rewrite(Map<String, List<String>> headers) {
        return rewriter.rewrite(new EdgeResponse(302, headers, new byte[] {1, 2}), "https", "shop.example.com");
    }

    @Test
    void absoluteUrlsOnTheOriginMoveToTheViewer() {
        EdgeResponse out = rewrite(Map.of(
                "location", List.of("http://app.internal:8080/account?x=1#top"),
                "content-location", List.of("http://APP.internal:8080/doc"),
                "refresh", List.of("5; url=http://app.internal:8080/next")));
        assertEquals("https://shop.example.com/account?x=1#top", out.header("location"));
        assertEquals("https://shop.example.com/doc", out.header("content-location"));
        assertEquals("5; url=https://shop.example.com/next", out.header("refresh"));
        assertEquals(2, out.body().length, "bodies are never rewritten");
    }

    @Test
    void schemeRelativeAndDefaultPortsCount() {
        ResponseRewriter plain = new ResponseRewriter(URI.create("http://app.internal"));
        assertEquals("https://shop.example.com:8443/a", plain.url("http://app.internal:80/a", "https", "shop.example.com:8443"));
        assertEquals("//shop.example.com/a", rewriter.url("//app.internal:8080/a", "https", "shop.example.com"));
    }

    @Test
    void everythingElseIsLeftAlone() {
        Map<String, List<String>> headers = Map.of(
                "location", List.of("/relative/path"),
                "content-location", List.of("https://app.internal:8080/other-scheme"),
                "refresh", List.of("5"),
                "set-cookie", List.of("a=1; Domain=example.org; Path=/"));
        EdgeResponse out = rewrite(headers);
        assertEquals(headers, out.headers());
        assertEquals("http://elsewhere:8080/x", rewriter.url("http://elsewhere:8080/x", "https", "shop.example.com"));
        assertEquals("http://app.internal:9999/x", rewriter.url("http://app.internal:9999/x", "https", "shop.example.com"));
    }

    @Test
    void cookieDomainNamingTheOriginNamesTheViewer() {
        EdgeResponse out = rewrite(Map.of("set-cookie", List.of(
                "sid=abc; Domain=app.internal; Path=/; HttpOnly",
                "pref=1; domain=.APP.internal",
                "other=2; Path=/")));
        assertEquals(List.of("sid=abc; Domain=shop.example.com; Path=/; HttpOnly", "pref=1; domain=.shop.example.com",
                "other=2; Path=/"), out.headers().get("set-cookie"));
        assertEquals("a=1; Domain=127.0.0.1", new ResponseRewriter(URI.create("http://app.internal"))
                .cookie("a=1; Domain=app.internal", "127.0.0.1:18080"), "a cookie domain never has a port");
    }

    @Test
    void escapesAreThoseStillNamingTheOriginHost() {
        assertTrue(rewriter.leavesEdge("https://app.internal/login", "https", "shop.example.com"));
        assertTrue(rewriter.leavesEdge("//app.internal:8081/", "https", "shop.example.com"));
        assertTrue(rewriter.leavesEdge("http://u:p@APP.internal:8081/", "https", "shop.example.com"));
        assertFalse(rewriter.leavesEdge("/login", "https", "shop.example.com"));
        assertFalse(rewriter.leavesEdge("https://shop.example.com/login", "https", "shop.example.com"));
    }

    /** Locally edge and origin share 127.0.0.1 on different ports: only the port tells a redirect to the edge from an escape. */
    @Test
    void aUrlOfTheEdgeItselfIsNoEscapeWhereEdgeAndOriginShareAHost() {
        ResponseRewriter local = new ResponseRewriter(URI.create("http://127.0.0.1:9000"));
        assertFalse(local.leavesEdge("http://127.0.0.1:18080/", "http", "127.0.0.1:18080"));
        assertFalse(local.leavesEdge("//127.0.0.1:18080/account", "http", "127.0.0.1:18080"));
        assertTrue(local.leavesEdge("http://127.0.0.1:9000/account", "http", "127.0.0.1:18080"), "the origin's own port");
        assertTrue(local.leavesEdge("http://127.0.0.1:9001/", "http", "127.0.0.1:18080"), "another port of that host");
        assertTrue(local.leavesEdge("https://127.0.0.1:18080/", "http", "127.0.0.1:18080"), "the edge's port, another scheme");
        assertTrue(local.leavesEdge("http://127.0.0.1/", "http", "127.0.0.1:18080"), "the scheme's default port");
        ResponseRewriter standard = new ResponseRewriter(URI.create("https://127.0.0.1:8443"));
        assertFalse(standard.leavesEdge("https://127.0.0.1/", "https", "127.0.0.1"), "default port on both sides");
        assertFalse(standard.leavesEdge("https://127.0.0.1:443/", "https", "127.0.0.1"), "explicit and default port are one");
    }
}

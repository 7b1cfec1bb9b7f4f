package actionlog.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import actionlog.core.Env;
import actionlog.core.SettingCatalog;
import actionlog.testkit.TestOrigin;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy behind a Function URL, against a loopback origin that builds absolute URLs from the Host it receives. */
class OriginProxyTest extends EdgeTestBase {
    private static APIGatewayV2HTTPEvent get(String path, String query) {
        APIGatewayV2HTTPEvent event = fixture("function-url-post.json");
        event.getRequestContext().getHttp().setMethod("GET");
        event.setRawPath(path);
        event.setRawQueryString(query);
        event.setBody(null);
        event.setIsBase64Encoded(false);
        event.getHeaders().put("host", "abcdefgh.lambda-url.eu-west-3.on.aws");
        event.getHeaders().put("x-forwarded-host", "shop.example.com"); // the distribution's viewer-request function
        return event;
    }

    @Test
    void anyTargetTheViewerSentReachesTheOriginByteForByte() {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url());
        APIGatewayV2HTTPEvent event = get("/a/\"quoted\"/[x]/caf\u00e9", "x=|{}^&y=a\\b`c&z=%7C%zz&s=caf\u00e9");
        APIGatewayV2HTTPResponse response = edge.handle(event).response();
        assertEquals(200, response.getStatusCode(), response.getBody());
        TestOrigin.Received got = origin.received.poll();
        assertEquals("/a/\"quoted\"/[x]/caf\u00e9", new String(got.path().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        assertEquals("x=|{}^&y=a\\b`c&z=%7C%zz&s=caf\u00e9",
                new String(got.query().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        assertEquals("/a/%22quoted%22/%5Bx%5D/caf%C3%A9", sender.events.get(0).get(actionlog.core.ActionEvent.F_PATH),
                "recorded percent-encoded where a URL may not hold the raw bytes");
    }

    @Test
    void theOriginGetsTheViewersHostByDefaultAndForwardingHeadersOnce() {
        // behind CloudFront: its headers are trusted on requests that carry the origin secret (the fixture does)
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url(), Env.TRUST_CLOUDFRONT_HEADERS, "true", "SECRET", "right-secret");
        APIGatewayV2HTTPEvent event = get("/login", null);
        event.getRequestContext().getHttp().setMethod("POST");
        event.setBody("user=alice");
        APIGatewayV2HTTPResponse response = edge.handle(event).response();
        assertEquals(302, response.getStatusCode());
        assertEquals("http://shop.example.com/account", response.getHeaders().get("location"),
                "the origin built it from the viewer's host; the scheme is the origin's own business");
        assertEquals(List.of("sid=alice; Domain=shop.example.com; Path=/; HttpOnly"), response.getCookies().subList(0, 1));
        assertTrue(response.getCookies().get(1).startsWith("actionlog_bid="), "the edge's own browser cookie, after the origin's");
        TestOrigin.Received got = origin.received.poll();
        assertEquals(List.of("shop.example.com"), got.headers().get("Host"));
        assertEquals(List.of("203.0.113.7, 130.176.0.1"), got.headers().get("X-forwarded-for"));
        assertEquals(List.of("shop.example.com"), got.headers().get("X-forwarded-host"));
        assertEquals(List.of("https"), got.headers().get("X-forwarded-proto"));
        assertEquals(List.of("for=203.0.113.7, for=130.176.0.1;host=shop.example.com;proto=https"), got.headers().get("Forwarded"));
    }

    @Test
    void withTheOriginsHostItsSelfReferencesAreRewrittenToTheViewer() {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url(), SettingCatalog.ORIGIN_HOST.env(), "origin",
                Env.TRUST_CLOUDFRONT_HEADERS, "true", "SECRET", "right-secret");
        APIGatewayV2HTTPEvent event = get("/login", null);
        event.getRequestContext().getHttp().setMethod("POST");
        event.setBody("user=alice");
        APIGatewayV2HTTPResponse response = edge.handle(event).response();
        assertEquals(302, response.getStatusCode());
        assertEquals("https://shop.example.com/account", response.getHeaders().get("location"));
        assertEquals(List.of("sid=alice; Domain=shop.example.com; Path=/; HttpOnly"), response.getCookies().subList(0, 1));
        assertTrue(response.getCookies().get(1).startsWith("actionlog_bid="), "the edge's own browser cookie, after the origin's");
        assertEquals(List.of(origin.url().substring("http://".length())), origin.received.poll().headers().get("Host"));

        APIGatewayV2HTTPResponse refresh = edge.handle(get("/refresh", null)).response();
        assertEquals("0; url=https://shop.example.com/account", refresh.getHeaders().get("refresh"));
        assertEquals("https://shop.example.com/refresh.html", refresh.getHeaders().get("content-location"));
    }

    @Test
    void headKeepsTheOriginsContentLengthAndBodilessRequestsHaveNoContentLength() {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url());
        APIGatewayV2HTTPEvent head = get("/range", null);
        head.getRequestContext().getHttp().setMethod("HEAD");
        APIGatewayV2HTTPResponse response = edge.handle(head).response();
        assertEquals(200, response.getStatusCode());
        assertEquals(String.valueOf(TestOrigin.RANGE_BODY.length), response.getHeaders().get("content-length"));
        assertEquals("", response.getBody());
        TestOrigin.Received got = origin.received.poll();
        assertEquals("HEAD", got.method());
        assertNull(got.headers().get("Content-length"), "no Content-Length: 0 on a request without a body");
        assertNull(got.headers().get("Transfer-encoding"));
    }

    @Test
    void rangeGzipAndNotModifiedPassUnchanged() throws Exception {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url());
        APIGatewayV2HTTPEvent range = get("/range", null);
        range.getHeaders().put("range", "bytes=2-5");
        APIGatewayV2HTTPResponse partial = edge.handle(range).response();
        assertEquals(206, partial.getStatusCode());
        assertEquals("2345", partial.getBody());
        assertEquals("bytes 2-5/36", partial.getHeaders().get("content-range"));

        APIGatewayV2HTTPResponse gzip = edge.handle(get("/gzip", null)).response();
        assertEquals("gzip", gzip.getHeaders().get("content-encoding"));
        byte[] zipped = Base64.getDecoder().decode(gzip.getBody());
        assertEquals("compressed hello ".repeat(50), new String(new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(zipped)).readAllBytes(), StandardCharsets.UTF_8));

        APIGatewayV2HTTPEvent etag = get("/etag", null);
        etag.getHeaders().put("if-none-match", "\"v1\"");
        APIGatewayV2HTTPResponse notModified = edge.handle(etag).response();
        assertEquals(304, notModified.getStatusCode());
        assertEquals("", notModified.getBody());
        assertFalse(notModified.getHeaders().containsKey("content-length"));
    }
}

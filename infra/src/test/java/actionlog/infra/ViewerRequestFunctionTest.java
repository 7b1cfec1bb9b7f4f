package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.EdgeProtocol;
import actionlog.core.Json;
import actionlog.testkit.EnabledIfOnPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the CloudFront viewer-request function's JavaScript, exactly as the stack deploys it, with Node on a
 * CloudFront Functions event (runtime 2.0 shape).
 */
@EnabledIfOnPath(value = "node", install = "npm ci, which the build runs, puts the pinned Node.js in node_modules/.bin")
class ViewerRequestFunctionTest {
    static Path harness;

    @BeforeAll
    static void writeHarness() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "viewer-request"));
        harness = dir.resolve("run.js");
        Files.writeString(harness, ViewerRequestCode.source()
                + "\nvar input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
                + "process.stdout.write(JSON.stringify(handler(input)));\n");
    }

    static Map<String, Object> event(String viewerIp, Map<String, String> headers) {
        Map<String, Object> h = new LinkedHashMap<>();
        headers.forEach((name, value) -> h.put(name, Map.of("value", value)));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "POST");
        request.put("uri", "/orders");
        request.put("querystring", Map.of());
        request.put("headers", h);
        request.put("cookies", Map.of());
        return Map.of("version", "1.0", "context", Map.of("eventType", "viewer-request"),
                "viewer", Map.of("ip", viewerIp), "request", request);
    }

    /** The request the function returns, as headers name → value. */
    @SuppressWarnings("unchecked")
    static Map<String, String> run(Map<String, Object> event) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", harness.toString()).redirectErrorStream(true).start();
        node.getOutputStream().write(Json.write(event).getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node did not finish");
        assertEquals(0, node.exitValue(), out);
        Map<String, Object> request = Json.readObject(out);
        Map<String, String> headers = new LinkedHashMap<>();
        ((Map<String, Object>) request.get("headers")).forEach((name, value) ->
                headers.put(name, (String) ((Map<String, Object>) value).get("value")));
        assertEquals("/orders", request.get("uri"));
        assertEquals("POST", request.get("method"));
        return headers;
    }

    @Test
    void aForgedViewerAddressIsOverwrittenWithTheAddressCloudFrontSaw() throws Exception {
        Map<String, String> headers = run(event("198.51.100.7", Map.of(
                "host", "shop.example.com",
                EdgeProtocol.VIEWER_ADDRESS_HEADER, "6.6.6.6",
                "x-forwarded-for", "6.6.6.6")));
        assertEquals("198.51.100.7", headers.get(EdgeProtocol.VIEWER_ADDRESS_HEADER));
        assertEquals("shop.example.com", headers.get("x-forwarded-host"));
        assertEquals("shop.example.com", headers.get("host"));
        assertEquals("6.6.6.6", headers.get("x-forwarded-for"), "other headers pass unchanged");
    }

    @Test
    void anIpv6ViewerIsWrittenWhole() throws Exception {
        assertEquals("2001:db8::7", run(event("2001:db8::7", Map.of("host", "shop.example.com")))
                .get(EdgeProtocol.VIEWER_ADDRESS_HEADER));
    }

    @Test
    void aClientsForwardedHostIsReplacedByTheViewersHost() throws Exception {
        Map<String, String> headers = run(event("198.51.100.7", Map.of("host", "shop.example.com", "x-forwarded-host", "evil.example")));
        assertEquals("shop.example.com", headers.get("x-forwarded-host"));
    }

    @Test
    void theCountryComesOnlyFromCloudFrontsHeader() throws Exception {
        Map<String, String> forged = run(event("198.51.100.7", Map.of("host", "shop.example.com", EdgeProtocol.VIEWER_COUNTRY_HEADER, "ZZ")));
        assertNull(forged.get(EdgeProtocol.VIEWER_COUNTRY_HEADER), forged.toString());
        Map<String, String> provided = run(event("198.51.100.7", Map.of("host", "shop.example.com",
                "cloudfront-viewer-country", "FR", EdgeProtocol.VIEWER_COUNTRY_HEADER, "ZZ")));
        assertEquals("FR", provided.get(EdgeProtocol.VIEWER_COUNTRY_HEADER));
        Map<String, String> garbage = run(event("198.51.100.7", Map.of("host", "shop.example.com",
                "cloudfront-viewer-country", "<script>")));
        assertNull(garbage.get(EdgeProtocol.VIEWER_COUNTRY_HEADER));
        assertEquals(List.of(), List.copyOf(garbage.keySet()).stream().filter(h -> h.startsWith("x-actionlog-viewer-country")).toList());
    }
}

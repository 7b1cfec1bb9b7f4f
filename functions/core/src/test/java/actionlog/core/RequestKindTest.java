package actionlog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Classification on the header sets real clients send: Chromium, Firefox, Safari 17 (with Fetch Metadata) and 15 (without), curl 8, fetch/XHR. */
class RequestKindTest {
    static final String CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    static final String FIREFOX_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    static final String SAFARI_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15";
    static final String OLD_SAFARI_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1";

    static String kind(String method, String path, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) map.put(headers[i], List.of(headers[i + 1]));
        return RequestKind.of(new ViewerRequest("r", 0, method, "https", "shop.example", path, null, map, "203.0.113.7", 0));
    }

    @Test
    void chromium() {
        assertEquals("navigation", kind("GET", "/products/1", "user-agent", CHROME_UA,
                "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
                "sec-fetch-dest", "document", "sec-fetch-mode", "navigate", "sec-fetch-site", "none", "sec-fetch-user", "?1",
                "upgrade-insecure-requests", "1"));
        assertEquals("form_submit", kind("POST", "/login", "user-agent", CHROME_UA,
                "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8",
                "content-type", "application/x-www-form-urlencoded", "origin", "https://shop.example",
                "sec-fetch-dest", "document", "sec-fetch-mode", "navigate", "sec-fetch-site", "same-origin", "sec-fetch-user", "?1"));
        assertEquals("asset", kind("GET", "/img/beans", "user-agent", CHROME_UA,
                "accept", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
                "sec-fetch-dest", "image", "sec-fetch-mode", "no-cors", "sec-fetch-site", "same-origin"));
        assertEquals("asset", kind("GET", "/static/app.js", "user-agent", CHROME_UA, "accept", "*/*",
                "sec-fetch-dest", "script", "sec-fetch-mode", "no-cors", "sec-fetch-site", "same-origin"));
        assertEquals("asset", kind("GET", "/fonts/inter", "user-agent", CHROME_UA, "accept", "*/*", "origin", "https://shop.example",
                "sec-fetch-dest", "font", "sec-fetch-mode", "cors", "sec-fetch-site", "same-origin"));
        assertEquals("navigation", kind("GET", "/embed/map", "user-agent", CHROME_UA, "accept", "text/html,*/*;q=0.8",
                "sec-fetch-dest", "iframe", "sec-fetch-mode", "navigate", "sec-fetch-site", "same-origin"));
        // navigator.sendBeacon('/track', 'clicked'): a no-cors POST with a text body
        assertEquals("beacon", kind("POST", "/track", "user-agent", CHROME_UA, "accept", "*/*",
                "content-type", "text/plain;charset=UTF-8", "sec-fetch-dest", "empty", "sec-fetch-mode", "no-cors",
                "sec-fetch-site", "same-origin"));
        // <a ping="/ping">
        assertEquals("beacon", kind("POST", "/ping", "user-agent", CHROME_UA, "content-type", "text/ping",
                "ping-from", "https://shop.example/", "ping-to", "https://elsewhere.example/", "sec-fetch-dest", "empty",
                "sec-fetch-mode", "no-cors"));
    }

    /**
     * The headers headless Chromium 156 (Debian) sent for one page: the page, its stylesheet, script, image and
     * favicon, a fetch, an XHR, a navigator.sendBeacon and a form POST.
     */
    @Test
    void chromiumRecorded() {
        assertEquals("navigation", kind("GET", "/", "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", "sec-fetch-mode", "navigate", "sec-fetch-user", "?1", "sec-fetch-dest", "document"));
        assertEquals("asset", kind("GET", "/s.css", "accept", "text/css,*/*;q=0.1", "sec-fetch-mode", "no-cors", "sec-fetch-dest", "style"));
        assertEquals("asset", kind("GET", "/a.js", "accept", "*/*", "sec-fetch-mode", "no-cors", "sec-fetch-dest", "script"));
        assertEquals("asset", kind("GET", "/i.png", "accept", "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", "sec-fetch-mode", "no-cors", "sec-fetch-dest", "image"));
        assertEquals("api", kind("GET", "/api/x", "accept", "*/*", "sec-fetch-mode", "cors", "sec-fetch-dest", "empty"));
        assertEquals("api", kind("GET", "/api/xhr", "accept", "*/*", "sec-fetch-mode", "cors", "sec-fetch-dest", "empty"));
        assertEquals("asset", kind("GET", "/favicon.ico", "accept", "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", "sec-fetch-mode", "no-cors", "sec-fetch-dest", "image"));
        assertEquals("beacon", kind("POST", "/beacon", "content-type", "text/plain;charset=UTF-8", "accept", "*/*", "sec-fetch-mode", "no-cors", "sec-fetch-dest", "empty"));
        assertEquals("form_submit", kind("POST", "/login", "content-type", "application/x-www-form-urlencoded", "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", "sec-fetch-mode", "navigate", "sec-fetch-dest", "document"));
    }

    @Test
    void fetchAndXhr() {
        assertEquals("api", kind("GET", "/api/cart", "user-agent", CHROME_UA, "accept", "*/*",
                "sec-fetch-dest", "empty", "sec-fetch-mode", "cors", "sec-fetch-site", "same-origin"));
        assertEquals("api", kind("DELETE", "/orders/42", "user-agent", FIREFOX_UA, "accept", "application/json",
                "sec-fetch-dest", "empty", "sec-fetch-mode", "same-origin", "sec-fetch-site", "same-origin"));
        assertEquals("api", kind("POST", "/orders", "user-agent", CHROME_UA, "accept", "application/json, text/javascript, */*; q=0.01",
                "content-type", "application/json", "x-requested-with", "XMLHttpRequest", "sec-fetch-dest", "empty",
                "sec-fetch-mode", "cors", "sec-fetch-site", "same-origin"));
        // jQuery XHR from a browser without Fetch Metadata
        assertEquals("api", kind("GET", "/api/stock", "user-agent", OLD_SAFARI_UA, "accept", "application/json, text/javascript, */*; q=0.01",
                "x-requested-with", "XMLHttpRequest"));
    }

    @Test
    void firefox() {
        assertEquals("navigation", kind("GET", "/", "user-agent", FIREFOX_UA,
                "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "sec-fetch-dest", "document", "sec-fetch-mode", "navigate", "sec-fetch-site", "none", "sec-fetch-user", "?1"));
        assertEquals("asset", kind("GET", "/style", "user-agent", FIREFOX_UA, "accept", "text/css,*/*;q=0.1",
                "sec-fetch-dest", "style", "sec-fetch-mode", "no-cors", "sec-fetch-site", "same-origin"));
        assertEquals("form_submit", kind("POST", "/orders", "user-agent", FIREFOX_UA,
                "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "content-type", "multipart/form-data; boundary=---------------------------1", "sec-fetch-dest", "document",
                "sec-fetch-mode", "navigate", "sec-fetch-site", "same-origin", "sec-fetch-user", "?1"));
    }

    @Test
    void safari() {
        // Safari 16.4+ sends Sec-Fetch-Dest/-Mode/-Site (no Sec-Fetch-User)
        assertEquals("navigation", kind("GET", "/products/2", "user-agent", SAFARI_UA,
                "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "sec-fetch-dest", "document", "sec-fetch-mode", "navigate", "sec-fetch-site", "same-origin"));
        assertEquals("asset", kind("GET", "/img/grinder", "user-agent", SAFARI_UA,
                "accept", "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
                "sec-fetch-dest", "image", "sec-fetch-mode", "no-cors", "sec-fetch-site", "same-origin"));
        // Safari 15: no Fetch Metadata; Accept and the extension decide
        assertEquals("navigation", kind("GET", "/products/2", "user-agent", OLD_SAFARI_UA,
                "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertEquals("asset", kind("GET", "/img/grinder", "user-agent", OLD_SAFARI_UA,
                "accept", "image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5"));
        assertEquals("asset", kind("GET", "/static/app.css", "user-agent", OLD_SAFARI_UA, "accept", "text/css,*/*;q=0.1"));
        assertEquals("asset", kind("GET", "/static/app.js", "user-agent", OLD_SAFARI_UA, "accept", "*/*"));
        assertEquals("form_submit", kind("POST", "/login", "user-agent", OLD_SAFARI_UA,
                "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "content-type", "application/x-www-form-urlencoded"));
    }

    @Test
    void curl() {
        assertEquals("api", kind("GET", "/orders/42", "user-agent", "curl/8.5.0", "accept", "*/*"));
        assertEquals("api", kind("POST", "/orders", "user-agent", "curl/8.5.0", "accept", "*/*",
                "content-type", "application/x-www-form-urlencoded"));
        assertEquals("asset", kind("GET", "/logo.PNG", "user-agent", "curl/8.5.0", "accept", "*/*"));
        assertEquals("api", kind("GET", "/v1.2/orders", "user-agent", "curl/8.5.0", "accept", "*/*"), "a dot in a directory is no extension");
    }

    @Test
    void theCollectEndpointIsABeaconAndTheEventCarriesTheKind() {
        assertEquals("beacon", kind("POST", EdgeProtocol.COLLECT_PATH, "content-type", "application/json"));
        ViewerRequest request = new ViewerRequest("r", 0, "GET", "https", "shop.example", "/", null,
                Map.of("sec-fetch-dest", List.of("document"), "sec-fetch-mode", List.of("navigate")), "203.0.113.7", 0);
        ActionEvent event = new EventCapture(CaptureConfig.defaults()).capture(request, Mode.PROXY);
        assertEquals("navigation", event.string(ActionEvent.F_REQUEST_KIND));
        // an event stored before kinds existed is classified from its stored headers
        ActionEvent old = new ActionEvent().put(ActionEvent.F_METHOD, "GET").put(ActionEvent.F_PATH, "/a.js")
                .put(ActionEvent.F_HEADER_PREFIX + "sec-fetch-dest", "script");
        assertEquals("asset", RequestKind.of(old));
    }
}

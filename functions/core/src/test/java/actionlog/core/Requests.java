package actionlog.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds requests for tests: {@code Requests.get("/p").header("a", "b").build()}. */
final class Requests {
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private String method = "GET";
    private String path = "/";
    private String query = "";
    private String source = "198.51.100.20";
    private long bodySize;

    static Requests get(String path) {
        Requests r = new Requests();
        r.path = path;
        return r;
    }

    Requests method(String m) { method = m; return this; }
    Requests query(String q) { query = q; return this; }
    Requests source(String ip) { source = ip; return this; }
    Requests body(long size) { bodySize = size; return this; }

    Requests header(String name, String value) {
        headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
        return this;
    }

    ViewerRequest build() {
        return new ViewerRequest("req-1", 1_763_780_000_000L, method, "https", "shop.example.com", path, query, headers, source, bodySize);
    }
}

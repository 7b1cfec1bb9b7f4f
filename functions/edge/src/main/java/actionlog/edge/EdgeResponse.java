package actionlog.edge;

import actionlog.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge's answer, independent of the transport that carries it (a Function URL, an HTTP API, the local HTTP
 * adapter). Header names are lower-case; a header may repeat (several {@code set-cookie} values stay separate).
 */
public record EdgeResponse(int status, Map<String, List<String>> headers, byte[] body) {
    private static final String TEXT = "text/plain; charset=utf-8";

    public EdgeResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static EdgeResponse empty(int status) {
        return new EdgeResponse(status, Map.of(), new byte[0]);
    }

    public static EdgeResponse text(int status, String message) {
        return new EdgeResponse(status, Map.of("content-type", List.of(TEXT)), message.getBytes(StandardCharsets.UTF_8));
    }

    public static EdgeResponse json(int status, Map<String, ?> body) {
        return new EdgeResponse(status, Map.of("content-type", List.of("application/json")),
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** This response with single-valued headers added (replacing any of the same name). */
    public EdgeResponse withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) return this;
        Map<String, List<String>> merged = new LinkedHashMap<>(headers);
        extra.forEach((name, value) -> merged.put(name, List.of(value)));
        return new EdgeResponse(status, merged, body);
    }
}

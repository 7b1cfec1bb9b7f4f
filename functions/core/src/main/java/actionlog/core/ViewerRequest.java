package actionlog.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request as the edge saw it, independent of the event format it came in (Lambda payload 2.0 or the local
 * HTTP adapter). Header names are lower-case; a header may repeat.
 */
public record ViewerRequest(
        String requestId,
        long receivedAtMs,
        String method,
        String scheme,
        String host,
        String path,
        String rawQuery,
        Map<String, List<String>> headers,
        String sourceIp,
        long bodySize) {

    public ViewerRequest {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>())
                    .addAll(v == null ? List.of() : v));
        }
        headers = lower;
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = values(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a header joined as HTTP allows, or null. */
    public String joined(String name) {
        List<String> values = values(name);
        if (values == null || values.isEmpty()) return null;
        return String.join(name.equalsIgnoreCase("cookie") ? "; " : ", ", values);
    }

    /** A header's values by its name in any case; the capture path asks by lower-case constants: one lookup then. */
    private List<String> values(String name) {
        List<String> values = headers.get(name);
        if (values != null) return values;
        String lower = name.toLowerCase(Locale.ROOT);
        return lower == name ? null : headers.get(lower); // toLowerCase hands back the same instance when nothing changes
    }

    /** The value of the first cookie of that name (case-sensitive) in the Cookie headers, as {@link Cookies} reads them; or null. */
    public String cookie(String name) {
        return Cookies.value(Cookies.of(this), name);
    }
}

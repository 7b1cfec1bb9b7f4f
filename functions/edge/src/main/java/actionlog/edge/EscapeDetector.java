package actionlog.edge;

import actionlog.core.Limits;
import actionlog.core.Metrics;
import actionlog.core.ViewerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Notices answers that would still send the browser to the origin's host after {@link ResponseRewriter} ran
 * ({@code Location}, {@code Refresh}, {@code Content-Location}) at an address that is not the edge's own (scheme,
 * host and port compared with the request's): the browser would leave the edge and nothing it does next would be
 * recorded. Each one writes a CloudWatch metric ({@value Metrics#ORIGIN_ESCAPES}, Embedded Metric
 * Format) and one warning line naming the path, to the function's log (or the terminal of {@code ./actionlog local}).
 */
public final class EscapeDetector {
    private final ResponseRewriter origin;
    private final Consumer<String> out;
    private final AtomicLong count = new AtomicLong();

    public EscapeDetector(ResponseRewriter origin, Consumer<String> out) {
        this.origin = origin;
        this.out = out;
    }

    /** Checks an answer already rewritten; returns whether it escapes. */
    public boolean check(ViewerRequest request, EdgeResponse response) {
        String header = null;
        String target = null;
        for (String name : List.of("location", "refresh", "content-location")) {
            String value = response.header(name);
            if (value == null) continue;
            String url = name.equals("refresh") ? ResponseRewriter.refreshUrl(value) : value;
            if (url != null && origin.leavesEdge(url, request.scheme(), request.host())) {
                header = name;
                target = url;
                break;
            }
        }
        if (header == null) return false;
        count.incrementAndGet();
        String path = Limits.truncate(request.path(), 512);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", path);
        fields.put("header", header);
        out.accept(Emf.line(Metrics.ORIGIN_ESCAPES, Map.of(), fields));
        out.accept("WARN actionlog: the answer to " + request.method() + " " + path + " sends the browser to the origin ("
                + header + ": " + Limits.truncate(target, 512) + "), where its next requests are not recorded; let the "
                + "origin receive the viewer's Host (originHost=viewer) or make it build URLs from X-Forwarded-Host");
        return true;
    }

    public long count() {
        return count.get();
    }
}

package actionlog.edge;

import actionlog.core.Json;
import actionlog.core.Limits;
import actionlog.core.Metrics;
import actionlog.core.ViewerRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Notices answers that would still send the browser to the origin's host after {@link ResponseRewriter} ran
 * ({@code Location}, {@code Refresh}, {@code Content-Location}) at an address that is not the edge's own (scheme,
 * host and port compared with the request's): the browser would leave the edge and nothing it does next would be
 * recorded. Each one writes a CloudWatch metric ({@value Names#ESCAPE_METRIC}, Embedded Metric
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

    public static Consumer<String> stdout() {
        return line -> {
            synchronized (System.out) {
                System.out.println(line);
            }
        };
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
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("_aws", Map.of(
                "Timestamp", Instant.now().toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", Metrics.NAMESPACE,
                        "Dimensions", List.of(List.of()),
                        "Metrics", List.of(Map.of("Name", Metrics.ORIGIN_ESCAPES, "Unit", "Count"))))));
        metric.put(Metrics.ORIGIN_ESCAPES, 1);
        metric.put("path", path);
        metric.put("header", header);
        out.accept(Json.write(metric));
        out.accept("WARN actionlog: the answer to " + request.method() + " " + path + " sends the browser to the origin ("
                + header + ": " + Limits.truncate(target, 512) + "), where its next requests are not recorded; let the "
                + "origin receive the viewer's Host (originHost=viewer) or make it build URLs from X-Forwarded-Host");
        return true;
    }

    public long count() {
        return count.get();
    }
}

package actionlog.edge;

import actionlog.core.Metrics;
import actionlog.core.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where an event goes when SQS cannot take it: one structured JSON line in the function's log. The line is
 * also a CloudWatch Embedded Metric Format record, so {@code actionlog/FallbackEvents} counts it with no API
 * call, and {@code actionlog recover} re-ingests the event from the line.
 */
public final class FallbackSink {
    public static final String MARKER_KEY = "actionlog";
    public static final String MARKER_VALUE = "fallback";
    public static final String METRIC = Metrics.FALLBACK_EVENTS;
    public static final String NAMESPACE = Metrics.NAMESPACE;

    private final Consumer<String> out;
    private final AtomicLong count = new AtomicLong();

    public FallbackSink(Consumer<String> out) {
        this.out = out;
    }

    public static FallbackSink stdout() {
        return new FallbackSink(line -> {
            synchronized (System.out) {
                System.out.println(line);
            }
        });
    }

    public void write(String eventJson, String reason) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of(
                "Timestamp", Instant.now().toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of()),
                        "Metrics", List.of(Map.of("Name", METRIC, "Unit", "Count"))))));
        line.put(METRIC, 1);
        line.put(MARKER_KEY, MARKER_VALUE);
        line.put("reason", reason);
        line.put("event", Json.readObject(eventJson));
        out.accept(Json.write(line));
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }
}

package actionlog.edge;

import actionlog.core.Json;
import actionlog.core.Metrics;
import java.util.LinkedHashMap;
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

    /** The {@link Metrics#STACK_DIMENSION} value outside a deployed stack. */
    public static final String LOCAL_STACK = "local";

    private final Consumer<String> out;
    private final String stack;
    private final AtomicLong count = new AtomicLong();

    public FallbackSink(Consumer<String> out) {
        this(out, LOCAL_STACK);
    }

    /** @param stack the stack the metric is counted for (its alarm filters on it) */
    public FallbackSink(Consumer<String> out, String stack) {
        this.out = out;
        this.stack = stack;
    }

    public static FallbackSink stdout() {
        return stdout(LOCAL_STACK);
    }

    public static FallbackSink stdout(String stack) {
        return new FallbackSink(Emf.STDOUT, stack);
    }

    public void write(String eventJson, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(MARKER_KEY, MARKER_VALUE);
        fields.put("reason", reason);
        Object event;
        try {
            event = Json.readObject(eventJson);
        } catch (RuntimeException e) { // never lose the line: keep the text as a string (escaped like any JSON string)
            event = eventJson;
        }
        fields.put("event", event);
        out.accept(Emf.line(METRIC, Map.of(Metrics.STACK_DIMENSION, stack), fields));
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }
}

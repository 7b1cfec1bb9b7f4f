package actionlog.edge;

import actionlog.core.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts the requests the edge refuses for lacking the origin secret: one Embedded Metric Format line each
 * ({@code actionlog/RefusedCalls}, dimension {@code Stack}, which the RefusedCalls alarm watches), naming the address
 * that called. Behind CloudFront viewers never get this 403, so every line is a direct call to the public Function URL
 * (billed like any invocation) or CloudFront sending a secret the edge does not accept.
 */
public final class RefusedCalls {
    private final Consumer<String> out;
    private final String stack;
    private final AtomicLong count = new AtomicLong();

    /** @param stack the stack the metric is counted for (its alarm filters on it) */
    public RefusedCalls(Consumer<String> out, String stack) {
        this.out = out;
        this.stack = stack;
    }

    /** Lines to the function's log. */
    public static RefusedCalls stdout(String stack) {
        return new RefusedCalls(Emf.STDOUT, stack);
    }

    /** @param source the address the call came from, as Lambda saw it (null when unknown) */
    void count(String source) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (source != null) fields.put("source", source);
        out.accept(Emf.line(Metrics.REFUSED_CALLS, Map.of(Metrics.STACK_DIMENSION, stack), fields));
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }
}

package actionlog.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CloudWatch metrics the functions emit (Embedded Metric Format) and the alarms of the CDK app watch. */
public final class Metrics {
    private Metrics() {}

    public static final String NAMESPACE = "actionlog";
    /** Events the edge wrote to its fallback sink because SQS did not take them. */
    public static final String FALLBACK_EVENTS = "FallbackEvents";
    /** Responses that still point the browser at the origin's own host after the edge's rewrites. */
    public static final String ORIGIN_ESCAPES = "OriginEscapes";
    /**
     * Requests the edge refused with 403 because they lacked the origin secret: direct calls to the public Function
     * URL that bypass CloudFront (each one a billed invocation), or CloudFront sending a value the edge does not accept.
     */
    public static final String REFUSED_CALLS = "RefusedCalls";
    /**
     * Archive rows Firehose did not take even after the archive function's retries: the stream then hands those records
     * to the function again; if the failure lasts, the alarm says to run {@code actionlog archive backfill}.
     */
    public static final String ARCHIVE_DELIVERY_FAILURES = "ArchiveDeliveryFailures";
    /** Dimension of {@link #FALLBACK_EVENTS} and {@link #REFUSED_CALLS}: the stack the edge belongs to, so two stacks never share an alarm. */
    public static final String STACK_DIMENSION = "Stack";

    /**
     * One Embedded Metric Format record (a JSON log line CloudWatch turns into a metric, no API call): {@code metric}
     * = {@code value} in {@link #NAMESPACE}, with the {@link #STACK_DIMENSION} dimension, plus {@code fields}.
     */
    public static Map<String, Object> emf(String metric, long value, String stack, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", System.currentTimeMillis(), "CloudWatchMetrics", List.of(Map.of(
                "Namespace", NAMESPACE,
                "Dimensions", List.of(List.of(STACK_DIMENSION)),
                "Metrics", List.of(Map.of("Name", metric, "Unit", "Count"))))));
        line.put(metric, value);
        line.put(STACK_DIMENSION, stack);
        line.putAll(fields);
        return line;
    }
}

package actionlog.core;

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
    /** Dimension of {@link #FALLBACK_EVENTS} and {@link #REFUSED_CALLS}: the stack the edge belongs to, so two stacks never share an alarm. */
    public static final String STACK_DIMENSION = "Stack";
}

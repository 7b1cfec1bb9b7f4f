package actionlog.core;

/**
 * The environment variables that wire the stack's own resources together (queue URL, table name, secret ARNs) and
 * say where the CLI finds them: written by the CDK app (and by the local runtime, which passes the same variables to
 * the same code), read once at start-up. What an operator chooses is a setting, declared in {@link SettingCatalog}
 * with its variable; nothing else names an {@code ACTIONLOG_} variable.
 */
public final class Env {
    private Env() {}

    // Both functions
    public static final String QUEUE_URL = "ACTIONLOG_QUEUE_URL";
    public static final String TABLE_NAME = "ACTIONLOG_TABLE_NAME";

    // The archive function
    /** The Firehose stream the archive function delivers rows to (the stack's Iceberg delivery). */
    public static final String ARCHIVE_STREAM = "ACTIONLOG_ARCHIVE_STREAM";

    // The edge
    /** The ARN (never the value) of the Secrets Manager secret CloudFront sends as the origin secret. */
    public static final String ORIGIN_SECRET_ARN = "ACTIONLOG_ORIGIN_SECRET_ARN";
    /** Whether the post-response extension completes sends after the response (else each invocation waits). */
    public static final String FLUSH_AFTER_RESPONSE = "ACTIONLOG_FLUSH_AFTER_RESPONSE";
    /** The stack the edge belongs to: the dimension of its fallback metric. */
    public static final String STACK_NAME = "ACTIONLOG_STACK_NAME";

    /** The ARN (never the value) of the Secrets Manager secret whose value keys the browser cookie. */
    public static final String BROWSER_KEY_SECRET_ARN = "ACTIONLOG_BROWSER_KEY_SECRET_ARN";
    /** Whether the viewer-address header is trusted on requests carrying the origin secret: the CDK app sets it with CloudFront. */
    public static final String TRUST_CLOUDFRONT_HEADERS = "ACTIONLOG_TRUST_CLOUDFRONT_HEADERS";

    // The command line: where the events live when no stack is looked up
    public static final String DLQ_URL = "ACTIONLOG_DLQ_URL";
    /** The archive's Athena workgroup, Glue database and bucket (else the stack's outputs of the same names). */
    public static final String ARCHIVE_WORKGROUP = "ACTIONLOG_ARCHIVE_WORKGROUP";
    public static final String ARCHIVE_DATABASE = "ACTIONLOG_ARCHIVE_DATABASE";
    public static final String ARCHIVE_BUCKET = "ACTIONLOG_ARCHIVE_BUCKET";
    /** Directory of the local runtime's registry and fallback log (default ~/.actionlog). */
    public static final String HOME = "ACTIONLOG_HOME";

    /** Set by Lambda in every function; needed off Lambda too. */
    public static final String AWS_REGION = "AWS_REGION";
}

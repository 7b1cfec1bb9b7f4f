package actionlog.core;

import java.util.List;

/**
 * Every environment variable actionlog reads: written by the CDK app (and by the local runtime, which passes the
 * same variables to the same code), read once at start-up. Nothing else names an {@code ACTIONLOG_} variable.
 */
public final class Env {
    private Env() {}

    // Both functions
    public static final String QUEUE_URL = "ACTIONLOG_QUEUE_URL";
    public static final String TABLE_NAME = "ACTIONLOG_TABLE_NAME";
    public static final String RETENTION_DAYS = "ACTIONLOG_RETENTION_DAYS";

    // The archive function
    /** The Firehose stream the archive function delivers rows to (the stack's Iceberg delivery). */
    public static final String ARCHIVE_STREAM = "ACTIONLOG_ARCHIVE_STREAM";

    // The edge
    public static final String ORIGIN_URL = "ACTIONLOG_ORIGIN_URL";
    /** Which Host the origin receives: {@code viewer} (the default) or {@code origin}. */
    public static final String ORIGIN_HOST = "ACTIONLOG_ORIGIN_HOST";
    /** The ARN (never the value) of the Secrets Manager secret CloudFront sends as the origin secret. */
    public static final String ORIGIN_SECRET_ARN = "ACTIONLOG_ORIGIN_SECRET_PARAMETER";
    public static final String CORS_ORIGINS = "ACTIONLOG_CORS_ORIGINS";
    public static final String SEND_TIMEOUT_MS = "ACTIONLOG_SEND_TIMEOUT_MS";
    public static final String ORIGIN_TIMEOUT_MS = "ACTIONLOG_ORIGIN_TIMEOUT_MS";
    /** Whether the post-response extension completes sends after the response (else each invocation waits). */
    public static final String FLUSH_AFTER_RESPONSE = "ACTIONLOG_FLUSH_AFTER_RESPONSE";
    /** The stack the edge belongs to: the dimension of its fallback metric. */
    public static final String STACK_NAME = "ACTIONLOG_STACK_NAME";

    // Capture (see CaptureConfig)
    public static final String IDENTITY_HEADER = "ACTIONLOG_IDENTITY_HEADER";
    public static final String IDENTITY_COOKIE = "ACTIONLOG_IDENTITY_COOKIE";
    public static final String SESSION_COOKIES = "ACTIONLOG_SESSION_COOKIES";
    public static final String SESSION_COOKIE_PATTERN = "ACTIONLOG_SESSION_COOKIE_PATTERN";
    public static final String IDENTITY_RESPONSE_HEADER = "ACTIONLOG_IDENTITY_RESPONSE_HEADER";
    public static final String LOGIN_FORM = "ACTIONLOG_LOGIN_FORM";
    /** When a login-form sign-in counts as accepted: auto, session-cookie or redirect:/path (see SignInRules). */
    public static final String LOGIN_SUCCESS = "ACTIONLOG_LOGIN_SUCCESS";
    /** What ends a browser's link to its user: auto (cleared or replaced session cookie) or METHOD /path. */
    public static final String SIGN_OUT = "ACTIONLOG_SIGN_OUT";
    /** The edge's own first-party browser cookie (proxy mode): its name, or none to switch it off. */
    public static final String BROWSER_COOKIE = "ACTIONLOG_BROWSER_COOKIE";
    /** The ARN (never the value) of the Secrets Manager secret whose value keys the browser cookie. */
    public static final String BROWSER_KEY_SECRET_ARN = "ACTIONLOG_BROWSER_KEY_SECRET_ARN";
    public static final String JWKS_URL = "ACTIONLOG_JWKS_URL";
    public static final String JWT_ISSUER = "ACTIONLOG_JWT_ISSUER";
    public static final String JWT_AUDIENCE = "ACTIONLOG_JWT_AUDIENCE";
    public static final String JWT_CLAIM = "ACTIONLOG_JWT_CLAIM";
    public static final String JWT_COOKIE = "ACTIONLOG_JWT_COOKIE";
    public static final String TRUSTED_PROXY_HOPS = "ACTIONLOG_TRUSTED_PROXY_HOPS";
    public static final String TRUST_CLOUDFRONT_HEADERS = "ACTIONLOG_TRUST_CLOUDFRONT_HEADERS";
    public static final String REDACT_HEADERS = "ACTIONLOG_REDACT_HEADERS";
    public static final String REDACT_QUERY_PARAMS = "ACTIONLOG_REDACT_QUERY_PARAMS";
    public static final String ANONYMIZE_IP = "ACTIONLOG_ANONYMIZE_IP";
    public static final String HONOR_PRIVACY_SIGNALS = "ACTIONLOG_HONOR_PRIVACY_SIGNALS";
    /** Mask e-mail addresses and phone numbers in captured values too (default false); see CaptureConfig. */
    public static final String MASK_CONTACT_DETAILS = "ACTIONLOG_MASK_CONTACT_DETAILS";
    /** The identity and session settings: read by the edge, written by the CDK app, flags of `./actionlog local`. */
    public static final List<String> IDENTITY = List.of(IDENTITY_RESPONSE_HEADER, IDENTITY_HEADER, IDENTITY_COOKIE,
            SESSION_COOKIES, SESSION_COOKIE_PATTERN, LOGIN_FORM, LOGIN_SUCCESS, SIGN_OUT, BROWSER_COOKIE, JWKS_URL, JWT_ISSUER,
            JWT_AUDIENCE, JWT_CLAIM, JWT_COOKIE);

    /** Link template for trace ids ({@code {traceId}}), read by the CLI and the UI; CDK context key traceLinkTemplate. */
    public static final String TRACE_LINK = "ACTIONLOG_TRACE_LINK";

    // The consumer (writing the search keys) and the command line (searching them)
    /** Whether repeated slashes in a path are merged before it is indexed (default true, as nginx); see PathNormalizer. */
    public static final String MERGE_SLASHES = "ACTIONLOG_MERGE_SLASHES";

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

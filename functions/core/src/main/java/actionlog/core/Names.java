package actionlog.core;

import java.util.List;

/**
 * Resource names shared by the runtime and the CDK app: table keys, index names, environment variables.
 * Defined once here so the stack and the code that reads it can never drift apart.
 */
public final class Names {
    private Names() {}

    /** Partition key: {@code u#<user id>}; anonymous users get a per-client id so they never share one partition. */
    public static final String PK = "pk";
    /** Sort key: {@code <received epoch ms, 13 digits>#<event id>}; time-ordered and unique per event. */
    public static final String SK = "sk";
    /** Epoch seconds after which DynamoDB TTL deletes the item; reads also filter on it. */
    public static final String TTL = "expiresAt";
    /** The whole event as schema-v1 JSON, so export and replay are lossless. */
    public static final String EVENT_JSON = "event";
    /** Plain attributes copied out of the event for server-side filters; the event JSON stays the source of truth. */
    public static final String METHOD = "method";
    public static final String PATH = "path";
    public static final String STATUS = "status";

    public static final String SESSION_INDEX = "bySession";
    public static final String SESSION_KEY = "sessionKey";
    public static final String EVENT_ID_INDEX = "byEventId";
    public static final String EVENT_ID_KEY = "eventId";
    public static final String IP_INDEX = "byClientIp";
    public static final String IP_KEY = "ipKey";

    /** A global secondary index: partition key and optional sort key; it carries {@link #INDEX_ATTRIBUTES}. */
    public record Index(String name, String partitionKey, String sortKey) {}

    /**
     * What every index carries besides the keys: TTL and the filter attributes, all small — never the event. An
     * index item stays far below 1 KB, so each index write costs 1 write unit instead of the whole item's
     * (≈ 3 for a typical event): 6 units per event instead of 12. Reads query an index, filter there, then fetch
     * the matching events from the table by key (BatchGetItem).
     */
    public static final List<String> INDEX_ATTRIBUTES = List.of(TTL, METHOD, PATH, STATUS);

    /** Every index the table has; the local runtime and the CDK app both create exactly these. */
    public static final List<Index> INDEXES = List.of(
            new Index(SESSION_INDEX, SESSION_KEY, SK),
            new Index(EVENT_ID_INDEX, EVENT_ID_KEY, null),
            new Index(IP_INDEX, IP_KEY, SK));

    /** Header CloudFront adds with the origin secret; the edge refuses requests without it. */
    public static final String ORIGIN_SECRET_HEADER = "x-actionlog-origin-secret";

    /** CloudWatch metric of events the edge wrote to its fallback sink (Embedded Metric Format). */
    public static final String METRICS_NAMESPACE = "actionlog";
    public static final String FALLBACK_METRIC = "FallbackEvents";
    /** Responses that still point the browser at the origin's own host after the edge's rewrites. */
    public static final String ESCAPE_METRIC = "OriginEscapes";

    /** Receives before SQS moves a message to the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;

    /** SendMessageBatch limits: entries per call, and bytes of all bodies together (256 KiB, as every SQS emulator enforces). */
    public static final int SQS_BATCH_ENTRIES = 10;
    public static final int SQS_BATCH_BYTES = 256 * 1024;

    /** Beacon and health paths served by the edge function itself. */
    public static final String COLLECT_PATH = "/_actionlog/collect";
    public static final String HEALTH_PATH = "/_actionlog/health";

    // Environment variables written by the CDK app and read once at start-up.
    public static final String ENV_QUEUE_URL = "ACTIONLOG_QUEUE_URL";
    public static final String ENV_TABLE_NAME = "ACTIONLOG_TABLE_NAME";
    public static final String ENV_ORIGIN_URL = "ACTIONLOG_ORIGIN_URL";
    /** Which Host the origin receives: {@code viewer} (the default) or {@code origin}. */
    public static final String ENV_ORIGIN_HOST = "ACTIONLOG_ORIGIN_HOST";
    public static final String ENV_ORIGIN_SECRET_PARAM = "ACTIONLOG_ORIGIN_SECRET_PARAMETER";
    public static final String ENV_RETENTION_DAYS = "ACTIONLOG_RETENTION_DAYS";
    public static final String ENV_IDENTITY_HEADER = "ACTIONLOG_IDENTITY_HEADER";
    public static final String ENV_IDENTITY_COOKIE = "ACTIONLOG_IDENTITY_COOKIE";
    public static final String ENV_SESSION_COOKIES = "ACTIONLOG_SESSION_COOKIES";
    public static final String ENV_TRUSTED_HOPS = "ACTIONLOG_TRUSTED_PROXY_HOPS";
    public static final String ENV_TRUST_CLOUDFRONT = "ACTIONLOG_TRUST_CLOUDFRONT_HEADERS";
    public static final String ENV_REDACT_HEADERS = "ACTIONLOG_REDACT_HEADERS";
    public static final String ENV_REDACT_PARAMS = "ACTIONLOG_REDACT_QUERY_PARAMS";
    public static final String ENV_ANONYMIZE_IP = "ACTIONLOG_ANONYMIZE_IP";
    public static final String ENV_HONOR_PRIVACY_SIGNALS = "ACTIONLOG_HONOR_PRIVACY_SIGNALS";
    public static final String ENV_CORS_ORIGINS = "ACTIONLOG_CORS_ORIGINS";
    public static final String ENV_SEND_TIMEOUT_MS = "ACTIONLOG_SEND_TIMEOUT_MS";
}

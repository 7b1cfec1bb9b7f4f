package actionlog.core;

import java.time.Duration;
import java.util.List;

/**
 * The events table as the CDK app and the local runtime create it and every reader queries it: keys, indexes and
 * the attributes copied out of the event for filters. Defined once here so the stack and the code can never drift.
 */
public final class TableSchema {
    private TableSchema() {}

    /** Partition key: {@code u#<user id>}; anonymous users get a per-client id so they never share one partition. */
    public static final String PK = "pk";
    /** Sort key: {@code <received epoch ms, 13 digits>#<event id>}; time-ordered and unique per event. */
    public static final String SK = "sk";
    /** Epoch seconds after which DynamoDB TTL deletes the item; reads also filter on it. */
    public static final String TTL = "expiresAt";
    /**
     * The whole event as schema-v1 JSON text, as items were written before {@link #EVENT_COMPACT}; still read, so the
     * items of an older consumer stay readable until their TTL removes them.
     */
    public static final String EVENT_JSON = "event";
    /**
     * The whole event, its JSON compressed ({@link CompactEvent}): byte for byte the same JSON back, so export and replay
     * stay lossless, in a 1-write-unit item for the typical event instead of 3.
     */
    public static final String EVENT_COMPACT = "ev";
    /**
     * The session id on a compact item, for filters only: not {@link #SESSION_KEY}, so the item is not copied into
     * {@link #SESSION_INDEX} (1 write unit per event saved). Sessions are found through session pointers instead.
     */
    public static final String SESSION = "session";
    /**
     * Session pointers: partition key {@code ss#<session id>}, sort key {@code <UTC hour yyyyMMddHH>#<user id>}, TTL:
     * "this session had events of this user in this hour". {@code session <id>} reads the pointers, then each user's
     * partition in those hours filtered on {@link #SESSION}. Written once per session, user and hour (the consumer
     * remembers what it wrote), so they cost a fraction of a write unit per event where an index cost a whole one.
     */
    public static final String SESSION_POINTER_PREFIX = "ss#";
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

    /**
     * Search across users by path and outcome. Partition key {@code <UTC hour yyyyMMddHH>#<shard>}: one hour of
     * events spread over {@link #SEARCH_SHARDS} partitions by event id, so no partition runs hot; sort key
     * {@code <path, at most SEARCH_PATH_KEY_CHARS chars>#<sk>}, so a path prefix is a key condition.
     */
    public static final String SEARCH_INDEX = "byPathTime";
    public static final String SEARCH_KEY = "searchKey";
    public static final String SEARCH_SORT = "searchSort";
    public static final int SEARCH_SHARDS = 8;
    public static final int SEARCH_PATH_KEY_CHARS = 256;
    /** A search's path prefix is a key condition up to this many chars; a longer one also filters on the full path. */
    public static final int SEARCH_PREFIX_KEY_CHARS = 64;
    /** The widest time range one search may cover: 7 days = 168 hour buckets × 8 shards = 1,344 Queries at most. */
    public static final Duration SEARCH_MAX_RANGE = Duration.ofDays(7);

    /**
     * Session→user links: partition key {@code l#<user id>}, sort key the session id ({@code s_…}), plus TTL. The
     * consumer writes one for each event whose user is named by a verified or configured source and that carries
     * a session; {@code trace --user} reads them with a Query on the table (no index, no Scan) to add the
     * session's anonymous events. The item has no index key attributes, so it costs 1 write unit and no index write.
     */
    public static final String LINK_PREFIX = "l#";
    /**
     * The same links from the other side: partition key {@code lb#<browser.id or session.id>}, sort key
     * {@code <start epoch ms, 13 digits>#<event id>}, attributes {@link #LINK_USER} (absent on a sign-out boundary),
     * {@link #LINK_FROM}, {@link #LINK_TO}, TTL. Readers ask "whose is this anonymous event?" with one Query per browser.
     */
    public static final String LINK_REVERSE_PREFIX = "lb#";
    public static final String LINK_USER = "user";
    /** Epoch ms: the anonymous events of the browser or session from here on belong to the link's user (absent: since the previous link). */
    public static final String LINK_FROM = "from";
    /** Epoch ms: ... up to here, exclusive (absent: up to the next link or boundary). */
    public static final String LINK_TO = "to";

    /**
     * The suppression list of erased users, in the events table: one small item per erased user under this reserved
     * partition key (user partitions are {@code u#…}), sort key = SHA-256 hex of the user id, {@link #ERASED_AT}
     * = epoch ms of the erasure. No TTL, no index attributes; see {@link Erasures}.
     */
    public static final String ERASURE_PK = "erasures#";
    public static final String ERASED_AT = "erasedAt";
    /** On a suppression item of a browser or session ({@code k#<id>}): the erased windows, {@code "<from>-<to>"} epoch ms. */
    public static final String ERASED_WINDOWS = "windows";

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
            new Index(IP_INDEX, IP_KEY, SK),
            new Index(SEARCH_INDEX, SEARCH_KEY, SEARCH_SORT));
}

package actionlog.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Event ↔ DynamoDB item. Every key is derived from the event alone, so writing the same event twice writes
 * the same item (idempotent), and every support question is a Query on the table or one of its indexes.
 */
public final class ItemMapper {
    public static final String USER_PREFIX = "u#";

    private ItemMapper() {}

    /**
     * The compact item of an event: keys, the index keys of {@link TableSchema#EVENT_ID_INDEX}, {@link TableSchema#IP_INDEX}
     * and {@link TableSchema#SEARCH_INDEX}, TTL, the small filter attributes, and the event's JSON compressed
     * ({@link CompactEvent}). The session id is a plain attribute ({@link TableSchema#SESSION}); the session is found
     * through {@link #sessionPointer}. The typical event's item is 759 bytes: 1 write unit, plus 1 per index.
     */
    public static Map<String, AttributeValue> toItem(ActionEvent event, Duration retention) {
        Map<String, AttributeValue> item = common(event, retention);
        if (event.sessionId() != null) item.put(TableSchema.SESSION, s(event.sessionId()));
        item.put(TableSchema.EVENT_COMPACT, AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArrayUnsafe(
                CompactEvent.encode(event.toJson()))));
        return item;
    }

    /**
     * The item as consumers wrote it before compact items: the JSON as text and the session in
     * {@link TableSchema#SESSION_INDEX}. Never written by the consumer now; it is how tests make what an older
     * consumer left in a table, which every reader still reads.
     */
    public static Map<String, AttributeValue> toLegacyItem(ActionEvent event, Duration retention) {
        Map<String, AttributeValue> item = common(event, retention);
        if (event.sessionId() != null) item.put(TableSchema.SESSION_KEY, s(event.sessionId()));
        item.put(TableSchema.EVENT_JSON, s(event.toJson()));
        return item;
    }

    private static Map<String, AttributeValue> common(ActionEvent event, Duration retention) {
        long epochMs = event.receivedAt().toEpochMilli();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchema.PK, s(userKey(event.userId())));
        item.put(TableSchema.SK, s(sortKey(epochMs, event.id())));
        item.put(TableSchema.EVENT_ID_KEY, s(event.id()));
        if (event.clientAddress() != null) item.put(TableSchema.IP_KEY, s(event.clientAddress()));
        item.put(TableSchema.TTL, AttributeValue.fromN(Long.toString(epochMs / 1000 + retention.toSeconds())));
        item.put(TableSchema.METHOD, s(event.string(ActionEvent.F_METHOD)));
        if (event.string(ActionEvent.F_PATH) != null) { // keyed as the application resolves it; the event keeps the raw target
            String path = PathNormalizer.DEFAULT.normalize(event.string(ActionEvent.F_PATH));
            item.put(TableSchema.PATH, s(path));
            item.put(TableSchema.SEARCH_KEY, s(searchKey(epochMs, searchShard(event.id()))));
            item.put(TableSchema.SEARCH_SORT, s(searchSort(path, sortKey(epochMs, event.id()))));
        }
        Long status = event.number(ActionEvent.F_STATUS);
        if (status != null) item.put(TableSchema.STATUS, AttributeValue.fromN(status.toString()));
        return item;
    }

    /**
     * The session pointer of an event ({@link TableSchema#SESSION_POINTER_PREFIX}), or null without a session. Its TTL
     * is the end of its hour plus the retention, so it outlives every event it points to. Keys and TTL only: 1 write unit.
     */
    public static Map<String, AttributeValue> sessionPointer(ActionEvent event, Duration retention) {
        String session = event.sessionId();
        if (session == null) return null;
        long at = event.receivedAt().toEpochMilli();
        long hourEnd = at - Math.floorMod(at, 3_600_000L) + 3_600_000L;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchema.PK, s(sessionPointerKey(session)));
        item.put(TableSchema.SK, s(hourBucket(at) + "#" + event.userId()));
        item.put(TableSchema.TTL, AttributeValue.fromN(Long.toString(hourEnd / 1000 + retention.toSeconds())));
        return item;
    }

    public static String sessionPointerKey(String sessionId) {
        return TableSchema.SESSION_POINTER_PREFIX + sessionId;
    }

    /**
     * The link items an event writes: only an event that starts or ends a link ({@link ActionEvent#F_LINK}) writes any,
     * so a browser costs two small writes per sign-in, not one per event. The key is the browser ({@code browser.id})
     * with the window {@code [user.stitch_from, start)} of its anonymous pages before the sign-in; without a browser
     * cookie (the fallback) the sessions: the request's, up to the sign-in (never a cookie matched only by the name
     * pattern), and the one the answer started, from it on. A sign-out writes a boundary on the fallback's sessions.
     * Each item is keys, TTL and two numbers at most: 1 write unit, no index.
     */
    public static List<Map<String, AttributeValue>> linkItems(ActionEvent event, Duration retention) {
        String link = event.string(ActionEvent.F_LINK);
        if (link == null) return List.of();
        long at = event.receivedAt().toEpochMilli();
        AttributeValue expires = AttributeValue.fromN(Long.toString(at / 1000 + retention.toSeconds()));
        String reverseSort = timePrefix(at) + event.id();
        boolean start = ActionEvent.LINK_START.equals(link);
        if (start && !Identity.LINKING.contains(event.string(ActionEvent.F_USER_SOURCE))) return List.of();
        List<Map<String, AttributeValue>> items = new ArrayList<>(4);
        for (LinkWindow w : windows(event, at)) {
            Map<String, AttributeValue> reverse = new HashMap<>();
            reverse.put(TableSchema.PK, s(TableSchema.LINK_REVERSE_PREFIX + w.key()));
            reverse.put(TableSchema.SK, s(reverseSort));
            reverse.put(TableSchema.TTL, expires);
            if (start) {
                Map<String, AttributeValue> forward = new HashMap<>();
                forward.put(TableSchema.PK, s(linkKey(event.userId())));
                forward.put(TableSchema.SK, s(w.key() + "#" + reverseSort));
                forward.put(TableSchema.TTL, expires);
                reverse.put(TableSchema.LINK_USER, s(event.userId()));
                for (Map<String, AttributeValue> item : List.of(forward, reverse)) {
                    if (w.fromMs() != null) item.put(TableSchema.LINK_FROM, AttributeValue.fromN(w.fromMs().toString()));
                    if (w.toMs() != null) item.put(TableSchema.LINK_TO, AttributeValue.fromN(w.toMs().toString()));
                }
                items.add(forward);
            }
            items.add(reverse);
        }
        return items;
    }

    /** The browser or session whose anonymous events a link covers, and the window it says (null: up to the neighbours). */
    public record LinkWindow(String key, Long fromMs, Long toMs) {}

    static List<LinkWindow> windows(ActionEvent event, long at) {
        boolean start = ActionEvent.LINK_START.equals(event.string(ActionEvent.F_LINK));
        String browser = event.browserId();
        if (browser != null) {
            if (!start) return List.of(); // a browser's windows are explicit; its sign-out needs no boundary
            String from = event.string(ActionEvent.F_STITCH_FROM);
            return List.of(new LinkWindow(browser, from == null ? null : java.time.Instant.parse(from).toEpochMilli(), at));
        }
        List<LinkWindow> out = new ArrayList<>(2);
        String session = event.sessionId();
        if (session != null && !IdentityResolver.PATTERN.equals(event.string(ActionEvent.F_SESSION_SOURCE))) {
            out.add(new LinkWindow(session, null, start ? at : null));
        }
        String next = event.string(ActionEvent.F_SESSION_NEXT);
        if (next != null && !next.equals(session)) out.add(new LinkWindow(next, start ? at : null, null));
        return out;
    }

    public static String linkKey(String userId) {
        return TableSchema.LINK_PREFIX + userId;
    }

    /** The event of a compact item, or of one an older consumer wrote ({@link #toLegacyItem}). */
    public static ActionEvent fromItem(Map<String, AttributeValue> item) throws InvalidEventException {
        AttributeValue compact = item.get(TableSchema.EVENT_COMPACT);
        if (compact != null && compact.b() != null) return EventCodec.decode(CompactEvent.decode(compact.b().asByteArrayUnsafe()));
        AttributeValue json = item.get(TableSchema.EVENT_JSON);
        if (json == null || json.s() == null) {
            throw new InvalidEventException("item has neither " + TableSchema.EVENT_COMPACT + " nor " + TableSchema.EVENT_JSON + " attribute");
        }
        return EventCodec.decode(json.s());
    }

    /** The primary key alone, e.g. for deletes. */
    public static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of(TableSchema.PK, item.get(TableSchema.PK), TableSchema.SK, item.get(TableSchema.SK));
    }

    public static String userKey(String userId) {
        return USER_PREFIX + userId;
    }

    public static String sortKey(long epochMs, String eventId) {
        return timePrefix(epochMs) + eventId;
    }

    /** Lower bound of sort keys at or after {@code epochMs}. */
    public static String timePrefix(long epochMs) {
        return String.format("%013d#", Math.max(0, epochMs));
    }

    /** Upper bound of sort keys at or before {@code epochMs}. */
    public static String timeUpperBound(long epochMs) {
        return timePrefix(epochMs) + '\uffff';
    }

    /** Hours since the epoch as {@code yyyyMMddHH} in UTC: the time bucket of the search index. */
    public static String hourBucket(long epochMs) {
        return HOUR.format(java.time.Instant.ofEpochMilli(Math.max(0, epochMs)));
    }

    /** The search index's partition key of one hour bucket and shard. */
    public static String searchKey(long epochMs, int shard) {
        return hourBucket(epochMs) + "#" + shard;
    }

    /** Which of the {@link TableSchema#SEARCH_SHARDS} shards an event is written to: stable, spread by its id. */
    public static int searchShard(String eventId) {
        return Math.floorMod(eventId == null ? 0 : eventId.hashCode(), TableSchema.SEARCH_SHARDS);
    }

    /**
     * The search sort key {@code <path>#<sk>}. The path part is at most {@link TableSchema#SEARCH_PATH_KEY_CHARS} chars and
     * is cut further, whole code points only, so the key stays within DynamoDB's 1,024-byte sort key limit.
     */
    public static String searchSort(String path, String sortKey) {
        int budget = 1024 - 1 - sortKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int end = 0;
        int bytes = 0;
        while (end < path.length() && end < TableSchema.SEARCH_PATH_KEY_CHARS) {
            int cp = path.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > budget || end + Character.charCount(cp) > TableSchema.SEARCH_PATH_KEY_CHARS) break;
            bytes += size;
            end += Character.charCount(cp);
        }
        return path.substring(0, end) + "#" + sortKey;
    }

    private static final java.time.format.DateTimeFormatter HOUR =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(java.time.ZoneOffset.UTC);

    /** Key and filter attributes hold well-formed text: a lone surrogate becomes U+FFFD (the event JSON keeps it escaped). */
    private static AttributeValue s(String value) {
        return AttributeValue.fromS(wellFormed(value));
    }

    static String wellFormed(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            boolean lone = !pair && Character.isSurrogate(c);
            if (lone && out == null) out = new StringBuilder(value).delete(i, value.length());
            if (out != null) {
                if (lone) out.append('\uFFFD');
                else out.append(c);
                if (pair) out.append(value.charAt(i + 1));
            }
            if (pair) i++;
        }
        return out == null ? value : out.toString();
    }
}

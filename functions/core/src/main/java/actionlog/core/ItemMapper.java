package actionlog.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

    public static Map<String, AttributeValue> toItem(ActionEvent event, Duration retention) {
        long epochMs = event.receivedAt().toEpochMilli();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchema.PK, s(userKey(event.userId())));
        item.put(TableSchema.SK, s(sortKey(epochMs, event.id())));
        item.put(TableSchema.EVENT_ID_KEY, s(event.id()));
        if (event.sessionId() != null) item.put(TableSchema.SESSION_KEY, s(event.sessionId()));
        if (event.clientAddress() != null) item.put(TableSchema.IP_KEY, s(event.clientAddress()));
        item.put(TableSchema.TTL, AttributeValue.fromN(Long.toString(epochMs / 1000 + retention.toSeconds())));
        item.put(TableSchema.METHOD, s(event.string(ActionEvent.F_METHOD)));
        if (event.string(ActionEvent.F_PATH) != null) {
            item.put(TableSchema.PATH, s(event.string(ActionEvent.F_PATH)));
            item.put(TableSchema.SEARCH_KEY, s(searchKey(epochMs, searchShard(event.id()))));
            item.put(TableSchema.SEARCH_SORT, s(searchSort(event.string(ActionEvent.F_PATH), sortKey(epochMs, event.id()))));
        }
        Long status = event.number(ActionEvent.F_STATUS);
        if (status != null) item.put(TableSchema.STATUS, AttributeValue.fromN(status.toString()));
        item.put(TableSchema.EVENT_JSON, s(event.toJson()));
        return item;
    }

    /**
     * The session→user links an event implies ({@link Names#LINK_PREFIX}): one per session it carries (the request's
     * and the one the answer started) when a linking source named its user; none otherwise. Each expires with the event.
     */
    public static List<Map<String, AttributeValue>> linkItems(ActionEvent event, Duration retention) {
        String source = event.string(ActionEvent.F_USER_SOURCE);
        if (source == null || !Identity.LINKING.contains(source)) return List.of();
        long expires = event.receivedAt().toEpochMilli() / 1000 + retention.toSeconds();
        List<Map<String, AttributeValue>> links = new ArrayList<>(2);
        for (String session : new LinkedHashSet<>(Arrays.asList(event.sessionId(), event.string(ActionEvent.F_SESSION_NEXT)))) {
            if (session == null) continue;
            links.add(Map.of(TableSchema.PK, s(linkKey(event.userId())), TableSchema.SK, s(session),
                    TableSchema.TTL, AttributeValue.fromN(Long.toString(expires))));
        }
        return links;
    }

    public static String linkKey(String userId) {
        return TableSchema.LINK_PREFIX + userId;
    }

    public static ActionEvent fromItem(Map<String, AttributeValue> item) throws InvalidEventException {
        AttributeValue json = item.get(TableSchema.EVENT_JSON);
        if (json == null || json.s() == null) throw new InvalidEventException("item has no " + TableSchema.EVENT_JSON + " attribute");
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

    /** Which of the {@link Names#SEARCH_SHARDS} shards an event is written to: stable, spread by its id. */
    public static int searchShard(String eventId) {
        return Math.floorMod(eventId == null ? 0 : eventId.hashCode(), TableSchema.SEARCH_SHARDS);
    }

    /**
     * The search sort key {@code <path>#<sk>}. The path part is at most {@link Names#SEARCH_PATH_KEY_CHARS} chars and
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

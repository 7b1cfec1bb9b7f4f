package actionlog.core;

import java.time.Duration;
import java.util.HashMap;
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
        if (event.string(ActionEvent.F_PATH) != null) item.put(TableSchema.PATH, s(event.string(ActionEvent.F_PATH)));
        Long status = event.number(ActionEvent.F_STATUS);
        if (status != null) item.put(TableSchema.STATUS, AttributeValue.fromN(status.toString()));
        item.put(TableSchema.EVENT_JSON, s(event.toJson()));
        return item;
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

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}

package actionlog.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The suppression list: after {@code forget --user X} the table keeps one item naming a hash of X (never X itself)
 * and the time of the erasure. The consumer drops any event of X received at or before that time, so events still
 * in the queue, the dead-letter queue, a fallback log or an export cannot bring an erased user back through
 * {@code recover}, {@code replay} or {@code redrive}. New activity after the erasure is recorded as usual.
 */
public final class Erasures {
    private Erasures() {}

    /** The user id as the edge stores it: trimmed and bounded like {@code user.id}. */
    public static String storedUserId(String userId) {
        return Limits.truncate(userId.trim(), Limits.MAX_ID);
    }

    /** SHA-256 hex of a user id as stored ({@link #storedUserId}, or an event's {@code user.id}). */
    public static String hash(String storedUserId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(storedUserId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public static Map<String, AttributeValue> key(String storedUserId) {
        return Map.of(TableSchema.PK, AttributeValue.fromS(TableSchema.ERASURE_PK), TableSchema.SK, AttributeValue.fromS(hash(storedUserId)));
    }

    public static Map<String, AttributeValue> item(String storedUserId, long erasedAtMs) {
        return Map.of(TableSchema.PK, AttributeValue.fromS(TableSchema.ERASURE_PK), TableSchema.SK, AttributeValue.fromS(hash(storedUserId)),
                TableSchema.ERASED_AT, AttributeValue.fromN(Long.toString(erasedAtMs)));
    }

    /** Whether an event of a user erased at {@code erasedAtMs} (null: never erased) must be dropped. */
    public static boolean suppressed(ActionEvent event, Long erasedAtMs) {
        return erasedAtMs != null && event.receivedAt().toEpochMilli() <= erasedAtMs;
    }
}

package actionlog.core;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The suppression list: after {@code forget --user X} the table keeps one item naming a hash of X (never X itself)
 * and the time of the erasure. The consumer drops any event of X received at or before that time, so events still
 * in the queue, the dead-letter queue, a fallback log or an export cannot bring an erased user back through
 * {@code recover}, {@code replay} or {@code redrive}. New activity after the erasure is recorded as usual. The
 * anonymous pages that were the user's (the windows of the user's links) are listed per browser or session
 * ({@link #windowsKey}), so they cannot come back either, while the same browser's other pages can.
 */
public final class Erasures {
    private Erasures() {}

    /** The user id as the edge stores it: trimmed and bounded like {@code user.id}. */
    public static String storedUserId(String userId) {
        return Limits.truncate(userId.trim(), Limits.MAX_ID);
    }

    /** SHA-256 hex of a user id as stored ({@link #storedUserId}, or an event's {@code user.id}). */
    public static String hash(String storedUserId) {
        return HexFormat.of().formatHex(Identity.sha256(storedUserId.getBytes(StandardCharsets.UTF_8)));
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

    private static final String WINDOWS_PREFIX = "k#";

    /** The suppression item's key of a browser ({@code b_…}) or session ({@code s_…}): already hashes, kept as they are. */
    public static Map<String, AttributeValue> windowsKey(String browserOrSession) {
        return Map.of(TableSchema.PK, AttributeValue.fromS(TableSchema.ERASURE_PK), TableSchema.SK, AttributeValue.fromS(WINDOWS_PREFIX + browserOrSession));
    }

    /** The browser or session a suppression item's sort key names, or null for a user's item. */
    public static String windowsOf(String sortKey) {
        return sortKey.startsWith(WINDOWS_PREFIX) ? sortKey.substring(WINDOWS_PREFIX.length()) : null;
    }

    /** The suppression item of a browser or session with its erased windows ({@code [from, to)}, epoch ms). */
    public static Map<String, AttributeValue> windowsItem(String browserOrSession, java.util.Collection<String> windows) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(windowsKey(browserOrSession));
        item.put(TableSchema.ERASED_WINDOWS, AttributeValue.fromL(windows.stream().map(AttributeValue::fromS).toList()));
        return item;
    }

    public static String window(long fromMs, long toMs) {
        return fromMs + "-" + toMs;
    }

    /** The windows a suppression item holds. */
    public static java.util.List<String> windows(Map<String, AttributeValue> item) {
        AttributeValue list = item.get(TableSchema.ERASED_WINDOWS);
        return list == null || !list.hasL() ? java.util.List.of() : list.l().stream().map(AttributeValue::s).toList();
    }

    /** Whether an anonymous event at {@code atMs} falls in one of the erased windows. */
    public static boolean inWindow(java.util.Collection<String> windows, long atMs) {
        for (String w : windows) {
            int dash = w.indexOf('-', 1);
            if (dash > 0 && atMs >= Long.parseLong(w.substring(0, dash)) && atMs < Long.parseLong(w.substring(dash + 1))) return true;
        }
        return false;
    }
}

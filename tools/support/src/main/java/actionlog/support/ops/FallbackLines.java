package actionlog.support.ops;

import actionlog.core.Json;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the event in one line of the edge's fallback sink, as written to the function's log and as it comes
 * back from CloudWatch Logs (raw, prefixed with a timestamp, or wrapped in a JSON log record's "message").
 */
public final class FallbackLines {
    private FallbackLines() {}

    public static Optional<String> event(String line) {
        int brace = line.indexOf('{');
        if (brace < 0) return Optional.empty();
        Map<String, Object> json;
        try {
            json = Json.readObject(line.substring(brace));
        } catch (IllegalArgumentException notJson) {
            return Optional.empty();
        }
        return event(json, 0);
    }

    private static Optional<String> event(Map<String, Object> json, int depth) {
        if ("fallback".equals(json.get("actionlog")) && json.get("event") instanceof Map<?, ?> event) {
            return Optional.of(Json.write(event));
        }
        if (depth < 2 && json.get("message") instanceof String message && message.contains("\"actionlog\"")) {
            int brace = message.indexOf('{');
            try {
                return brace < 0 ? Optional.empty() : event(Json.readObject(message.substring(brace)), depth + 1);
            } catch (IllegalArgumentException notJson) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}

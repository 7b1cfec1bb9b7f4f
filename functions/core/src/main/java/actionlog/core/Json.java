package actionlog.core;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The one JSON codec of the project: jackson-jr, small and reflection-free for maps and lists. */
public final class Json {
    private static final JSON CODEC = JSON.std.with(JSON.Feature.READ_ONLY, false)
            .without(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    /** The same codec writing null values too: for tables of answers, where an empty cell is a value. */
    private static final JSON WITH_NULLS = CODEC.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {}

    /** As {@link #write}, keeping map entries whose value is null (SQL answers: a column without a value). */
    public static String writeWithNulls(Object value) {
        try {
            return sqsSafe(WITH_NULLS.asString(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The JSON text of {@code value}. Safe for SQS by construction: characters SQS refuses in a message body
     * (U+FFFE, U+FFFF, lone surrogates; C0 controls are escaped by JSON itself) are written as {@code \\uXXXX}
     * escapes, which read back as the same string; the text is also always encodable as UTF-8.
     */
    public static String write(Object value) {
        try {
            return sqsSafe(CODEC.asString(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Escapes, inside JSON text, every character SQS refuses; such characters can only occur inside strings. */
    static String sqsSafe(String json) {
        StringBuilder out = null;
        int n = json.length();
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(json.charAt(i + 1))) {
                    if (out != null) out.append(c).append(json.charAt(i + 1));
                    i++;
                    continue;
                }
                bad = true;
            } else {
                bad = Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r');
            }
            if (bad && out == null) out = new StringBuilder(n + 16).append(json, 0, i);
            if (out == null) continue;
            if (bad) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out == null ? json : out.toString();
    }

    /** Parses a JSON object; a non-object or invalid text fails with the parser's reason. */
    public static Map<String, Object> readObject(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty body, expected a JSON object");
        }
        try {
            Object value = CODEC.anyFrom(text);
            if (!(value instanceof Map)) {
                throw new IllegalArgumentException("expected a JSON object, got " + kind(value));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    public static List<Object> readArray(String text) {
        try {
            Object value = CODEC.anyFrom(text);
            if (!(value instanceof List)) {
                throw new IllegalArgumentException("expected a JSON array, got " + kind(value));
            }
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) value;
            return list;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static String kind(Object value) {
        if (value == null) return "null";
        if (value instanceof List) return "an array";
        if (value instanceof String) return "a string";
        if (value instanceof Number) return "a number";
        if (value instanceof Boolean) return "a boolean";
        return value.getClass().getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable input";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

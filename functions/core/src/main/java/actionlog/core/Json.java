package actionlog.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON codec of the project, on jackson-core's streaming parser and generator (with jackson-jr, small and
 * reflection-free, for values other than maps, lists, strings, numbers and booleans), reading bounded in depth. Nothing read is nested deeper than
 * {@link Limits#MAX_JSON_DEPTH}: a deeper object or array is replaced by {@code {"_truncated_depth": 32}}
 * ({@link Limits#TRUNCATED_DEPTH}), so a hostile or old deeply nested document is read, stored, printed and shown
 * like any other instead of overflowing the stack (jackson-jr's reader recurses per level: ~900 levels overflowed a
 * fresh JVM's stack) or failing at jackson-core's default limit of 1,000 levels.
 */
public final class Json {
    private static final JSON CODEC = JSON.std.with(JSON.Feature.READ_ONLY, false)
            .without(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    /**
     * The parser skips what lies deeper than {@link Limits#MAX_JSON_DEPTH} without recursion; its own limit only has
     * to stay above any depth the inputs can reach (each level costs one byte, and no input is larger than a 400 KB
     * DynamoDB item), at a small context object per open level.
     */
    private static final JsonFactory PARSERS = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1 << 20).build()).build();

    /** What {@link #read} found: the value, and how many objects or arrays deeper than the bound were cut. */
    public record Read(Object value, int cut) {}

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
     *
     * <p>Maps (their null values left out, as jackson-jr does), lists, arrays, strings, numbers and booleans are
     * written straight to jackson-core's generator; anything else by jackson-jr. Going through jackson-jr's type
     * lookup for every value was a fifth of the capture path's time (docs/BENCHMARKS.md).
     */
    public static String write(Object value) {
        // jackson's pooled buffers, as its own writeValueAsString does: no growing and copying of a StringBuffer
        BufferRecycler buffers = PARSERS._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(buffers)) {
            try (JsonGenerator generator = PARSERS.createGenerator(out)) {
                if (value instanceof Map<?, ?> map) writeObject(generator, map, LAYOUT.get());
                else write(generator, value);
            }
            return sqsSafe(out.getAndClear());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        } finally {
            buffers.releaseToPool();
        }
    }

    /**
     * The field names of the last top-level object this thread wrote, by position, with their pre-escaped forms: one
     * event after another has the same fields in the same order, so a name is usually found by one comparison at its
     * position instead of an identity-map lookup (a tenth of writing an event, docs/BENCHMARKS.md).
     */
    private static final class Layout {
        final String[] names = new String[96];
        final SerializedString[] forms = new SerializedString[96];
    }

    private static final ThreadLocal<Layout> LAYOUT = new ThreadLocal<>() { // not withInitial: no lambda on a cold start
        @Override
        protected Layout initialValue() {
            return new Layout();
        }
    };

    private static void writeObject(JsonGenerator g, Map<?, ?> map, Layout layout) throws IOException {
        g.writeStartObject();
        int position = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getValue() == null) continue;
            String name = entry.getKey() instanceof String text ? text : String.valueOf(entry.getKey());
            if (position < layout.names.length) {
                if (layout.names[position] != name) {
                    layout.names[position] = name;
                    layout.forms[position] = knownNames.get(name); // null: not a known name, escaped when written
                }
                SerializedString form = layout.forms[position++];
                if (form != null) g.writeFieldName(form);
                else g.writeFieldName(name);
            } else {
                writeFieldName(g, name);
            }
            write(g, entry.getValue());
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() == null) continue;
                writeFieldName(g, entry.getKey() instanceof String name ? name : String.valueOf(entry.getKey()));
                write(g, entry.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) write(g, item);
            g.writeEndArray();
        } else if (value instanceof Object[] items) {
            g.writeStartArray();
            for (Object item : items) write(g, item);
            g.writeEndArray();
        } else {
            g.writeRawValue(CODEC.asString(value)); // BigDecimal, enums, records…: jackson-jr's mapping
        }
    }

    /** Known field names, by identity: what {@link #knownFieldName} was given, at most this many. */
    private static final int MAX_KNOWN_NAMES = 8192;
    /**
     * Known field name → its quoted, escaped form, looked up by identity: an event repeats the same ~40 name
     * instances (the schema's constants and the capture's {@code http.request.header.*} keys). Escaping them char by
     * char on every write was 15% of the capture path, and an equality lookup (hashing, comparing) most of what
     * that saved (docs/BENCHMARKS.md). Copied on write: names are added a few dozen times in a process's life.
     */
    private static volatile Map<String, SerializedString> knownNames = withSchemaNames();

    private static Map<String, SerializedString> withSchemaNames() {
        Map<String, SerializedString> names = new IdentityHashMap<>();
        for (EventFields.Field field : EventFields.ALL) names.put(field.name(), new SerializedString(field.name()));
        return names;
    }

    /** Writes {@code name} (this instance) pre-escaped from now on: for field names built once and reused. */
    static synchronized void knownFieldName(String name) {
        Map<String, SerializedString> names = knownNames;
        if (names.containsKey(name) || names.size() >= MAX_KNOWN_NAMES) return;
        Map<String, SerializedString> copy = new IdentityHashMap<>(names);
        copy.put(name, new SerializedString(name));
        knownNames = copy;
    }

    private static void writeFieldName(JsonGenerator g, String name) throws IOException {
        SerializedString known = knownNames.get(name);
        if (known != null) g.writeFieldName(known);
        else g.writeFieldName(name);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Escapes, inside JSON text, every character SQS refuses; such characters can only occur inside strings. */
    static String sqsSafe(String json) {
        int n = json.length();
        int first = 0;
        // every refused character is at or above U+D800 (surrogates, U+FFFE, U+FFFF) or a C0 control, and jackson
        // escapes C0 controls itself: one comparison per character finds the text with nothing to do
        while (first < n && json.charAt(first) < '\uD800') first++;
        if (first == n) return json;
        StringBuilder out = null;
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
            if (bad) out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            else out.append(c);
        }
        return out == null ? json : out.toString();
    }

    /** Parses a JSON object (bounded in depth, see {@link #read}); a non-object or invalid text fails with the parser's reason. */
    public static Map<String, Object> readObject(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty body, expected a JSON object");
        }
        return object(read(text).value());
    }

    public static List<Object> readArray(String text) {
        Object value = read(text).value();
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("expected a JSON array, got " + kind(value));
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value;
        return list;
    }

    /** The object a {@link Read} holds; anything else fails naming what it is. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + kind(value));
        }
        return (Map<String, Object>) value;
    }

    /**
     * Parses one JSON value into maps (ordered, mutable, the last of duplicate keys wins), lists, strings, numbers
     * (Integer, Long or BigInteger; Double), booleans and null. An object or array nested deeper than
     * {@link Limits#MAX_JSON_DEPTH} (the outermost value is at depth 1) becomes the marker
     * {@code {"_truncated_depth": MAX_JSON_DEPTH}} and is counted in {@link Read#cut()}.
     */
    public static Read read(String text) {
        return read(() -> PARSERS.createParser(text));
    }

    /** {@link #read(String)} from the UTF-8 bytes, without first building them into a string (half the work for a large payload). */
    public static Read read(byte[] utf8) {
        return read(() -> PARSERS.createParser(utf8));
    }

    /**
     * Parses a JSON object from its UTF-8 bytes (bounded in depth, see {@link #read(String)}); a non-object or invalid
     * text fails with the parser's reason.
     */
    public static Map<String, Object> readObject(byte[] utf8) {
        if (utf8.length == 0) throw new IllegalArgumentException("empty body, expected a JSON object");
        return object(read(utf8).value());
    }

    private interface Open {
        JsonParser open() throws IOException;
    }

    private static Read read(Open open) {
        try (JsonParser parser = open.open()) {
            JsonToken first = parser.nextToken();
            if (first == null) throw new IllegalArgumentException("invalid JSON: no content");
            int[] cut = new int[1];
            Object value = value(parser, first, 1, cut);
            return new Read(value, cut[0]);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /** The marker that stands for a value cut at {@link Limits#MAX_JSON_DEPTH}. */
    public static Map<String, Object> depthMarker() {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put(Limits.TRUNCATED_DEPTH, Limits.MAX_JSON_DEPTH);
        return marker;
    }

    /** Whether {@code value} is, or holds at any depth, a {@link #depthMarker()}. */
    public static boolean holdsDepthMarker(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey(Limits.TRUNCATED_DEPTH)) return true;
            for (Object v : map.values()) if (holdsDepthMarker(v)) return true;
        } else if (value instanceof List<?> list) {
            for (Object v : list) if (holdsDepthMarker(v)) return true;
        }
        return false;
    }

    private static Object value(JsonParser p, JsonToken token, int depth, int[] cut) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                if (depth > Limits.MAX_JSON_DEPTH) return cut(p, token, cut);
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken(), depth + 1, cut));
                }
                return map;
            }
            case START_ARRAY -> {
                if (depth > Limits.MAX_JSON_DEPTH) return cut(p, token, cut);
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(value(p, t, depth + 1, cut));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("invalid JSON: unexpected " + token);
        }
    }

    /**
     * Skips the object or array the parser is at, in a loop (never by recursion), and returns the marker; a marker
     * already there (an event stored bounded, read again) is kept as it is and not counted as a new cut.
     */
    private static Map<String, Object> cut(JsonParser p, JsonToken start, int[] cut) throws IOException {
        if (start == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            JsonToken t = p.nextToken();
            if (t == JsonToken.FIELD_NAME && Limits.TRUNCATED_DEPTH.equals(p.currentName())) {
                t = p.nextToken();
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    t = p.nextToken();
                    if (t == JsonToken.END_OBJECT) return depthMarker();
                }
            }
            for (int open = 1; ; t = p.nextToken()) { // the rest of the object, from the token just read
                if (t == null) throw new IllegalArgumentException("invalid JSON: unexpected end of input");
                if (t.isStructStart()) open++;
                else if (t.isStructEnd() && --open == 0) break;
            }
        }
        cut[0]++;
        return depthMarker();
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

package actionlog.core;

import static actionlog.core.ActionEvent.*;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every field of schema v1 in one place: name, JSON type, when it is present, and its size bound. The decoder
 * checks the required ones, the capture cuts values to these bounds, and a test holds docs/EVENT_SCHEMA.md
 * against this list, so the document, the code and the stored events cannot drift apart.
 */
public final class EventFields {
    private EventFields() {}

    /** The JSON type as the schema document names it. */
    public enum Type {
        INT("int"), STRING("string"), OBJECT("object"), STRING_ARRAY("string[]");

        public final String label;

        Type(String label) {
            this.label = label;
        }
    }

    /** When a field is present, as the schema document's "always" column says. */
    public enum Presence {
        ALWAYS("yes"), OPTIONAL("no"), PROXY_MODE("proxy mode"), BEACONS("beacons");

        public final String label;

        Presence(String label) {
            this.label = label;
        }
    }

    /**
     * @param name  the JSON key; for {@link #HEADERS} the prefix of one key per header
     * @param bound the longest value the edge writes, in chars; 0 for none
     */
    public record Field(String name, Type type, Presence presence, int bound) {}

    /** One field per request header: {@code http.request.header.<lower-case name>}. */
    public static final Field HEADERS = new Field(F_HEADER_PREFIX + "<name>", Type.STRING, Presence.OPTIONAL, Limits.MAX_HEADER_VALUE);

    public static final List<Field> ALL = List.of(
            new Field(F_SCHEMA, Type.INT, Presence.ALWAYS, 0),
            new Field(F_ID, Type.STRING, Presence.ALWAYS, Limits.MAX_ID),
            new Field(F_KIND, Type.STRING, Presence.ALWAYS, 0),
            new Field(F_TIME, Type.STRING, Presence.ALWAYS, 0),
            new Field(F_USER, Type.STRING, Presence.ALWAYS, Limits.MAX_ID),
            new Field(F_USER_SOURCE, Type.STRING, Presence.ALWAYS, 0),
            new Field(F_SESSION, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_SESSION_NEXT, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_SESSION_SOURCE, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_BROWSER, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_LINKED_BY, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_LINK, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_STITCH_FROM, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_CLIENT, Type.STRING, Presence.ALWAYS, 0),
            new Field(F_COUNTRY, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_METHOD, Type.STRING, Presence.ALWAYS, 32),
            new Field(F_SCHEME, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_HOST, Type.STRING, Presence.OPTIONAL, 255),
            new Field(F_PATH, Type.STRING, Presence.ALWAYS, Limits.MAX_PATH),
            new Field(F_QUERY, Type.STRING, Presence.OPTIONAL, Limits.MAX_QUERY),
            HEADERS,
            new Field(F_BODY_SIZE, Type.INT, Presence.ALWAYS, 0),
            new Field(F_CONTENT_TYPE, Type.STRING, Presence.OPTIONAL, 256),
            new Field(F_USER_AGENT, Type.STRING, Presence.OPTIONAL, Limits.MAX_USER_AGENT),
            new Field(F_STATUS, Type.INT, Presence.PROXY_MODE, 0),
            new Field(F_LATENCY, Type.INT, Presence.PROXY_MODE, 0),
            new Field(F_MODE, Type.STRING, Presence.ALWAYS, 0),
            new Field(F_REQUEST_KIND, Type.STRING, Presence.ALWAYS, 0),
            new Field(F_TRACE_ID, Type.STRING, Presence.PROXY_MODE, 0),
            new Field(F_SPAN_ID, Type.STRING, Presence.PROXY_MODE, 0),
            new Field(F_EDGE_REQUEST_ID, Type.STRING, Presence.OPTIONAL, Limits.MAX_ID),
            new Field(F_EDGE_LOCATION, Type.STRING, Presence.OPTIONAL, 64),
            new Field(F_ACTION, Type.STRING, Presence.BEACONS, Limits.MAX_ID),
            new Field(F_PROPERTIES, Type.OBJECT, Presence.OPTIONAL, 0),
            new Field(F_TRUNCATED, Type.STRING_ARRAY, Presence.OPTIONAL, 0),
            new Field(F_HEADERS_OMITTED, Type.INT, Presence.OPTIONAL, 0),
            new Field(F_ORIGIN_ERROR, Type.STRING, Presence.OPTIONAL, 512),
            new Field(F_RESPONSE_ERROR, Type.STRING, Presence.OPTIONAL, 512),
            new Field(F_ERROR, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_CAPTURE_ERROR, Type.STRING, Presence.OPTIONAL, 0),
            new Field(F_IDENTITY_ERROR, Type.STRING, Presence.OPTIONAL, 0));

    public static final Map<String, Field> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Field::name, Function.identity()));

    /** The bound of a field, in chars; fails for a field the schema does not have. */
    public static int bound(String name) {
        Field field = BY_NAME.get(name);
        if (field == null) throw new IllegalArgumentException("no field " + name + " in schema v" + SCHEMA_VERSION);
        return field.bound();
    }

    /**
     * Text fields the decoder requires of every event, whatever produced it. (A minimal event written after a
     * capture error has these too; client address and body size are left out there, so they are not required.)
     */
    public static final List<String> REQUIRED_TEXT = List.of(F_ID, F_USER, F_METHOD, F_TIME);
}

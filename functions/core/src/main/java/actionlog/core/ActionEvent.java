package actionlog.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded action, schema v1 (docs/EVENT_SCHEMA.md). A thin wrapper over an ordered map whose keys are
 * OpenTelemetry HTTP attribute names where they exist, so the JSON form is the event itself.
 */
public final class ActionEvent {
    public static final int SCHEMA_VERSION = 1;

    public static final String F_SCHEMA = "schema_version";
    public static final String F_ID = "event.id";
    public static final String F_KIND = "event.kind";
    public static final String F_TIME = "event.received_at";
    public static final String F_USER = "user.id";
    public static final String F_USER_SOURCE = "user.id_source";
    public static final String F_SESSION = "session.id";
    /** The session the origin's answer started (a new or rotated session cookie), hashed like {@link #F_SESSION}. */
    public static final String F_SESSION_NEXT = "session.next_id";
    /** Why an identity value was refused or cut (oversize, control characters, a token that did not verify). */
    public static final String F_IDENTITY_ERROR = "actionlog.identity_error";
    /** How the session cookie was told apart: {@code issued} (by the application), {@code listed} or {@code pattern}. */
    public static final String F_SESSION_SOURCE = "session.source";
    /** The browser: {@code b_} and a hash of the edge's browser cookie's random id (never the cookie). */
    public static final String F_BROWSER = "browser.id";
    /** With {@code user.id_source = linked}: the source that named the user when the browser's link started. */
    public static final String F_LINKED_BY = "user.linked_by";
    /** {@code start}: this event starts the browser's (or session's) link to its user; {@code end}: it ends it. */
    public static final String F_LINK = "user.link";
    /** On a link start: from when the anonymous pages before it belong to the user (ISO-8601; absent: unknown). */
    public static final String F_STITCH_FROM = "user.stitch_from";
    /**
     * Added when reading, never stored (the consumer strips it): the user whose trail includes this anonymous event,
     * from the links of its browser or session.
     */
    public static final String F_STITCHED_TO = "user.stitched_to";
    public static final String F_CLIENT = "client.address";
    public static final String F_COUNTRY = "client.geo.country_iso_code";
    public static final String F_METHOD = "http.request.method";
    public static final String F_SCHEME = "url.scheme";
    public static final String F_HOST = "server.address";
    public static final String F_PATH = "url.path";
    public static final String F_QUERY = "url.query";
    public static final String F_HEADER_PREFIX = "http.request.header.";
    public static final String F_BODY_SIZE = "http.request.body.size";
    public static final String F_CONTENT_TYPE = "http.request.content_type";
    public static final String F_USER_AGENT = "user_agent.original";
    public static final String F_STATUS = "http.response.status_code";
    public static final String F_LATENCY = "actionlog.latency_ms";
    public static final String F_MODE = "actionlog.mode";
    public static final String F_TRUNCATED = "actionlog.truncated";
    public static final String F_ACTION = "action.name";
    public static final String F_PROPERTIES = "action.properties";
    public static final String F_AWS_REQUEST_ID = "aws.request_id";
    public static final String F_EDGE_REQUEST_ID = "edge.request_id";
    public static final String F_EDGE_LOCATION = "edge.location";
    public static final String F_HEADERS_OMITTED = "actionlog.headers_omitted";
    public static final String F_ORIGIN_ERROR = "actionlog.origin_error";
    /** Why the viewer got the edge's error instead of the origin's answer (an answer too large to return). */
    public static final String F_RESPONSE_ERROR = "actionlog.response_error";
    public static final String F_ERROR = "actionlog.error";
    public static final String F_CAPTURE_ERROR = "actionlog.capture_error";
    public static final String F_REQUEST_KIND = "actionlog.request_kind";
    public static final String F_TRACE_ID = "trace.id";
    public static final String F_SPAN_ID = "span.id";

    public static final String KIND_HTTP = "http";
    public static final String KIND_BEACON = "beacon";
    public static final String LINK_START = "start";
    public static final String LINK_END = "end";

    private final Map<String, Object> fields;
    /**
     * The text this event was decoded from, while it is unchanged: an event read from a message, an export or a
     * fallback line is written on with the very bytes it came with (a {@code 1e3} stays {@code 1e3}), never
     * re-serialised between hops. Null for events built here, and once any field changes.
     */
    private String source;

    public ActionEvent() {
        this(new LinkedHashMap<>(64), null); // a typical event has ~40 fields: no rehash while capturing
        fields.put(F_SCHEMA, SCHEMA_VERSION);
    }

    private ActionEvent(Map<String, Object> fields, String source) {
        this.fields = fields;
        this.source = source;
    }

    /** Wraps already-validated fields and the text they were read from (see {@link EventCodec#decode}). */
    static ActionEvent wrap(Map<String, Object> fields, String source) {
        return new ActionEvent(fields, source);
    }

    public ActionEvent put(String key, Object value) {
        if (value != null) {
            fields.put(key, value);
            source = null;
        }
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public String string(String key) {
        Object v = fields.get(key);
        return v == null ? null : v.toString();
    }

    public Long number(String key) {
        Object v = fields.get(key);
        return v instanceof Number n ? n.longValue() : null;
    }

    public String id() { return string(F_ID); }
    public String userId() { return string(F_USER); }
    public String sessionId() { return string(F_SESSION); }
    public String clientAddress() { return string(F_CLIENT); }
    public String browserId() { return string(F_BROWSER); }

    /** Removes a field (the consumer drops fields that are only ever added when reading). */
    public ActionEvent remove(String key) {
        if (fields.remove(key) != null) source = null;
        return this;
    }

    public Instant receivedAt() {
        return Instant.parse(string(F_TIME));
    }

    /** Adds a field name to the explicit truncation marker list. */
    public void markTruncated(String field) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) fields.computeIfAbsent(F_TRUNCATED, k -> new ArrayList<>());
        if (!list.contains(field)) {
            list.add(field);
            source = null;
        }
    }

    /**
     * An upper bound of the event's JSON size in bytes: every name and value escaped at 6 bytes per character (a
     * number at 20), plus quotes and separators. Reads the fields directly: iterating {@link #fields()}' view wraps
     * every entry, which was most of what {@link EventCapture} spent checking the bound.
     */
    long worstCaseJsonBytes() {
        long worstCase = 0;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            int length = value instanceof String text ? text.length() : value instanceof Number ? 20 : String.valueOf(value).length();
            worstCase += 6L * (field.getKey().length() + length) + 8;
        }
        return worstCase;
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** The event as JSON: the bytes it was decoded from while unchanged, else freshly written. */
    public String toJson() {
        return source != null ? source : Json.write(fields);
    }

    @Override
    public String toString() {
        return toJson();
    }
}

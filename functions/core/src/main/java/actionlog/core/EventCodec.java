package actionlog.core;

import static actionlog.core.ActionEvent.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads and validates a schema-v1 event from a message body or an exported line. The event keeps the text it was
 * read from, so every hop after the edge passes the same bytes on (see {@link ActionEvent#toJson()}), unless it was
 * nested deeper than {@link Limits#MAX_JSON_DEPTH}: then the deep parts are cut with a marker (see {@link Json#read}),
 * listed in {@code actionlog.truncated}, and the event is written anew.
 */
public final class EventCodec {
    private EventCodec() {}

    public static ActionEvent decode(String json) throws InvalidEventException {
        if (json == null || json.isBlank()) throw new InvalidEventException("empty message body");
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.MAX_EVENT_JSON * 2) {
            throw new InvalidEventException("event is " + bytes + " bytes, more than the " + Limits.MAX_EVENT_JSON * 2
                    + " bytes an event may have; the edge truncates events, so this did not come from it");
        }
        Map<String, Object> fields;
        Json.Read read;
        try {
            read = Json.read(json);
            fields = Json.object(read.value());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("not a JSON event: " + e.getMessage());
        }
        Object version = fields.get(F_SCHEMA);
        if (!(version instanceof Number n) || n.intValue() != SCHEMA_VERSION) {
            throw new InvalidEventException("unsupported " + F_SCHEMA + " " + version + "; this consumer reads version "
                    + SCHEMA_VERSION);
        }
        for (String required : EventFields.REQUIRED_TEXT) requireText(fields, required);
        String time = (String) fields.get(F_TIME);
        try {
            Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(F_TIME + " '" + time + "' is not an ISO-8601 UTC instant");
        }
        if (fields.get(F_ID).toString().length() > Limits.MAX_ID || fields.get(F_USER).toString().length() > Limits.MAX_ID * 2) {
            throw new InvalidEventException(F_ID + " or " + F_USER + " is longer than the edge ever writes");
        }
        if (read.cut() == 0) return ActionEvent.wrap(fields, json);
        // nested deeper than any edge writes now (an older edge's beacon): stored and shown bounded, the cut named
        ActionEvent bounded = ActionEvent.wrap(fields, null);
        for (String field : java.util.List.copyOf(fields.keySet())) {
            if (Json.holdsDepthMarker(fields.get(field))) bounded.markTruncated(field);
        }
        return bounded;
    }

    private static String requireText(Map<String, Object> fields, String key) throws InvalidEventException {
        Object value = fields.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidEventException("missing required field " + key);
        }
        return s;
    }
}

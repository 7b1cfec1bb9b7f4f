package actionlog.core;

import static actionlog.core.ActionEvent.*;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Turns a request into a redacted, size-bounded schema-v1 event. Stateless after construction; thread-safe. */
public final class EventCapture {
    private final CaptureConfig config;
    private final Redactor redactor;

    public EventCapture(CaptureConfig config) {
        this.config = config;
        this.redactor = new Redactor(config);
    }

    public CaptureConfig config() {
        return config;
    }

    /** The event for an HTTP request; {@code mode} is "proxy" or "collect". */
    public ActionEvent capture(ViewerRequest request, String mode) {
        ActionEvent event = new ActionEvent();
        event.put(F_ID, bounded(event, F_ID, request.requestId(), Limits.MAX_ID));
        event.put(F_KIND, KIND_HTTP);
        event.put(F_TIME, Instant.ofEpochMilli(request.receivedAtMs()).toString());

        String client = ClientAddress.resolve(request, config);
        if (config.anonymizeIp() || (config.honorPrivacySignals() && ClientAddress.privacySignal(request))) {
            client = ClientAddress.anonymize(client);
        }
        Identity identity = Identity.resolve(request, config, client);
        event.put(F_USER, bounded(event, F_USER, identity.userId(), Limits.MAX_ID));
        event.put(F_USER_SOURCE, identity.source());
        event.put(F_SESSION, Identity.session(request, config));
        event.put(F_CLIENT, client);
        if (config.trustCloudFrontHeaders()) {
            event.put(F_COUNTRY, request.header("cloudfront-viewer-country"));
        }
        event.put(F_METHOD, bounded(event, F_METHOD, request.method(), 32));
        event.put(F_SCHEME, request.scheme());
        event.put(F_HOST, bounded(event, F_HOST, request.host(), 255));
        event.put(F_PATH, bounded(event, F_PATH, request.path(), Limits.MAX_PATH));
        event.put(F_QUERY, bounded(event, F_QUERY, redactor.query(request.rawQuery()), Limits.MAX_QUERY));
        event.put(F_USER_AGENT, bounded(event, F_USER_AGENT, request.header("user-agent"), Limits.MAX_USER_AGENT));
        event.put(F_BODY_SIZE, request.bodySize());
        event.put(F_CONTENT_TYPE, bounded(event, F_CONTENT_TYPE, request.header("content-type"), 256));
        event.put(F_EDGE_REQUEST_ID, bounded(event, F_EDGE_REQUEST_ID, request.header("x-amz-cf-id"), Limits.MAX_ID));
        event.put(F_EDGE_LOCATION, bounded(event, F_EDGE_LOCATION, request.header("x-amz-cf-pop"), 64));
        event.put(F_MODE, mode);
        putHeaders(event, request.headers());
        return fit(event);
    }

    /** The event for a front-end beacon posted to {@link Names#COLLECT_PATH}. */
    public ActionEvent beacon(ViewerRequest request, Map<String, Object> beacon) {
        ActionEvent event = capture(request, Mode.BEACON);
        event.put(F_KIND, KIND_BEACON);
        Object action = beacon.get("action");
        event.put(F_ACTION, bounded(event, F_ACTION, action == null ? null : action.toString(), Limits.MAX_ID));
        Object properties = beacon.get("properties");
        if (properties instanceof Map<?, ?> map) {
            String json = Json.write(map);
            if (json.length() > Limits.MAX_PROPERTIES_JSON) {
                event.put(F_PROPERTIES, Map.of("_truncated_json", Limits.truncate(json, Limits.MAX_PROPERTIES_JSON)));
                event.markTruncated(F_PROPERTIES);
            } else {
                event.put(F_PROPERTIES, map);
            }
        }
        return fit(event);
    }

    /** Adds what only the origin's answer tells: status and latency (proxy mode). */
    public static void complete(ActionEvent event, int status, long latencyMs) {
        event.put(F_STATUS, status);
        event.put(F_LATENCY, latencyMs);
    }

    /** Fields that identify the event; never shortened further (each is already bounded to {@link Limits#MAX_ID}). */
    private static final java.util.Set<String> KEEP = java.util.Set.of(F_SCHEMA, F_ID, F_TIME, F_USER, F_METHOD, F_TRUNCATED);

    /**
     * Guarantees the serialized event stays under {@link Limits#MAX_EVENT_JSON} bytes. The per-field bounds
     * count characters, but JSON escaping and UTF-8 can make a character cost up to 6 bytes; so when the
     * worst case could exceed the budget, the exact size is measured and the largest fields are halved
     * (and marked) until it fits.
     */
    static ActionEvent fit(ActionEvent event) {
        long worstCase = 0;
        for (Map.Entry<String, Object> field : event.fields().entrySet()) {
            worstCase += 6L * (field.getKey().length() + String.valueOf(field.getValue()).length()) + 8;
        }
        if (worstCase < Limits.MAX_EVENT_JSON) return event;
        while (event.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= Limits.MAX_EVENT_JSON) {
            String largest = null;
            int size = 0;
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                if (KEEP.contains(field.getKey())) continue;
                int length = field.getValue() instanceof String text ? text.length() : Json.write(field.getValue()).length();
                if (length > size) {
                    largest = field.getKey();
                    size = length;
                }
            }
            if (largest == null || size < 16) break; // only identifying fields left, which are bounded anyway
            Object value = event.get(largest);
            String text = value instanceof String v ? v : Json.write(value);
            String cut = Limits.truncate(text, text.length() / 2);
            event.put(largest, value instanceof String ? cut : Map.of("_truncated_json", cut));
            event.markTruncated(largest);
        }
        return event;
    }

    private void putHeaders(ActionEvent event, Map<String, List<String>> headers) {
        int count = 0;
        int total = 0;
        int omitted = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            if (count >= Limits.MAX_HEADERS || total >= Limits.MAX_HEADER_TOTAL || name.length() > 256) {
                omitted++;
                continue;
            }
            String joined = String.join(name.equals("cookie") ? "; " : ", ", header.getValue());
            String value = redactor.header(name, joined);
            String key = F_HEADER_PREFIX + name;
            value = bounded(event, key, value, Math.min(Limits.MAX_HEADER_VALUE, Limits.MAX_HEADER_TOTAL - total));
            event.put(key, value);
            total += name.length() + value.length();
            count++;
        }
        if (omitted > 0) {
            event.put("actionlog.headers_omitted", omitted);
            event.markTruncated(F_HEADER_PREFIX + "*");
        }
    }

    private static String bounded(ActionEvent event, String field, String value, int max) {
        if (value != null && value.length() > max) {
            event.markTruncated(field);
            return Limits.truncate(value, max);
        }
        return value;
    }
}

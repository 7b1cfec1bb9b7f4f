package actionlog.core;

import static actionlog.core.ActionEvent.*;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Turns a request into a redacted, size-bounded schema-v1 event. Stateless after construction; thread-safe. */
public final class EventCapture {
    private final CaptureConfig config;
    private final Redactor redactor;
    private final IdentityResolver identity;

    public EventCapture(CaptureConfig config) {
        this(config, new IdentityResolver(config, null, null));
    }

    /** @param identity decides who made each request (and reads the browser cookie when it has one) */
    public EventCapture(CaptureConfig config, IdentityResolver identity) {
        this.config = config;
        this.redactor = new Redactor(config);
        this.identity = identity;
    }

    public CaptureConfig config() {
        return config;
    }

    /** An event and what its request told about identity, for the decision once the origin answered. */
    public record Captured(ActionEvent event, IdentityResolver.Pending pending) {}

    /** The event for an HTTP request met in {@code mode}, with identity as the request alone tells it. */
    public ActionEvent capture(ViewerRequest request, Mode mode) {
        return captured(request, mode).event();
    }

    /** {@link #capture}, keeping what the request told about identity. */
    public Captured captured(ViewerRequest request, Mode mode) {
        ActionEvent event = new ActionEvent();
        event.put(F_ID, bounded(event, F_ID, request.requestId(), MAX_ID));
        event.put(F_KIND, KIND_HTTP);
        event.put(F_TIME, receivedAt(request.receivedAtMs()));

        String client = ClientAddress.resolve(request, config);
        boolean anonymize = config.anonymizeIp() || (config.honorPrivacySignals() && ClientAddress.privacySignal(request));
        if (anonymize) {
            client = ClientAddress.anonymize(client);
        }
        IdentityResolver.Pending pending = identity.begin(request, client);
        identity.decide(pending).writeTo(event);
        if (event.get(F_IDENTITY_ERROR) instanceof String problem) event.put(F_IDENTITY_ERROR, redactor.text(problem));
        event.put(F_CLIENT, client);
        if (config.trustCloudFrontHeaders()) {
            event.put(F_COUNTRY, bounded(event, F_COUNTRY, redactor.text(request.header(EdgeProtocol.VIEWER_COUNTRY_HEADER)), 8));
        }
        // Every stored string goes through the redactor once, here or in putHeaders; identifiers stay verbatim
        event.put(F_METHOD, bounded(event, F_METHOD, redactor.text(request.method()), MAX_METHOD));
        event.put(F_SCHEME, redactor.text(request.scheme()));
        event.put(F_HOST, bounded(event, F_HOST, redactor.text(request.host()), MAX_HOST));
        event.put(F_PATH, bounded(event, F_PATH, redactor.path(request.path()), MAX_PATH));
        event.put(F_QUERY, bounded(event, F_QUERY, redactor.query(request.rawQuery()), MAX_QUERY));
        // the user agent and content type fields are their headers' stored values: redacted once, by the header rules
        String userAgent = pending.userAgent();
        String userAgentStored = redactor.header(headerField("user-agent").rule(), userAgent);
        String contentType = request.header("content-type");
        String contentTypeStored = redactor.header(headerField("content-type").rule(), contentType);
        event.put(F_USER_AGENT, bounded(event, F_USER_AGENT, userAgentStored, MAX_USER_AGENT));
        event.put(F_BODY_SIZE, request.bodySize());
        event.put(F_CONTENT_TYPE, bounded(event, F_CONTENT_TYPE, contentTypeStored, MAX_CONTENT_TYPE));
        event.put(F_EDGE_REQUEST_ID, bounded(event, F_EDGE_REQUEST_ID, request.header("x-amz-cf-id"), MAX_EDGE_REQUEST_ID));
        event.put(F_EDGE_LOCATION, bounded(event, F_EDGE_LOCATION, redactor.text(request.header("x-amz-cf-pop")), MAX_EDGE_LOCATION));
        event.put(F_MODE, mode.value());
        event.put(F_REQUEST_KIND, RequestKind.of(request));
        putHeaders(event, request.headers(), anonymize, pending, userAgentStored, contentType, contentTypeStored);
        return new Captured(fit(event), pending);
    }

    /** The event for a front-end beacon posted to {@link EdgeProtocol#COLLECT_PATH}. */
    public ActionEvent beacon(ViewerRequest request, Map<String, Object> beacon) {
        ActionEvent event = capture(request, Mode.BEACON);
        event.put(F_KIND, KIND_BEACON);
        if (Identity.ANONYMOUS.equals(event.string(F_USER_SOURCE)) && beacon.get("user") instanceof String claimed) {
            StringBuilder problems = new StringBuilder();
            Identity said = Identity.named(claimed, Identity.CLAIMED, "beacon field user", problems);
            if (said != null) said.writeTo(event);
            if (!problems.isEmpty()) event.put(F_IDENTITY_ERROR, problems.toString());
        }
        Object action = beacon.get("action");
        event.put(F_ACTION, bounded(event, F_ACTION, action == null ? null : redactor.text(action.toString()), MAX_ACTION));
        Object properties = beacon.get("properties");
        if (properties instanceof Map<?, ?> raw) {
            Redactor.Properties redacted = redactor.properties(raw);
            Map<String, Object> map = redacted.value();
            if (redacted.depthCut()) event.markTruncated(F_PROPERTIES);
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

    /** The last second formatted, as {@code 2026-11-22T14:05:00}: requests of the same second share it. */
    private static volatile Object[] lastSecond = {Long.MIN_VALUE, ""};

    /**
     * {@code Instant.ofEpochMilli(ms).toString()} (ISO-8601, milliseconds only when not zero), with the date and time
     * of day formatted once per second: the formatter was a twentieth of the capture path.
     */
    static String receivedAt(long epochMs) {
        long second = Math.floorDiv(epochMs, 1000);
        int millis = (int) Math.floorMod(epochMs, 1000);
        Object[] cached = lastSecond;
        String prefix;
        if ((long) cached[0] == second) {
            prefix = (String) cached[1];
        } else {
            String whole = Instant.ofEpochSecond(second).toString();
            prefix = whole.substring(0, whole.length() - 1); // without the Z
            lastSecond = new Object[] {second, prefix};
        }
        if (millis == 0) return prefix + 'Z';
        return prefix + '.' + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10) + (char) ('0' + millis % 10) + 'Z';
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
        if (event.worstCaseJsonBytes() < Limits.MAX_EVENT_JSON) return event;
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

    /** Address-carrying headers whose copies are anonymised with the client address (DNT, Sec-GPC, anonymizeIp). */
    public static final java.util.Set<String> ADDRESS_HEADERS = java.util.Set.of(
            "x-forwarded-for", "x-real-ip", "cloudfront-viewer-address", "forwarded", "true-client-ip",
            "cf-connecting-ip", "x-client-ip", "x-cluster-client-ip", "fastly-client-ip");
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9.])");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])");

    /** Every IP literal in an address header's value, anonymised like the client address (ports dropped). */
    static String anonymizeAddresses(String name, String value) {
        if (name.equals("cloudfront-viewer-address")) {
            String address = ClientAddress.stripPort(value);
            return ClientAddress.isIpLiteral(address) ? ClientAddress.anonymize(address) : Redactor.REDACTED;
        }
        String out = IPV4.matcher(value).replaceAll(m -> ClientAddress.anonymize(m.group()));
        return IPV6.matcher(out).replaceAll(m -> m.group().chars().filter(c -> c == ':').count() >= 2
                && ClientAddress.isIpLiteral(m.group()) ? ClientAddress.anonymize(m.group()) : m.group());
    }

    /**
     * Every header as a field, each value redacted once; the user agent's and content type's values, already redacted
     * for their own fields ({@code raw} → {@code stored}), are reused when the header has that one value, and the
     * Cookie headers' pairs as identity read them ({@link IdentityResolver.Pending#cookies}) give the stored names.
     */
    private void putHeaders(ActionEvent event, Map<String, List<String>> headers, boolean anonymize,
                            IdentityResolver.Pending pending, String userAgentStored, String contentType, String contentTypeStored) {
        String userAgent = pending.userAgent();
        int count = 0;
        int total = 0;
        int omitted = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            if (count >= Limits.MAX_HEADERS || total >= Limits.MAX_HEADER_TOTAL || name.length() > 256) {
                omitted++;
                continue;
            }
            List<String> values = header.getValue();
            String joined = values.size() == 1 ? values.get(0) : String.join(name.equals("cookie") ? "; " : ", ", values);
            HeaderField field = headerField(name);
            String value = joined == userAgent && name.equals("user-agent") ? userAgentStored
                    : joined == contentType && name.equals("content-type") ? contentTypeStored
                    : name.equals("cookie") ? redactor.cookieHeader(pending.cookies()) // Cookies.of: every "cookie" value
                    : redactor.header(field.rule(), joined);
            if (anonymize && field.address()) value = anonymizeAddresses(name, value);
            String key = field.key();
            if (name.equals(config.identityHeader())) value = bounded(event, key, value, Limits.MAX_ID); // as user.id
            value = bounded(event, key, value, Math.min(Limits.MAX_HEADER_VALUE, Limits.MAX_HEADER_TOTAL - total));
            event.put(key, value);
            total += name.length() + value.length();
            count++;
        }
        if (omitted > 0) {
            event.put(F_HEADERS_OMITTED, omitted);
            event.markTruncated(F_HEADER_PREFIX + "*");
        }
    }

    /**
     * What a header name decides, once per name: its field name (built once, so its hash is computed once: a tenth of
     * putting 20 headers), the redaction rule of its values, and whether it carries addresses.
     */
    private record HeaderField(String key, Redactor.HeaderRule rule, boolean address) {}

    private final Map<String, HeaderField> headerFields = new java.util.concurrent.ConcurrentHashMap<>();

    private HeaderField headerField(String name) {
        HeaderField field = headerFields.get(name);
        if (field != null) return field;
        String key = F_HEADER_PREFIX + name;
        field = new HeaderField(key, redactor.headerRule(name), ADDRESS_HEADERS.contains(name));
        if (headerFields.size() < 4096) { // a hostile stream of new names is not cached
            headerFields.put(name, field);
            Json.knownFieldName(key);
        }
        return field;
    }

    /** The bounds in {@link EventFields} of the fields cut here, read once (a map lookup per field was 1.5% of capture). */
    private static final int MAX_ID = EventFields.bound(F_ID), MAX_METHOD = EventFields.bound(F_METHOD),
            MAX_HOST = EventFields.bound(F_HOST), MAX_PATH = EventFields.bound(F_PATH), MAX_QUERY = EventFields.bound(F_QUERY),
            MAX_USER_AGENT = EventFields.bound(F_USER_AGENT), MAX_CONTENT_TYPE = EventFields.bound(F_CONTENT_TYPE),
            MAX_EDGE_REQUEST_ID = EventFields.bound(F_EDGE_REQUEST_ID), MAX_EDGE_LOCATION = EventFields.bound(F_EDGE_LOCATION),
            MAX_ACTION = EventFields.bound(F_ACTION);

    private static String bounded(ActionEvent event, String field, String value, int max) {
        if (value != null && value.length() > max) {
            event.markTruncated(field);
            return Limits.truncate(value, max);
        }
        return value;
    }
}

package actionlog.edge;

import actionlog.core.ActionEvent;
import actionlog.core.BrowserCookie;
import actionlog.core.CaptureConfig;
import actionlog.core.EdgeProtocol;
import actionlog.core.EventCapture;
import actionlog.core.EventFields;
import actionlog.core.IdentityResolver;
import actionlog.core.Json;
import actionlog.core.Limits;
import actionlog.core.Mode;
import actionlog.core.TraceContext;
import actionlog.core.Utf8;
import actionlog.core.ViewerRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The edge: answers (proxy or collect mode), captures, and hands the event to the sender. Capture can never
 * break or delay the user's request: the origin call starts first, capture runs while it is in flight, any
 * capture failure still yields a minimal event, and sending is asynchronous and fail-open.
 */
public final class EdgeService {
    public static final String SECRET_HEADER = EdgeProtocol.ORIGIN_SECRET_HEADER;
    static final int MAX_BEACON_BYTES = 64 * 1024;

    /** The response, and the send of its event (complete once SQS or the fallback sink has it). */
    public record Outcome(EdgeResponse response, CompletableFuture<Void> sent) {}

    private final EdgeConfig config;
    private final EventCapture capture;
    private final EventSender sender;
    private final OriginClient origin;
    private final OriginIdentity identity;
    /** The origin-secret values accepted (current and previous); null disables the check. */
    private final OriginSecrets secrets;
    private final RefusedCalls refused;
    private final ResponseLimit limit;

    /**
     * An edge that checks the configured origin secret, counts refused calls on standard output, whose transport
     * carries any answer, and whose browser-cookie key belongs to this process only (browser ids do not survive a
     * restart: tests, one-off edges).
     */
    public EdgeService(EdgeConfig config, EventSender sender) {
        this(builder(config, sender));
    }

    /** Everything an edge needs beside its configuration and sender, each with the default named on its setter. */
    public static Builder builder(EdgeConfig config, EventSender sender) {
        return new Builder(config, sender);
    }

    public static final class Builder {
        private final EdgeConfig config;
        private final EventSender sender;
        private OriginSecrets secrets;
        private RefusedCalls refused = RefusedCalls.stdout(FallbackSink.LOCAL_STACK);
        private ResponseLimit limit = ResponseLimit.NONE;
        private List<byte[]> browserKeys;

        private Builder(EdgeConfig config, EventSender sender) {
            this.config = config;
            this.sender = sender;
            this.secrets = config.originSecret() == null ? null : OriginSecrets.fixed(config.originSecret());
        }

        /** The origin-secret values accepted; null disables the check. @default the configured secret, if any */
        public Builder originSecrets(OriginSecrets secrets) {
            this.secrets = secrets;
            return this;
        }

        /** Counts the requests refused for lacking the origin secret. @default a metric line on standard output */
        public Builder refusedCalls(RefusedCalls refused) {
            this.refused = refused;
            return this;
        }

        /** What the transport can carry ({@link FunctionUrlPayload#LIMIT} behind a Function URL). @default no limit */
        public Builder responseLimit(ResponseLimit limit) {
            this.limit = limit;
            return this;
        }

        /**
         * The browser cookie's keys, the sealing one first (every edge of a deployment must share them). Default: one
         * random key of this process.
         */
        public Builder browserKeys(List<byte[]> browserKeys) {
            this.browserKeys = browserKeys;
            return this;
        }

        public EdgeService build() {
            return new EdgeService(this);
        }
    }

    private EdgeService(Builder b) {
        EdgeConfig config = b.config;
        List<byte[]> browserKeys = b.browserKeys != null ? b.browserKeys : List.of(BrowserCookie.randomKey());
        this.config = config;
        CaptureConfig capture = config.capture();
        // only a proxy answers with the cookie; a collect-only edge has no answer to carry it
        BrowserCookie cookie = config.proxyMode() && capture.browserCookie() != null
                ? new BrowserCookie(capture.browserCookie(), browserKeys) : null;
        // JwtVerifier's class initialisation loads Nimbus: only touched when a JWKS URL is configured (cold start)
        IdentityResolver resolver = new IdentityResolver(capture, capture.jwt() == null ? null : JwtVerifier.of(capture), cookie);
        this.capture = new EventCapture(capture, resolver);
        this.identity = new OriginIdentity(capture, resolver);
        this.sender = b.sender;
        this.origin = config.proxyMode() ? new OriginClient(config) : null;
        this.secrets = b.secrets;
        this.refused = b.refused;
        this.limit = b.limit;
    }

    /**
     * The 403 for a request without an accepted origin secret, counted, or null when the request may go on. Checked
     * before anything else is done with the request: a direct call to the public Function URL is billed, and must
     * cost as little as the invocation itself. {@code source} is the caller's address, for the log line.
     */
    public Outcome refusal(String secretHeader, String source) {
        if (secrets == null || secrets.accepts(secretHeader)) return null;
        refused.count(source);
        return new Outcome(EdgeResponse.text(403, "Forbidden: requests must come through the CloudFront distribution"), done());
    }

    /** Answers one request; {@code body} is the request body as received (empty when there is none). */
    public Outcome handle(ViewerRequest request, byte[] body) {
        return handle(request, body, null);
    }

    /**
     * Answers one request whose target, exactly as the viewer sent it (one char per byte, see {@link Wire}), the
     * origin receives byte for byte; null builds it from the request's path and query. The event is handed to the
     * sender before this returns.
     */
    public Outcome handle(ViewerRequest request, byte[] body, String rawTarget) {
        return send(answer(request, body, rawTarget));
    }

    /** An answer and the event that records it (null when the request records none), not sent yet. */
    public record Answer(EdgeResponse response, ActionEvent event) {}

    /**
     * {@link #handle} without the send, for a transport that can write the answer first and then call
     * {@link #send(Answer)}: the hand-off wakes the sender's threads, and on a busy machine they would otherwise
     * run before the answer is written.
     */
    public Answer answer(ViewerRequest request, byte[] body, String rawTarget) {
        Outcome refusal = refusal(request.header(SECRET_HEADER), request.sourceIp());
        if (refusal != null) return new Answer(refusal.response(), null);
        request = withEventId(request);
        if (EdgeProtocol.HEALTH_PATH.equals(request.path())) {
            return new Answer(EdgeResponse.json(200, Map.of("status", "ok", "mode", (config.proxyMode() ? Mode.PROXY : Mode.COLLECT).value())), null);
        }
        if (EdgeProtocol.COLLECT_PATH.equals(request.path())) {
            return collect(request, body);
        }
        if (origin == null) {
            return new Answer(EdgeResponse.empty(204), safeCapture(request, Mode.COLLECT));
        }
        return proxy(request, body, rawTarget);
    }

    /** Hands the answer's event, if any, to the sender; the outcome's send completes once SQS or the fallback sink has it. */
    public Outcome send(Answer answer) {
        return new Outcome(answer.response(), answer.event() == null ? done() : sender.send(answer.event()));
    }

    /**
     * The event id is the edge's own (the Lambda request id, or the local adapter's); CloudFront's request id is
     * used instead only on requests that proved with the origin secret that CloudFront sent them, so a client can
     * never choose the id of its event (and make {@code request <id>} show someone else's).
     */
    private ViewerRequest withEventId(ViewerRequest request) {
        String cloudFrontId = request.header("x-amz-cf-id");
        if (secrets == null || cloudFrontId == null || cloudFrontId.isBlank() || cloudFrontId.length() > Limits.MAX_ID) return request;
        return new ViewerRequest(cloudFrontId, request.receivedAtMs(), request.method(), request.scheme(), request.host(),
                request.path(), request.rawQuery(), request.headers(), request.sourceIp(), request.bodySize());
    }

    public EdgeConfig config() {
        return config;
    }

    private Answer proxy(ViewerRequest request, byte[] body, String rawTarget) {
        long start = System.nanoTime();
        CompletableFuture<EdgeResponse> answer;
        TraceContext trace = TraceContext.continueFrom(request.header(TraceContext.HEADER));
        try {
            answer = origin.forward(trace.applyTo(identity.forwarded(request)), body, rawTarget);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        EventCapture.Captured captured = safeCaptured(request, Mode.PROXY); // runs while the origin works
        ActionEvent event = captured.event();
        trace.record(event);
        EdgeResponse response;
        try {
            response = answer.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.io.UncheckedIOException io && io.getCause() != null) cause = io.getCause();
            String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            event.put(ActionEvent.F_ORIGIN_ERROR, Limits.truncate(reason, EventFields.bound(ActionEvent.F_ORIGIN_ERROR)));
            response = EdgeResponse.text(502, "Bad Gateway: the origin " + config.origin() + " did not answer (" + reason + ")");
        }
        if (captured.pending() != null) response = identity.apply(event, captured.pending(), request, body, response);
        String tooLarge = limit.refusal(response);
        if (tooLarge != null) { // the viewer would get the transport's error: give it ours, and record that
            event.put(ActionEvent.F_RESPONSE_ERROR, Limits.truncate(tooLarge, EventFields.bound(ActionEvent.F_RESPONSE_ERROR)));
            response = EdgeResponse.text(502, "Bad Gateway: " + tooLarge);
        }
        EventCapture.complete(event, response.status(), (System.nanoTime() - start) / 1_000_000);
        return new Answer(response, event);
    }

    private Answer collect(ViewerRequest request, byte[] body) {
        Map<String, String> cors = cors(request.header("origin"));
        if ("OPTIONS".equals(request.method())) {
            Map<String, String> headers = new LinkedHashMap<>(cors);
            if (!cors.isEmpty()) {
                headers.put("access-control-allow-methods", "POST, OPTIONS");
                headers.put("access-control-allow-headers", "content-type");
                headers.put("access-control-max-age", "600");
            }
            return new Answer(EdgeResponse.empty(204).withHeaders(headers), null);
        }
        if (!"POST".equals(request.method())) {
            return new Answer(EdgeResponse.json(405, Map.of("error", "use POST with a JSON body {\"action\": ..., \"properties\": {...}}")).withHeaders(cors), null);
        }
        String error = null;
        Map<String, Object> beacon = Map.of();
        if (body.length > MAX_BEACON_BYTES) {
            error = "beacon is " + body.length + " bytes; the limit is " + MAX_BEACON_BYTES;
        } else {
            try {
                beacon = Json.readObject(utf8(body));
                if (!(beacon.get("action") instanceof String a) || a.isBlank()) {
                    error = "field \"action\" must be a non-empty string";
                } else if (beacon.containsKey("properties") && !(beacon.get("properties") instanceof Map)) {
                    error = "field \"properties\" must be a JSON object";
                }
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
        }
        ActionEvent event;
        try {
            event = capture.beacon(request, error == null ? beacon : Map.of("action", "invalid_beacon"));
        } catch (RuntimeException e) {
            event = safeCapture(request, Mode.BEACON);
        }
        if (error != null) {
            event.put(ActionEvent.F_ERROR, error);
            return new Answer(EdgeResponse.json(body.length > MAX_BEACON_BYTES ? 413 : 400, Map.of("error", error)).withHeaders(cors),
                    event);
        }
        return new Answer(EdgeResponse.empty(204).withHeaders(cors), event);
    }

    /** The body as text; bytes that are not UTF-8 are refused (never silently replaced). */
    private static String utf8(byte[] body) {
        String text = Utf8.decodeOrNull(body);
        if (text == null) throw new IllegalArgumentException("beacon body is not valid UTF-8; send the JSON encoded as UTF-8");
        return text;
    }

    /** Capture that cannot fail: a bug or absurd input still yields a minimal event naming the problem. */
    private ActionEvent safeCapture(ViewerRequest request, Mode mode) {
        return safeCaptured(request, mode).event();
    }

    /** {@link #safeCapture} with what the request told about identity (none after a capture error). */
    private EventCapture.Captured safeCaptured(ViewerRequest request, Mode mode) {
        try {
            return capture.captured(request, mode);
        } catch (RuntimeException e) {
            ActionEvent event = new ActionEvent()
                    .put(ActionEvent.F_ID, Limits.truncate(request.requestId(), Limits.MAX_ID))
                    .put(ActionEvent.F_KIND, ActionEvent.KIND_HTTP)
                    .put(ActionEvent.F_TIME, Instant.ofEpochMilli(request.receivedAtMs()).toString())
                    .put(ActionEvent.F_USER, "unknown")
                    .put(ActionEvent.F_USER_SOURCE, "capture_error")
                    .put(ActionEvent.F_METHOD, Limits.truncate(request.method(), 32))
                    .put(ActionEvent.F_PATH, Limits.truncate(request.path(), Limits.MAX_PATH))
                    .put(ActionEvent.F_MODE, mode.value())
                    .put(ActionEvent.F_CAPTURE_ERROR, String.valueOf(e));
            return new EventCapture.Captured(event, null);
        }
    }

    /**
     * CORS for beacons: a listed origin is answered with itself and credentials; {@code *} answers {@code *}
     * without credentials (browsers then send no cookies); an origin is never reflected unless listed, and the
     * opaque origin {@code null} (sandboxed frames, file: pages) never is.
     */
    private Map<String, String> cors(String requestOrigin) {
        if (requestOrigin == null || config.corsOrigins().isEmpty()) return Map.of();
        if (!"null".equals(requestOrigin) && config.corsOrigins().contains(requestOrigin)) {
            return Map.of("access-control-allow-origin", requestOrigin, "access-control-allow-credentials", "true",
                    "vary", "Origin");
        }
        if (config.corsOrigins().contains("*")) return Map.of("access-control-allow-origin", "*");
        return Map.of();
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}

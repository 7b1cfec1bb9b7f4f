package actionlog.edge;

import actionlog.core.Mode;
import actionlog.core.EdgeProtocol;
import actionlog.core.ActionEvent;
import actionlog.core.EventCapture;
import actionlog.core.ViewerRequest;
import actionlog.core.Json;
import actionlog.core.Limits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
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
    private final byte[] secret;

    public EdgeService(EdgeConfig config, EventSender sender) {
        this.config = config;
        this.capture = new EventCapture(config.capture());
        this.sender = sender;
        this.origin = config.proxyMode() ? new OriginClient(config) : null;
        this.secret = config.originSecret() == null ? null : config.originSecret().getBytes(StandardCharsets.UTF_8);
    }

    /** Answers one request; {@code body} is the request body as received (empty when there is none). */
    public Outcome handle(ViewerRequest request, byte[] body) {
        return handle(request, body, null);
    }

    /**
     * Answers one request whose target, exactly as the viewer sent it (one char per byte, see {@link Wire}), the
     * origin receives byte for byte; null builds it from the request's path and query.
     */
    public Outcome handle(ViewerRequest request, byte[] body, String rawTarget) {
        if (secret != null && !secretMatches(request.header(SECRET_HEADER))) {
            return new Outcome(EdgeResponse.text(403, "Forbidden: requests must come through the CloudFront distribution"), done());
        }
        if (EdgeProtocol.HEALTH_PATH.equals(request.path())) {
            return new Outcome(EdgeResponse.json(200, Map.of("status", "ok", "mode", config.proxyMode() ? "proxy" : "collect")), done());
        }
        if (EdgeProtocol.COLLECT_PATH.equals(request.path())) {
            return collect(request, body);
        }
        if (origin == null) {
            return new Outcome(EdgeResponse.empty(204), sender.send(safeCapture(request, Mode.COLLECT)));
        }
        return proxy(request, body, rawTarget);
    }

    public EdgeConfig config() {
        return config;
    }

    private Outcome proxy(ViewerRequest request, byte[] body, String rawTarget) {
        long start = System.nanoTime();
        CompletableFuture<EdgeResponse> answer;
        try {
            answer = origin.forward(request, body, rawTarget);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        ActionEvent event = safeCapture(request, Mode.PROXY); // runs while the origin works
        EdgeResponse response;
        try {
            response = answer.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.io.UncheckedIOException io && io.getCause() != null) cause = io.getCause();
            String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            event.put("actionlog.origin_error", Limits.truncate(reason, 512));
            response = EdgeResponse.text(502, "Bad Gateway: the origin " + config.origin() + " did not answer (" + reason + ")");
        }
        EventCapture.complete(event, response.status(), (System.nanoTime() - start) / 1_000_000);
        return new Outcome(response, sender.send(event));
    }

    private Outcome collect(ViewerRequest request, byte[] body) {
        Map<String, String> cors = cors(request.header("origin"));
        if ("OPTIONS".equals(request.method())) {
            Map<String, String> headers = new LinkedHashMap<>(cors);
            if (!cors.isEmpty()) {
                headers.put("access-control-allow-methods", "POST, OPTIONS");
                headers.put("access-control-allow-headers", "content-type");
                headers.put("access-control-max-age", "600");
            }
            return new Outcome(EdgeResponse.empty(204).withHeaders(headers), done());
        }
        if (!"POST".equals(request.method())) {
            return new Outcome(EdgeResponse.json(405, Map.of("error", "use POST with a JSON body {\"action\": ..., \"properties\": {...}}")).withHeaders(cors), done());
        }
        String error = null;
        Map<String, Object> beacon = Map.of();
        if (body.length > MAX_BEACON_BYTES) {
            error = "beacon is " + body.length + " bytes; the limit is " + MAX_BEACON_BYTES;
        } else {
            try {
                beacon = Json.readObject(new String(body, StandardCharsets.UTF_8));
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
            event.put("actionlog.error", error);
            return new Outcome(EdgeResponse.json(body.length > MAX_BEACON_BYTES ? 413 : 400, Map.of("error", error)).withHeaders(cors),
                    sender.send(event));
        }
        return new Outcome(EdgeResponse.empty(204).withHeaders(cors), sender.send(event));
    }

    /** Capture that cannot fail: a bug or absurd input still yields a minimal event naming the problem. */
    private ActionEvent safeCapture(ViewerRequest request, String mode) {
        try {
            return capture.capture(request, mode);
        } catch (RuntimeException e) {
            ActionEvent event = new ActionEvent()
                    .put(ActionEvent.F_ID, Limits.truncate(request.requestId(), Limits.MAX_ID))
                    .put(ActionEvent.F_KIND, ActionEvent.KIND_HTTP)
                    .put(ActionEvent.F_TIME, Instant.ofEpochMilli(request.receivedAtMs()).toString())
                    .put(ActionEvent.F_USER, "unknown")
                    .put(ActionEvent.F_USER_SOURCE, "capture_error")
                    .put(ActionEvent.F_METHOD, Limits.truncate(request.method(), 32))
                    .put(ActionEvent.F_PATH, Limits.truncate(request.path(), Limits.MAX_PATH))
                    .put(ActionEvent.F_MODE, mode)
                    .put("actionlog.capture_error", String.valueOf(e));
            return event;
        }
    }

    private boolean secretMatches(String presented) {
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> cors(String requestOrigin) {
        if (requestOrigin == null || config.corsOrigins().isEmpty()) return Map.of();
        if (config.corsOrigins().contains(requestOrigin) || config.corsOrigins().contains("*")) {
            return Map.of("access-control-allow-origin", requestOrigin, "access-control-allow-credentials", "true",
                    "vary", "Origin");
        }
        return Map.of();
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}

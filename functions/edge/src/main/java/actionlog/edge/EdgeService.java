package actionlog.edge;

import actionlog.core.Mode;
import actionlog.core.EdgeProtocol;
import actionlog.core.ActionEvent;
import actionlog.core.EventCapture;
import actionlog.core.HttpRequest;
import actionlog.core.Json;
import actionlog.core.Limits;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * The edge: answers (proxy or collect mode), captures, and hands the event to the sender. Capture can never
 * break or delay the user's request: the origin call starts first, capture runs while it is in flight, any
 * capture failure still yields a minimal event, and sending is asynchronous and fail-open.
 */
public final class EdgeService {
    public static final String SECRET_HEADER = EdgeProtocol.ORIGIN_SECRET_HEADER;
    static final int MAX_BEACON_BYTES = 64 * 1024;

    /** The response, and the send of its event (complete once SQS or the fallback sink has it). */
    public record Outcome(APIGatewayV2HTTPResponse response, CompletableFuture<Void> sent) {}

    private final EdgeConfig config;
    private final EventCapture capture;
    private final EventSender sender;
    private final OriginClient origin;
    private final LongSupplier clock;
    private final OriginSecrets secrets;

    public EdgeService(EdgeConfig config, EventSender sender, LongSupplier clock) {
        this(config, sender, clock, config.originSecret() == null ? null : OriginSecrets.fixed(config.originSecret()));
    }

    /** @param secrets the origin-secret values accepted; null disables the check */
    public EdgeService(EdgeConfig config, EventSender sender, LongSupplier clock, OriginSecrets secrets) {
        this.config = config;
        this.capture = new EventCapture(config.capture());
        this.sender = sender;
        this.origin = config.proxyMode() ? new OriginClient(config.origin(), config.originTimeout()) : null;
        this.clock = clock;
        this.secrets = secrets;
    }

    public Outcome handle(APIGatewayV2HTTPEvent event) {
        long received = clock.getAsLong();
        byte[] body;
        try {
            body = LambdaHttp.body(event);
        } catch (IllegalArgumentException badBase64) {
            body = new byte[0];
        }
        HttpRequest request = LambdaHttp.request(event, body, received);
        if (secrets != null && !secrets.accepts(request.header(SECRET_HEADER))) {
            return new Outcome(text(403, "Forbidden: requests must come through the CloudFront distribution"), done());
        }
        if (EdgeProtocol.HEALTH_PATH.equals(request.path())) {
            return new Outcome(json(200, Map.of("status", "ok", "mode", config.proxyMode() ? "proxy" : "collect")), done());
        }
        if (EdgeProtocol.COLLECT_PATH.equals(request.path())) {
            return collect(request, body);
        }
        if (origin == null) {
            return new Outcome(empty(204), sender.send(safeCapture(request, Mode.COLLECT)));
        }
        return proxy(request, body);
    }

    private Outcome proxy(HttpRequest request, byte[] body) {
        long start = System.nanoTime();
        CompletableFuture<OriginClient.Response> answer;
        try {
            answer = origin.forward(request, body, request.sourceIp());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        ActionEvent event = safeCapture(request, Mode.PROXY); // runs while the origin works
        OriginClient.Response response;
        try {
            response = answer.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.io.UncheckedIOException io && io.getCause() != null) cause = io.getCause();
            String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            event.put("actionlog.origin_error", Limits.truncate(reason, 512));
            response = new OriginClient.Response(502, Map.of("content-type", List.of("text/plain; charset=utf-8")),
                    ("Bad Gateway: the origin " + config.origin() + " did not answer (" + reason + ")")
                            .getBytes(StandardCharsets.UTF_8));
        }
        EventCapture.complete(event, response.status(), (System.nanoTime() - start) / 1_000_000);
        return new Outcome(toLambda(response), sender.send(event));
    }

    private Outcome collect(HttpRequest request, byte[] body) {
        Map<String, String> cors = cors(request.header("origin"));
        if ("OPTIONS".equals(request.method())) {
            Map<String, String> headers = new LinkedHashMap<>(cors);
            if (!cors.isEmpty()) {
                headers.put("access-control-allow-methods", "POST, OPTIONS");
                headers.put("access-control-allow-headers", "content-type");
                headers.put("access-control-max-age", "600");
            }
            return new Outcome(withHeaders(empty(204), headers), done());
        }
        if (!"POST".equals(request.method())) {
            return new Outcome(withHeaders(json(405, Map.of("error", "use POST with a JSON body {\"action\": ..., \"properties\": {...}}")), cors), done());
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
            return new Outcome(withHeaders(json(body.length > MAX_BEACON_BYTES ? 413 : 400, Map.of("error", error)), cors),
                    sender.send(event));
        }
        return new Outcome(withHeaders(empty(204), cors), sender.send(event));
    }

    /** Capture that cannot fail: a bug or absurd input still yields a minimal event naming the problem. */
    private ActionEvent safeCapture(HttpRequest request, String mode) {
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

    private Map<String, String> cors(String requestOrigin) {
        if (requestOrigin == null || config.corsOrigins().isEmpty()) return Map.of();
        if (config.corsOrigins().contains(requestOrigin) || config.corsOrigins().contains("*")) {
            return Map.of("access-control-allow-origin", requestOrigin, "access-control-allow-credentials", "true",
                    "vary", "Origin");
        }
        return Map.of();
    }

    static APIGatewayV2HTTPResponse toLambda(OriginClient.Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        response.headers().forEach((name, values) -> {
            if (name.equals("set-cookie")) cookies.addAll(values);
            else headers.put(name, String.join(", ", values));
        });
        APIGatewayV2HTTPResponse out = new APIGatewayV2HTTPResponse();
        out.setStatusCode(response.status());
        out.setHeaders(headers);
        if (!cookies.isEmpty()) out.setCookies(cookies);
        String text = asText(headers.get("content-type"), response.body());
        if (text != null) {
            out.setBody(text);
            out.setIsBase64Encoded(false);
        } else {
            out.setBody(Base64.getEncoder().encodeToString(response.body()));
            out.setIsBase64Encoded(true);
        }
        return out;
    }

    /** The body as a string when it is declared textual and is valid UTF-8 (so the round trip is exact). */
    private static String asText(String contentType, byte[] body) {
        if (body.length == 0) return "";
        if (contentType == null) return null;
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        if (!(type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("x-www-form-urlencoded"))) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static APIGatewayV2HTTPResponse withHeaders(APIGatewayV2HTTPResponse response, Map<String, String> extra) {
        if (!extra.isEmpty()) {
            Map<String, String> headers = new LinkedHashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
            headers.putAll(extra);
            response.setHeaders(headers);
        }
        return response;
    }

    static APIGatewayV2HTTPResponse empty(int status) {
        APIGatewayV2HTTPResponse out = new APIGatewayV2HTTPResponse();
        out.setStatusCode(status);
        out.setHeaders(Map.of());
        return out;
    }

    static APIGatewayV2HTTPResponse text(int status, String message) {
        APIGatewayV2HTTPResponse out = empty(status);
        out.setHeaders(Map.of("content-type", "text/plain; charset=utf-8"));
        out.setBody(message);
        return out;
    }

    static APIGatewayV2HTTPResponse json(int status, Map<String, ?> body) {
        APIGatewayV2HTTPResponse out = empty(status);
        out.setHeaders(Map.of("content-type", "application/json"));
        out.setBody(Json.write(body));
        return out;
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}

package actionlog.edge;

import actionlog.core.ViewerRequest;
import actionlog.core.Threads;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Forwards a request to the application origin, binary-safe, and returns its answer unchanged. */
public final class OriginClient {
    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the JDK client sets itself; never forwarded. */
    static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings",
            EdgeService.SECRET_HEADER);
    static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length");

    private final URI origin;
    private final HttpClient http;
    private final Duration timeout;
    /**
     * Runs the blocking {@code send}, so the origin call is in flight while the caller captures the event.
     * Not {@code sendAsync}: its dependent stages run on CompletableFuture's default executor, which starts a
     * new thread per task where the common pool has fewer than 2 threads (2-core machines, small Lambda functions).
     */
    private final ExecutorService calls = Threads.cachedDaemonPool("actionlog-origin");

    public OriginClient(URI origin, Duration timeout) {
        this.origin = origin;
        this.timeout = timeout;
        // The client's own tasks (reading the response, completing the call) run on its selector thread instead of
        // being handed to a worker pool: none of them block, and each hand-off between threads costs more CPU
        // than the work itself (measured: 194 instead of 311 µs of CPU per proxied request on loopback).
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .executor(Runnable::run)
                .build();
    }

    public CompletableFuture<EdgeResponse> forward(ViewerRequest request, byte[] body, String clientAddress) {
        String target = origin + request.path() + (request.rawQuery() == null || request.rawQuery().isEmpty()
                ? "" : "?" + request.rawQuery());
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(target))
                .timeout(timeout)
                .method(request.method(), body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (NOT_FORWARDED.contains(name) || name.equals("x-forwarded-for")) return;
            for (String value : values) {
                try {
                    builder.header(name, value);
                } catch (IllegalArgumentException restrictedOrInvalid) {
                    // e.g. CR/LF in a value: the JDK refuses it, and so would any well-behaved origin.
                }
            }
        });
        String xff = request.joined("x-forwarded-for");
        if (clientAddress != null) builder.header("x-forwarded-for", xff == null ? clientAddress : xff + ", " + clientAddress);
        if (request.host() != null) builder.header("x-forwarded-host", request.host());
        builder.header("x-forwarded-proto", request.scheme() == null ? "https" : request.scheme());
        java.net.http.HttpRequest call = builder.build();
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<byte[]> r = http.send(call, HttpResponse.BodyHandlers.ofByteArray());
                return new EdgeResponse(r.statusCode(), returned(r.headers()), r.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            }
        }, calls);
    }

    private static Map<String, List<String>> returned(HttpHeaders headers) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            if (!NOT_RETURNED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                out.put(name.toLowerCase(java.util.Locale.ROOT), values);
            }
        });
        return out;
    }
}

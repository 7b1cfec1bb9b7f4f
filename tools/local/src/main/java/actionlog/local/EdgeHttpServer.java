package actionlog.local;

import actionlog.core.ViewerRequest;
import actionlog.edge.EdgeResponse;
import actionlog.edge.EdgeService;
import actionlog.edge.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The local HTTP adapter: serves the transport-neutral {@link EdgeService} over HTTP, as a Function URL serves the
 * Lambda. The request becomes a {@link ViewerRequest} (header names lower-cased, cookies joined, the socket's
 * address as the source, what a Function URL adds in front of the function), the {@link EdgeResponse} becomes the
 * HTTP answer. Like a Function URL it refuses request bodies over 6 MB with 413 before the edge runs.
 *
 * <p>It takes any request target a browser or tool sends ({@link RawHttpServer}): the event records it
 * percent-encoded where a URL may not hold the raw bytes, and the origin receives the exact bytes.
 */
public final class EdgeHttpServer implements AutoCloseable {
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /**
     * Slow-client bounds, each per connection (nginx's defaults are 60 s for head and body reads and 75 s for
     * keep-alive): a request head must be complete 20 s after its first byte, each read of a body must bring bytes
     * within 20 s and the whole body (at most 6 MB) arrive within 120 s, an idle connection is closed after 60 s.
     */
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration BODY_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final RawHttpServer server;

    private EdgeHttpServer(RawHttpServer server) {
        this.server = server;
    }

    /**
     * Connections are cheap (a buffer each, no thread): the cap only keeps this process from running out of file
     * descriptors, which the emulators and the origin connections share; half of the limit, at least 256.
     */
    static int maxConnections() {
        long fds = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 4096;
        return (int) Math.max(256, Math.min(100_000, fds / 2));
    }

    /** @param threads the workers that run the edge for complete requests (reading them takes none) */
    public static EdgeHttpServer start(EdgeService edge, String bindAddress, int port, int threads) {
        return start(edge, bindAddress, port, new RawHttpServer.Limits(maxConnections(), HEAD_TIMEOUT, READ_TIMEOUT,
                BODY_TIMEOUT, IDLE_TIMEOUT, READ_TIMEOUT, MAX_PAYLOAD_BYTES, threads));
    }

    public static EdgeHttpServer start(EdgeService edge, String bindAddress, int port, RawHttpServer.Limits limits) {
        try {
            return new EdgeHttpServer(RawHttpServer.start(bindAddress, port, limits, request -> serve(edge, request)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + bindAddress + ":" + port + " (" + e.getMessage()
                    + "); pick another port with --port", e);
        }
    }

    public int port() {
        return server.port();
    }

    /**
     * The event goes to the sender once the answer is written, as the Lambda's post-response flush sends it after
     * the response: the hand-off wakes the sender's threads, and with the emulated chain on the same cores they ran
     * before the answer was written (measured in docs/BENCHMARKS.md, the local edge at c=1).
     */
    private static RawHttpServer.Response serve(EdgeService edge, RawHttpServer.Request raw) {
        long received = System.currentTimeMillis();
        EdgeService.Answer answer;
        try {
            answer = edge.answer(request(raw, received), raw.body(), raw.rawTarget());
        } catch (RuntimeException e) {
            return new RawHttpServer.Response(502, List.of(Map.entry("content-type", "text/plain")),
                    ("edge function failed: " + e).getBytes(StandardCharsets.UTF_8), -1);
        }
        EdgeResponse response = answer.response();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.headers().forEach((name, values) -> {
            for (String v : values) headers.add(Map.entry(name, v));
        });
        String length = response.header("content-length");
        return new RawHttpServer.Response(response.status(), headers, response.body(),
                length == null ? -1 : parseLength(length), answer.event() == null ? null : () -> edge.send(answer));
    }

    /** The request as the edge sees it behind a Function URL; the edge's own id, never one the client sent. */
    static ViewerRequest request(RawHttpServer.Request raw, long receivedAtMs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> h : raw.headers()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String c : h.getValue().split(";")) if (!c.isBlank()) cookies.add(c.trim());
            } else {
                headers.merge(lower, List.of(h.getValue()), (a, b) -> List.of(a.get(0) + "," + b.get(0)));
            }
        }
        if (!cookies.isEmpty()) headers.put("cookie", List.of(String.join("; ", cookies)));
        String sourceIp = raw.remote().getAddress().getHostAddress();
        // what a Function URL adds in front of the function
        headers.merge("x-forwarded-for", List.of(sourceIp), (a, b) -> List.of(a.get(0) + ", " + b.get(0)));
        headers.put("x-forwarded-proto", List.of("http"));
        headers.put("x-forwarded-port", List.of(String.valueOf(raw.localPort())));
        // no proxy sits in front of the local edge: the Host the client sent is the viewer's host
        List<String> host = headers.get("host");
        String target = Wire.percentEncoded(raw.rawTarget());
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        return new ViewerRequest(UUID.randomUUID().toString(), receivedAtMs, raw.method(), "http",
                host == null ? "localhost" : host.get(0), path, query, headers, sourceIp, raw.body().length);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}

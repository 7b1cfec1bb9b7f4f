package actionlog.local;

import actionlog.support.HttpServers;
import actionlog.core.Threads;
import actionlog.core.ViewerRequest;
import actionlog.edge.EdgeResponse;
import actionlog.edge.EdgeService;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * The local HTTP adapter: serves the transport-neutral {@link EdgeService} over HTTP, as a Function URL serves the
 * Lambda. The request becomes a {@link ViewerRequest} (header names lower-cased, cookies joined, the socket's
 * address as the source, what a Function URL adds in front of the function), the {@link EdgeResponse} becomes the
 * HTTP answer. Like a Function URL it refuses request bodies over 6 MB with 413 before the edge runs.
 */
public final class EdgeHttpServer implements AutoCloseable {
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService pool;

    private EdgeHttpServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static EdgeHttpServer start(EdgeService edge, String bindAddress, int port, int threads) {
        try {
            HttpServer server = HttpServers.loopback(new InetSocketAddress(bindAddress, port), 512);
            ExecutorService pool = Threads.daemonPool("actionlog-edge-http", threads);
            server.setExecutor(pool);
            server.createContext("/", exchange -> serve(edge, exchange));
            server.start();
            return new EdgeHttpServer(server, pool);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + bindAddress + ":" + port + " (" + e.getMessage()
                    + "); pick another port with --port", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(EdgeService edge, HttpExchange exchange) throws IOException {
        try (exchange) {
            long received = System.currentTimeMillis();
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, Map.of("content-type", List.of("text/plain")),
                        "Request Entity Too Large: the Lambda payload limit is 6 MB".getBytes(StandardCharsets.UTF_8));
                return;
            }
            EdgeResponse response;
            try {
                response = edge.handle(request(exchange, body, received), body).response();
            } catch (RuntimeException e) {
                send(exchange, 502, Map.of("content-type", List.of("text/plain")),
                        ("edge function failed: " + e).getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, response.status(), response.headers(), response.body());
        }
    }

    /** The request as the edge sees it behind a Function URL; the edge's own id, never one the client sent. */
    static ViewerRequest request(HttpExchange exchange, byte[] body, long receivedAtMs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String v : values) for (String c : v.split(";")) if (!c.isBlank()) cookies.add(c.trim());
            } else {
                headers.put(lower, List.of(String.join(",", values)));
            }
        });
        if (!cookies.isEmpty()) headers.put("cookie", List.of(String.join("; ", cookies)));
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        // what a Function URL adds in front of the function
        headers.merge("x-forwarded-for", List.of(sourceIp), (a, b) -> List.of(a.get(0) + ", " + b.get(0)));
        headers.put("x-forwarded-proto", List.of("http"));
        headers.put("x-forwarded-port", List.of(String.valueOf(exchange.getLocalAddress().getPort())));
        List<String> forwardedHost = headers.get("x-forwarded-host");
        List<String> host = forwardedHost != null ? forwardedHost : headers.get("host");
        String query = exchange.getRequestURI().getRawQuery();
        return new ViewerRequest(UUID.randomUUID().toString(), receivedAtMs, exchange.getRequestMethod(), "http",
                host == null ? "localhost" : host.get(0), exchange.getRequestURI().getRawPath(), query == null ? "" : query,
                headers, sourceIp, body.length);
    }

    /** The body, or null when it is over the payload limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        if (body.length > MAX_PAYLOAD_BYTES) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return body;
    }

    static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding")) {
                exchange.getResponseHeaders().put(k, new ArrayList<>(v));
            }
        });
        HttpServers.respond(exchange, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

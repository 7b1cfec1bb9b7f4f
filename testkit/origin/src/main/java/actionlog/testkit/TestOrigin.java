package actionlog.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A real HTTP origin on loopback for tests: records what it received and answers per path.
 * {@code /binary} returns {@link #BINARY} with two Set-Cookie headers; {@code /slow?ms=N} waits N ms;
 * {@code /status/N} answers status N;
 * anything else echoes the body with status 201 for POST and 200 otherwise.
 */
public final class TestOrigin implements AutoCloseable {
    public static final byte[] BINARY = new byte[4096];
    static {
        new Random(7).nextBytes(BINARY);
    }

    public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {}

    public final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    public TestOrigin() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as the product's servers do (HttpServers)
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "test-origin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getRawPath();
                String query = exchange.getRequestURI().getRawQuery();
                received.add(new Received(exchange.getRequestMethod(), path, query,
                        Map.copyOf(exchange.getRequestHeaders()), body));
                if (path.equals("/binary")) {
                    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    exchange.getResponseHeaders().add("Set-Cookie", "a=1; Path=/");
                    exchange.getResponseHeaders().add("Set-Cookie", "b=2; HttpOnly");
                    exchange.getResponseHeaders().add("X-Custom", "kept");
                    exchange.sendResponseHeaders(200, BINARY.length);
                    exchange.getResponseBody().write(BINARY);
                    return;
                }
                if (path.startsWith("/status/")) {
                    exchange.sendResponseHeaders(Integer.parseInt(path.substring("/status/".length())), -1);
                    return;
                }
                if (path.equals("/slow")) {
                    try {
                        Thread.sleep(Long.parseLong(query.replaceAll("\\D", "")));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] answer = body.length > 0 ? body : ("ok " + path).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

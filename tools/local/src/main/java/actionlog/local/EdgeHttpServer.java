package actionlog.local;

import actionlog.support.HttpServers;
import actionlog.core.Threads;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Serves a payload-2.0 Lambda handler over HTTP the way a Function URL does: the request becomes an
 * {@link APIGatewayV2HTTPEvent} (cookies split out, headers lower-cased and joined, body base64), the handler's
 * {@link APIGatewayV2HTTPResponse} becomes the HTTP answer (cookies as Set-Cookie, base64 bodies decoded).
 * Like a Function URL it refuses request bodies over 6 MB with 413 before the handler runs.
 */
public final class EdgeHttpServer implements AutoCloseable {
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService pool;

    private EdgeHttpServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static EdgeHttpServer start(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                       String bindAddress, int port, int threads) {
        try {
            HttpServer server = HttpServers.loopback(new InetSocketAddress(bindAddress, port), 512);
            ExecutorService pool = Threads.daemonPool("actionlog-edge-http", threads);
            server.setExecutor(pool);
            server.createContext("/", exchange -> serve(handler, exchange));
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

    private static void serve(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, HttpExchange exchange)
            throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, Map.of("content-type", List.of("text/plain")),
                        "Request Entity Too Large: the Lambda payload limit is 6 MB".getBytes(StandardCharsets.UTF_8));
                return;
            }
            APIGatewayV2HTTPResponse response;
            try {
                response = handler.handleRequest(toEvent(exchange, body), new LocalContext("edge", 30_000));
            } catch (RuntimeException e) {
                send(exchange, 502, Map.of("content-type", List.of("text/plain")),
                        ("edge function failed: " + e).getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            if (response.getHeaders() != null) response.getHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
            if (response.getMultiValueHeaders() != null) headers.putAll(response.getMultiValueHeaders());
            if (response.getCookies() != null && !response.getCookies().isEmpty()) headers.put("set-cookie", response.getCookies());
            String text = response.getBody();
            byte[] out = text == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            send(exchange, response.getStatusCode(), headers, out);
        }
    }

    static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String v : values) for (String c : v.split(";")) if (!c.isBlank()) cookies.add(c.trim());
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        String method = exchange.getRequestMethod();
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        // what a Function URL adds in front of the function
        headers.merge("x-forwarded-for", sourceIp, (a, b) -> a + ", " + b);
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", String.valueOf(exchange.getLocalAddress().getPort()));
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(exchange.getRequestURI().getRawPath());
        http.setProtocol(exchange.getProtocol());
        http.setSourceIp(sourceIp);
        http.setUserAgent(headers.get("user-agent"));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId(UUID.randomUUID().toString());
        context.setDomainName(headers.getOrDefault("host", "localhost"));
        context.setTimeEpoch(Instant.now().toEpochMilli());
        context.setRouteKey("$default");
        context.setStage("$default");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(exchange.getRequestURI().getRawPath());
        String query = exchange.getRequestURI().getRawQuery();
        event.setRawQueryString(query == null ? "" : query);
        event.setHeaders(headers);
        if (!cookies.isEmpty()) event.setCookies(cookies);
        event.setRequestContext(context);
        if (body.length > 0) {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
        }
        return event;
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

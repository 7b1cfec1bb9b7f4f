package actionlog.local;

import actionlog.core.EdgeProtocol;
import actionlog.core.Threads;
import actionlog.support.HttpServers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny shop for newcomers to click through behind the local edge: pages, a sign-in form ({@code POST /login} with a
 * {@code username} field) that starts a new session cookie and redirects to an absolute URL built from the Host it
 * received, a form that POSTs an order, and a button that sends a beacon. Like a real application it names the
 * signed-in user in the {@link EdgeProtocol#IDENTITY_RESPONSE_HEADER} response header. Its own toy authentication also
 * trusts an {@code X-User-Id} request header (so {@code curl -H 'X-User-Id: alice'} works); the edge does not.
 */
public final class DemoApp implements AutoCloseable {
    private final HttpServer server;
    static final String SESSION_COOKIE = "session";
    static final String TOY_USER_HEADER = "X-User-Id";
    private static final int MAX_SESSIONS = 10_000;
    private final AtomicLong orders = new AtomicLong(1000);
    /** Signed-in sessions: session cookie value → user name. */
    private final Map<String, String> signedIn = new java.util.concurrent.ConcurrentHashMap<>();

    private DemoApp(HttpServer server) {
        this.server = server;
    }

    public static DemoApp start(int port) {
        try {
            HttpServer server = HttpServers.loopback(new InetSocketAddress("127.0.0.1", port), 256);
            server.setExecutor(Threads.daemonPool("actionlog-demo-app", 16));
            DemoApp app = new DemoApp(server);
            server.createContext("/", app::serve);
            server.start();
            return app;
        } catch (IOException e) {
            throw new IllegalStateException("demo app cannot listen: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent"); // the edge's W3C trace context
            System.out.println("demo-shop " + method + " " + path + " trace_id=" + (traceparent != null && traceparent.length() >= 35 ? traceparent.substring(3, 35) : "-"));
            String session = cookie(exchange, SESSION_COOKIE);
            if (session == null) {
                session = UUID.randomUUID().toString();
                exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Lax");
            }
            String user = exchange.getRequestHeaders().getFirst(TOY_USER_HEADER);
            if (user == null || user.isBlank()) user = signedIn.get(session);
            if (user != null && !user.isBlank()) exchange.getResponseHeaders().set(EdgeProtocol.IDENTITY_RESPONSE_HEADER, user.strip());
            if (path.equals("/orders") && method.equals("POST")) {
                long id = orders.incrementAndGet();
                String received = new String(body, StandardCharsets.UTF_8);
                boolean json = received.trim().startsWith("{");
                reply(exchange, 201, "application/json", "{\"orderId\":" + id + ",\"status\":\"created\",\"received\":"
                        + (json ? received.trim() : "\"" + body.length + " bytes\"") + "}");
            } else if (path.equals("/login") && method.equals("POST")) {
                String name = form(new String(body, StandardCharsets.UTF_8)).getOrDefault("username", "").replaceAll("[^A-Za-z0-9_.@-]", "");
                if (name.isEmpty()) {
                    reply(exchange, 400, "text/plain", "sign in with a username (letters, digits, _ . @ -)");
                    return;
                }
                if (signedIn.size() >= MAX_SESSIONS) signedIn.clear();
                String fresh = UUID.randomUUID().toString(); // a new session on sign-in, as frameworks do against fixation
                signedIn.remove(session);
                signedIn.put(fresh, name);
                exchange.getResponseHeaders().set("Set-Cookie", SESSION_COOKIE + "=" + fresh + "; Path=/; HttpOnly; SameSite=Lax");
                exchange.getResponseHeaders().set(EdgeProtocol.IDENTITY_RESPONSE_HEADER, name);
                exchange.getResponseHeaders().add("Location", absolute(exchange, "/"));
                reply(exchange, 302, "text/plain", "signed in as " + name);
            } else if (path.equals("/logout") && method.equals("POST")) {
                signedIn.remove(session);
                exchange.getResponseHeaders().add("Location", absolute(exchange, "/"));
                reply(exchange, 302, "text/plain", "signed out");
            } else if (path.equals("/")) {
                String who = user == null || user.isBlank() ? null : user.strip();
                reply(exchange, 200, "text/html; charset=utf-8", page("Welcome", (who == null ? """
                        <p>Sign in, look at a product, place an order; then trace yourself with
                        <code>./actionlog trace --user YOUR_NAME --local</code>.</p>
                        <form method="post" action="/login"><input name="username" placeholder="your name" required>
                        <input name="password" type="password" placeholder="any password">
                        <button>Sign in</button></form>
                        """ : "<p>Signed in as <b>" + who.replaceAll("[^A-Za-z0-9_.@-]", "") + "</b>.</p>"
                        + "<form method=\"post\" action=\"/logout\"><button>Sign out</button></form>\n") + """
                        <ul><li><a href="/products/1">Coffee beans</a></li><li><a href="/products/2">Grinder</a></li></ul>
                        """));
            } else if (path.startsWith("/products/")) {
                String id = path.substring("/products/".length()).replaceAll("[^0-9]", "");
                reply(exchange, 200, "text/html; charset=utf-8", page("Product " + id, """
                        <form method="post" action="/orders" enctype="application/x-www-form-urlencoded">
                        <input type="hidden" name="product" value="%s"><input name="quantity" value="1">
                        <button>Order</button></form>
                        <button onclick="fetch('/_actionlog/collect',{method:'POST',headers:{'content-type':'application/json'},
                          body:JSON.stringify({action:'add_to_wishlist',properties:{product:'%s'}})})">Add to wishlist</button>
                        """.formatted(id, id)));
            } else if (path.equals("/slow")) {
                sleep(parseLong(exchange.getRequestURI().getQuery(), 200));
                reply(exchange, 200, "text/plain", "slow answer");
            } else {
                reply(exchange, 404, "text/plain", "no such page: " + path);
            }
        }
    }

    private static String page(String title, String content) {
        return "<!doctype html><html><head><meta charset=utf-8><title>" + title + " · demo shop</title></head>"
                + "<body style=\"font-family:system-ui;max-width:40rem;margin:2rem auto\"><h1>" + title + "</h1>"
                + content + "<p><a href=\"/\">home</a></p></body></html>";
    }

    private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        HttpServers.respond(exchange, status, bytes);
    }

    private static String cookie(HttpExchange exchange, String name) {
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies == null) return null;
        for (String header : cookies) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name) && !part.substring(eq + 1).isBlank()) {
                    return part.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    /** An absolute URL on the Host this request named, as web frameworks build redirects. */
    private static String absolute(HttpExchange exchange, String path) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return "http://" + (host == null || host.isBlank() ? "localhost" : host) + path;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static long parseLong(String query, long fallback) {
        try {
            return query == null ? fallback : Long.parseLong(query.replaceAll("\\D", ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Math.min(ms, 10_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

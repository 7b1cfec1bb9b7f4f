package actionlog.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The JDK HTTP server as every local component uses it. Its sockets need TCP_NODELAY: it writes headers and
 * body separately, and without it Nagle's algorithm meets delayed ACKs on keep-alive connections and stalls
 * each response by tens of milliseconds. The JDK reads the setting once, before its first server starts.
 */
public final class HttpServers {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServers() {}

    public static HttpServer loopback(InetSocketAddress address, int backlog) throws IOException {
        return HttpServer.create(address, backlog);
    }

    /** Sends status and body; no body (length -1) when it is empty or HTTP forbids one (HEAD, 204, 304). */
    public static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) exchange.getResponseBody().write(body);
    }
}

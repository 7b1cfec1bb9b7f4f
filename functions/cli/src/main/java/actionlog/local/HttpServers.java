package actionlog.local;

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
}

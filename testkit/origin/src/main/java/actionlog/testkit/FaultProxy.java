package actionlog.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback that can take its target "down" (refuse every connection at once and cut the
 * open ones, as a crashed or unreachable service looks to its clients) or make it slow (added latency).
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private volatile long delayMs;
    private volatile boolean closed;

    public FaultProxy(URI target) throws IOException {
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "fault-proxy-" + targetPort);
        accept.setDaemon(true);
        accept.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * Adds {@code ms} of latency to every request a client sends through the proxy (0 removes it): the first
     * bytes a client sends after the last answer wait that long, as a network round trip would.
     */
    public void delay(long ms) {
        delayMs = ms;
    }

    public void down() {
        down = true;
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }

    public void up() {
        down = false;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (down) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                // no Nagle on either leg: the proxy must add only the latency it is asked to add
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                java.util.concurrent.atomic.AtomicBoolean newRequest = new java.util.concurrent.atomic.AtomicBoolean(true);
                pump(client, upstream, newRequest, true);
                pump(upstream, client, newRequest, false);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, java.util.concurrent.atomic.AtomicBoolean newRequest, boolean request) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    long delay = delayMs;
                    if (request && delay > 0 && newRequest.getAndSet(false)) Thread.sleep(delay);
                    out.write(buffer, 0, n);
                    out.flush();
                    if (!request) newRequest.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // the other side closed, or the proxy went down
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        down();
        server.close();
    }
}

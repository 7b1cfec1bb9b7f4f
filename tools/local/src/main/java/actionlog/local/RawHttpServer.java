package actionlog.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestParserFactory;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseWriterFactory;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicLineParser;
import org.apache.hc.core5.http.message.RequestLine;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.ResponseConnControl;
import org.apache.hc.core5.http.protocol.ResponseContent;
import org.apache.hc.core5.http.protocol.ResponseDate;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.CharArrayBuffer;
import org.apache.hc.core5.util.Timeout;

/**
 * An HTTP/1.1 server (Apache HttpCore) that takes request targets as browsers and tools really send them: raw
 * {@code " < > \ ^ ` { | } [ ]}, spaces, non-ASCII and invalid UTF-8 are kept as the exact bytes (one char per
 * byte, see {@link actionlog.edge.Wire}); header values are UTF-8. It survives slow clients: a request head must
 * arrive within {@code headTimeout}, every read of a body within {@code readTimeout}, and connections beyond
 * {@code maxConnections} get 503 and are closed, so slow or idle connections cannot starve the others.
 */
public final class RawHttpServer implements AutoCloseable {
    /** One request: target as sent (one char per byte), header values as UTF-8 text, the body, the peer. */
    public record Request(String method, String rawTarget, List<Map.Entry<String, String>> headers, byte[] body,
                          InetSocketAddress remote, int localPort) {}

    /** One answer; a HEAD answer's {@code contentLength} (or -1) is sent without a body. */
    public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body, long headContentLength) {}

    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException;
    }

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "actionlog-http-deadlines");
        t.setDaemon(true);
        return t;
    });

    private static final String HEAD_WITHOUT_LENGTH = "actionlog.head-without-length";

    private final HttpServer server;
    private final AtomicInteger open = new AtomicInteger();

    private RawHttpServer(String bind, int port, int maxConnections, Duration headTimeout, Duration readTimeout,
                          long maxBody, Handler handler) throws IOException {
        Http1Config http1 = Http1Config.custom().setMaxLineLength(64 * 1024).setMaxHeaderCount(200).build();
        this.server = ServerBootstrap.bootstrap()
                .setLocalAddress(InetAddress.getByName(bind))
                .setListenerPort(port)
                .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(readTimeout)).setTcpNoDelay(true)
                        .setBacklogSize(1024).setSoReuseAddress(true).build())
                .setHttpProcessor(HttpProcessorBuilder.create()
                        .addAll(new ResponseDate(), new ResponseContent(true), new ResponseConnControl(),
                                // a HEAD answer whose origin named no length gets none (ResponseContent would say 0)
                                (response, entity, context) -> {
                                    if (context.getAttribute(HEAD_WITHOUT_LENGTH) != null) response.removeHeaders("Content-Length");
                                }).build())
                .setConnectionFactory(new Connections(http1, maxConnections, headTimeout))
                .setRequestRouter((request, context) -> (req, res, ctx) -> serve(handler, req, res, ctx, maxBody))
                .setExceptionListener(org.apache.hc.core5.http.ExceptionListener.NO_OP)
                .create();
        server.start();
    }

    public static RawHttpServer start(String bind, int port, int maxConnections, Duration headTimeout,
                                      Duration readTimeout, long maxBody, Handler handler) throws IOException {
        return new RawHttpServer(bind, port, maxConnections, headTimeout, readTimeout, maxBody, handler);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private static void serve(Handler handler, ClassicHttpRequest req, ClassicHttpResponse res,
                              org.apache.hc.core5.http.protocol.HttpContext ctx, long maxBody) throws IOException {
        var details = ((org.apache.hc.core5.http.protocol.HttpCoreContext) ctx).getEndpointDetails();
        byte[] body = new byte[0];
        if (req.getEntity() != null) {
            try (InputStream in = req.getEntity().getContent()) {
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
                if (body.length > maxBody) {
                    in.transferTo(OutputStream.nullOutputStream());
                    body = null;
                }
            }
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header h : req.getHeaders()) headers.add(Map.entry(h.getName(), actionlog.edge.Wire.toText(h.getValue())));
        Response answer = body == null
                ? new Response(413, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
                        ("Request Entity Too Large: the limit is " + maxBody + " bytes").getBytes(StandardCharsets.UTF_8), -1)
                : handler.handle(new Request(req.getMethod(), req.getPath(), headers, body,
                        (InetSocketAddress) details.getRemoteAddress(), ((InetSocketAddress) details.getLocalAddress()).getPort()));
        res.setCode(answer.status());
        if (body == null) res.setReasonPhrase("Request Entity Too Large");
        for (Map.Entry<String, String> h : answer.headers()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                    || name.equalsIgnoreCase("connection")) continue;
            res.addHeader(name, actionlog.edge.Wire.fromText(h.getValue()));
        }
        boolean head = "HEAD".equals(req.getMethod());
        int status = answer.status();
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) return; // never a body, nor a length
        if (head && answer.headContentLength() < 0) ctx.setAttribute(HEAD_WITHOUT_LENGTH, Boolean.TRUE);
        long length = head && answer.headContentLength() >= 0 ? answer.headContentLength() : answer.body().length;
        res.setEntity(new Bytes(head ? new byte[0] : answer.body(), length));
    }

    /** A body of known bytes; for HEAD, no bytes but the length of the GET it describes. */
    private static final class Bytes extends AbstractHttpEntity {
        private final byte[] bytes;
        private final long length;

        Bytes(byte[] bytes, long length) {
            super((ContentType) null, null);
            this.bytes = bytes;
            this.length = length;
        }

        @Override public long getContentLength() { return length; }
        @Override public InputStream getContent() { return new java.io.ByteArrayInputStream(bytes); }
        @Override public boolean isStreaming() { return false; }
        @Override public void close() {}
    }

    /** Requests whose target is kept as sent, never parsed as a URI (which would refuse or reshape it). */
    private static final org.apache.hc.core5.http.HttpRequestFactory<ClassicHttpRequest> RAW_TARGETS =
            new org.apache.hc.core5.http.HttpRequestFactory<>() {
                @Override
                public ClassicHttpRequest newHttpRequest(String method, String uri) {
                    return new BasicClassicHttpRequest(method, (org.apache.hc.core5.http.HttpHost) null, uri);
                }

                @Override
                public ClassicHttpRequest newHttpRequest(String method, java.net.URI uri) {
                    return new BasicClassicHttpRequest(method, uri);
                }
            };

    /** Request lines split at the first and last space: the target between them is taken as sent. */
    static final class LenientLineParser extends BasicLineParser {
        @Override
        public RequestLine parseRequestLine(CharArrayBuffer buffer) throws ParseException {
            String line = buffer.toString();
            int first = line.indexOf(' ');
            int last = line.lastIndexOf(' ');
            String version = last > first ? line.substring(last + 1) : "";
            if (first <= 0 || last <= first || !version.matches("HTTP/\\d\\.\\d")) {
                throw new ParseException("Invalid request line: " + line.substring(0, Math.min(line.length(), 200)));
            }
            String target = line.substring(first + 1, last);
            return new RequestLine(line.substring(0, first), target,
                    HttpVersion.get(version.charAt(5) - '0', version.charAt(7) - '0'));
        }
    }

    /** Connections with a deadline on each request head and a cap on how many are open. */
    private final class Connections implements HttpConnectionFactory<DefaultBHttpServerConnection> {
        private final Http1Config http1;
        private final int max;
        private final Duration headTimeout;

        Connections(Http1Config http1, int max, Duration headTimeout) {
            this.http1 = http1;
            this.max = max;
            this.headTimeout = headTimeout;
        }

        @Override
        public DefaultBHttpServerConnection createConnection(Socket socket) throws IOException {
            Guarded conn = new Guarded(http1, headTimeout);
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                try (socket) {
                    socket.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\nRetry-After: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client is gone already
                }
                return conn; // unbound: the server sees it closed and moves on
            }
            conn.counted.set(true);
            conn.bind(socket);
            return conn;
        }

        @Override
        public DefaultBHttpServerConnection createConnection(javax.net.ssl.SSLSocket sslSocket, Socket socket) throws IOException {
            return createConnection(socket);
        }

        private final class Guarded extends DefaultBHttpServerConnection {
            private final Duration headTimeout;
            final AtomicBoolean counted = new AtomicBoolean();

            Guarded(Http1Config http1, Duration headTimeout) {
                super("http", http1, decoder(), StandardCharsets.ISO_8859_1.newEncoder(), null, null,
                        new DefaultHttpRequestParserFactory(http1, new LenientLineParser(), RAW_TARGETS),
                        DefaultHttpResponseWriterFactory.INSTANCE);
                this.headTimeout = headTimeout;
            }

            @Override
            public ClassicHttpRequest receiveRequestHeader() throws HttpException, IOException {
                ScheduledFuture<?> deadline = DEADLINES.schedule(() -> close(CloseMode.IMMEDIATE),
                        headTimeout.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    return super.receiveRequestHeader();
                } finally {
                    deadline.cancel(false);
                }
            }

            @Override
            public void close() throws IOException {
                release();
                super.close();
            }

            @Override
            public void close(CloseMode mode) {
                release();
                super.close(mode);
            }

            private void release() {
                if (counted.compareAndSet(true, false)) open.decrementAndGet();
            }
        }
    }

    private static java.nio.charset.CharsetDecoder decoder() {
        return StandardCharsets.ISO_8859_1.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }
}

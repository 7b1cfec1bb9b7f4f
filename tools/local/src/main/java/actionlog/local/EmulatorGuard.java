package actionlog.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * What the embedded emulators answer: AWS SDKs and CLIs only. A web page can make the browser send a form POST to
 * any local port ({@code Action=SendMessage&...} is a valid SQS call), which would let any page plant events; an SDK
 * request always carries a Signature Version 4 {@code Authorization} header (with any credentials: the emulators do
 * not check them), never an {@code Origin}, and names the emulator's own address in {@code Host}. A browser cannot
 * send an {@code Authorization} header to another site without a CORS preflight, which the emulators never grant,
 * and always sends {@code Origin} on a cross-site POST; a foreign {@code Host} is a DNS-rebinding page.
 *
 * <p>DynamoDB Local's Jetty server gets the check as a handler in front of its own. ElasticMQ has no such hook: it
 * listens on an internal loopback port and this guard, on the port every client is given, checks each request and
 * forwards it (one more loopback hop per SQS call). The internal port is one browsers refuse to connect to
 * ({@link EmbeddedStack#BROWSER_BLOCKED_PORTS}), so a page cannot go around the guard.
 */
public final class EmulatorGuard implements AutoCloseable {
    /** Hop-by-hop headers and the framing the forwarding sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length", "expect");

    /** Pooled connections to the emulator idle longer than this are closed before use (Pekko closes them at 60 s). */
    private static final org.apache.hc.core5.util.TimeValue MAX_IDLE = org.apache.hc.core5.util.TimeValue.ofSeconds(30);

    private final RawHttpServer server;
    private final HttpRequester http;

    private EmulatorGuard(String service, URI internal) throws IOException {
        HttpHost target = new HttpHost("http", internal.getHost(), internal.getPort());
        CharCodingConfig bytes = CharCodingConfig.custom().setCharset(StandardCharsets.ISO_8859_1)
                .setMalformedInputAction(CodingErrorAction.REPLACE).setUnmappableInputAction(CodingErrorAction.REPLACE).build();
        this.http = RequesterBootstrap.bootstrap()
                .setHttpProcessor(HttpProcessorBuilder.create().build())
                .setConnectionFactory(new DefaultBHttpClientConnectionFactory(Http1Config.DEFAULT, bytes))
                .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(60)).setTcpNoDelay(true).build())
                .setMaxTotal(64).setDefaultMaxPerRoute(64)
                .create();
        this.server = RawHttpServer.start("127.0.0.1", 0, new RawHttpServer.Limits(1024, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(10),
                // workers: each ReceiveMessage long poll holds one for up to 20 s; sends must never queue behind them
                16 * 1024 * 1024, 256), request -> {
                    String refused = refusal(service, header(request.headers(), "authorization"),
                            header(request.headers(), "origin"), header(request.headers(), "host"), request.localPort());
                    if (refused != null) {
                        return new RawHttpServer.Response(403, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
                                (refused + "\n").getBytes(StandardCharsets.UTF_8), -1);
                    }
                    return forward(target, request);
                });
    }

    /** Starts the guard on a free loopback port, forwarding what it lets through to {@code internal}. */
    public static EmulatorGuard forwardTo(String service, URI internal) {
        try {
            return new EmulatorGuard(service, internal);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on a loopback port for the " + service + " emulator: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.port();
    }

    /**
     * Why a request to an emulator on {@code port} is refused (the text of a 403), or null when an SDK could have
     * sent it: a SigV4 {@code Authorization}, no {@code Origin}, and a {@code Host} of 127.0.0.1, localhost or [::1].
     */
    public static String refusal(String service, String authorization, String origin, String host, int port) {
        if (origin != null) {
            return "Forbidden: the local " + service + " emulator answers AWS SDKs and CLIs only, and this request has an"
                    + " Origin header (" + printable(origin) + "), which browsers add to requests from web pages";
        }
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return "Forbidden: the local " + service + " emulator answers AWS SDKs and CLIs only, which sign every request"
                    + " (Authorization: AWS4-HMAC-SHA256 ...); use one, with any credentials (the emulator does not check them)";
        }
        // the name must be loopback's (a DNS-rebinding page sends its own); any port, since a client may reach the
        // emulator through a local forwarder (the fault-injection tests do)
        String name = (host == null ? "" : host.toLowerCase(Locale.ROOT)).replaceFirst(":\\d{1,5}$", "");
        if (!(name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]"))) {
            return "Forbidden: the local " + service + " emulator answers as 127.0.0.1 or localhost, not as Host \""
                    + printable(host == null ? "" : host) + "\"; point the client's endpoint at http://127.0.0.1:" + port;
        }
        return null;
    }

    private static String header(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> h : headers) if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
        return null;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            b.append(c >= 32 && c < 127 ? c : '?');
        }
        return b.toString();
    }

    private RawHttpServer.Response forward(HttpHost target, RawHttpServer.Request request) throws IOException {
        BasicClassicHttpRequest call = new BasicClassicHttpRequest(request.method(), target, request.rawTarget());
        for (Map.Entry<String, String> h : request.headers()) {
            if (NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
            call.addHeader(h.getKey(), actionlog.edge.Wire.fromText(h.getValue()));
        }
        if (request.body().length > 0 || !"GET".equals(request.method())) {
            call.addHeader("Content-Length", Integer.toString(request.body().length));
            call.setEntity(new ByteArrayEntity(request.body(), (ContentType) null));
        }
        try {
            return send(target, call);
        } catch (org.apache.hc.core5.http.NoHttpResponseException stale) {
            // a pooled connection the emulator closed while idle: the request never reached it
            return send(target, call);
        }
    }

    private RawHttpServer.Response send(HttpHost target, BasicClassicHttpRequest call) throws IOException {
        http.closeIdle(MAX_IDLE);
        try {
            return http.execute(target, call, Timeout.ofSeconds(60), HttpCoreContext.create(), (ClassicHttpResponse r) -> {
                byte[] body = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity());
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                for (Header h : r.getHeaders()) {
                    if (!NOT_FORWARDED.contains(h.getName().toLowerCase(Locale.ROOT))) {
                        headers.add(Map.entry(h.getName(), actionlog.edge.Wire.toText(h.getValue())));
                    }
                }
                return new RawHttpServer.Response(r.getCode(), headers, body, -1);
            });
        } catch (HttpException e) {
            throw new IOException("the emulator's answer is not HTTP: " + e.getMessage(), e);
        }
    }

    /**
     * Puts the same check in front of a Jetty server's handler (DynamoDB Local); {@code port} is the one it listens
     * on. Call before the server starts.
     */
    static void guardJetty(String service, org.eclipse.jetty.server.Server jetty, int port) {
        org.eclipse.jetty.server.Handler inner = jetty.getHandler();
        jetty.setHandler(new org.eclipse.jetty.server.Handler.Wrapper(inner) {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  org.eclipse.jetty.util.Callback callback) throws Exception {
                var headers = request.getHeaders();
                String refused = refusal(service, headers.get("Authorization"), headers.get("Origin"), headers.get("Host"), port);
                if (refused == null) return super.handle(request, response, callback);
                response.setStatus(403);
                response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
                org.eclipse.jetty.io.Content.Sink.write(response, true, refused + "\n", callback);
                return true;
            }
        });
    }

    @Override
    public void close() {
        server.close();
        http.close(CloseMode.IMMEDIATE);
    }
}

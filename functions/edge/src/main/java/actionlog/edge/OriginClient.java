package actionlog.edge;

import actionlog.core.Threads;
import actionlog.core.TraceContext;
import actionlog.core.ViewerRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
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
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Forwards a request to the application origin and returns its answer: the request target byte for byte as the
 * viewer sent it, the body as received, the viewer's headers (hop-by-hop ones removed), the forwarding headers
 * ({@link ForwardingHeaders}) and the Host the {@code originHost} setting chooses. The answer comes back with its
 * status, headers and body bytes unchanged (compressed bodies stay compressed; a HEAD answer keeps its
 * Content-Length), except for what {@link ResponseRewriter} moves back to the edge; {@link EscapeDetector} reports
 * whatever still points at the origin. Framing is HTTP/1.1's own: the body is buffered, so the answer is sent with
 * a Content-Length whatever framing the origin used.
 */
public final class OriginClient {
    /** Hop-by-hop headers (RFC 9110 §7.6.1), framing the edge sets itself, and the edge's own secret; never forwarded. */
    static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings",
            EdgeService.SECRET_HEADER);
    static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length");
    /** Never hop-by-hop, even when the viewer names them in Connection. */
    static final Set<String> END_TO_END = Set.of(TraceContext.HEADER, "tracestate");
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    /** Pooled connections idle longer than this are closed before use: an origin may have dropped them. */
    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(2);

    private final URI origin;
    private final HttpHost target;
    private final String basePath;
    private final boolean sendViewerHost;
    private final actionlog.core.CaptureConfig capture;
    private final Timeout timeout;
    private final HttpRequester http;
    private final ResponseRewriter rewriter;
    private final EscapeDetector escapes;
    /** Runs the blocking call, so the origin works while the caller captures the event. */
    private final ExecutorService calls = Threads.cachedDaemonPool("actionlog-origin");

    public OriginClient(EdgeConfig config) {
        this(config, Emf.STDOUT);
    }

    public OriginClient(EdgeConfig config, Consumer<String> log) {
        this.origin = config.origin();
        this.target = new HttpHost(origin.getScheme(), origin.getHost(), origin.getPort());
        this.basePath = origin.getRawPath() == null ? "" : origin.getRawPath();
        this.sendViewerHost = config.originHost() == EdgeConfig.OriginHost.VIEWER;
        this.capture = config.capture();
        this.timeout = Timeout.of(config.originTimeout());
        this.rewriter = new ResponseRewriter(origin);
        this.escapes = new EscapeDetector(rewriter, log);
        // Heads are read and written as ISO-8859-1: one char per byte, so request targets and header values
        // travel byte for byte (see Wire). No protocol interceptors: Host, framing and every header are set here.
        CharCodingConfig bytes = CharCodingConfig.custom().setCharset(StandardCharsets.ISO_8859_1)
                .setMalformedInputAction(CodingErrorAction.REPLACE).setUnmappableInputAction(CodingErrorAction.REPLACE).build();
        this.http = RequesterBootstrap.bootstrap()
                .setHttpProcessor(HttpProcessorBuilder.create().build())
                .setConnectionFactory(new DefaultBHttpClientConnectionFactory(Http1Config.DEFAULT, bytes))
                .setSocketConfig(SocketConfig.custom().setSoTimeout(timeout).setTcpNoDelay(true).build())
                // the origin's certificate must name the origin's host, as any HTTPS client checks
                .setSslSetupHandler(parameters -> parameters.setEndpointIdentificationAlgorithm("HTTPS"))
                .setMaxTotal(256)
                .setDefaultMaxPerRoute(256)
                .create();
    }

    /**
     * Sends the request to the origin.
     *
     * @param rawTarget the request target exactly as the viewer sent it (one char per byte), or null to build it
     *                  from the request's path and query
     */
    public CompletableFuture<EdgeResponse> forward(ViewerRequest request, byte[] body, String rawTarget) {
        BasicClassicHttpRequest call = request(request, body, rawTarget);
        return CompletableFuture.supplyAsync(() -> {
            try {
                EdgeResponse answer = send(call);
                EdgeResponse rewritten = rewriter.rewrite(answer, request.scheme(), request.host());
                escapes.check(request, rewritten);
                return rewritten;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (HttpException e) {
                throw new java.io.UncheckedIOException(new IOException(e.getMessage(), e));
            }
        }, calls);
    }

    BasicClassicHttpRequest request(ViewerRequest request, byte[] body, String rawTarget) {
        String path = rawTarget != null ? rawTarget : Wire.fromText(request.path() + (request.rawQuery() == null
                || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()));
        BasicClassicHttpRequest call = new BasicClassicHttpRequest(request.method(), target, basePath + path);
        String host = sendViewerHost && request.host() != null ? request.host() : authority();
        call.addHeader("Host", Wire.fromText(host));
        Set<String> listed = connectionListed(request);
        request.headers().forEach((name, values) -> {
            if (NOT_FORWARDED.contains(name) || ForwardingHeaders.REPLACED.contains(name) || listed.contains(name)) return;
            for (String value : values) {
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) continue; // would split the head
                call.addHeader(name, Wire.fromText(value));
            }
        });
        ForwardingHeaders.of(request, capture).forEach((name, value) -> call.addHeader(name, Wire.fromText(value)));
        if (body.length > 0) {
            call.addHeader("Content-Length", Integer.toString(body.length));
            call.setEntity(new ByteArrayEntity(body, (ContentType) null));
        } else if (request.header("content-length") != null || request.header("transfer-encoding") != null) {
            call.addHeader("Content-Length", "0"); // the viewer framed an empty body; a bodiless request stays without
        }
        return call;
    }

    private EdgeResponse send(BasicClassicHttpRequest call) throws IOException, HttpException {
        http.closeIdle(MAX_IDLE);
        try {
            return once(call);
        } catch (NoHttpResponseException e) {
            // a pooled connection the origin closed as it was used; safe to repeat only what is idempotent
            if (!IDEMPOTENT.contains(call.getMethod())) throw e;
            return once(call);
        }
    }

    private EdgeResponse once(BasicClassicHttpRequest call) throws IOException, HttpException {
        return http.execute(target, call, timeout, HttpCoreContext.create(), (ClassicHttpResponse r) -> {
            byte[] bytes = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity());
            boolean head = "HEAD".equals(call.getMethod());
            return new EdgeResponse(r.getCode(), returned(r.getHeaders(), head), bytes);
        });
    }

    /** The origin's headers for the viewer; a HEAD answer keeps its Content-Length (that of the GET it describes). */
    static Map<String, List<String>> returned(Header[] headers, boolean head) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Header h : headers) {
            String name = h.getName().toLowerCase(Locale.ROOT);
            if (NOT_RETURNED.contains(name) && !(head && name.equals("content-length"))) continue;
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(Wire.toText(h.getValue()));
        }
        return out;
    }

    /**
     * Headers the viewer named in Connection: hop-by-hop too (RFC 9110 §7.6.1), except the trace context, which is
     * end-to-end by definition (W3C Trace Context) and which the edge itself sets for the origin: a client naming
     * {@code traceparent} in Connection must not keep the application from receiving the trace.
     */
    static Set<String> connectionListed(ViewerRequest request) {
        String connection = request.joined("connection");
        if (connection == null) return Set.of();
        Set<String> out = new HashSet<>();
        for (String token : connection.split(",")) out.add(token.trim().toLowerCase(Locale.ROOT));
        out.removeAll(END_TO_END);
        return out;
    }

    /** The origin's own host as a Host header carries it: the port only when it is not the scheme's default. */
    private String authority() {
        return origin.getPort() < 0 ? origin.getHost() : origin.getHost() + ":" + origin.getPort();
    }
}

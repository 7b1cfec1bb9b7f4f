package actionlog.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPOutputStream;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequestFactory;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnectionFactory;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestParserFactory;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseWriterFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicLineParser;
import org.apache.hc.core5.http.message.RequestLine;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.ResponseConnControl;
import org.apache.hc.core5.http.protocol.ResponseContent;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.CharArrayBuffer;
import org.apache.hc.core5.util.Timeout;

/**
 * A real HTTP origin on loopback for tests that behaves like common web frameworks, and records what it received
 * (the request target exactly as sent, one char per byte). Answers, always with the same status for the same
 * request:
 * <ul>
 * <li>{@code /binary}: {@link #BINARY} with two Set-Cookie headers; {@code /slow?ms=N} waits N ms;
 *     {@code /status/N} answers status N without a body</li>
 * <li>{@code /login}: GET a form (200); POST signs in: 302 to an absolute URL built from the Host it received
 *     ({@code http://HOST/account}) with {@code sid=...; Domain=<host name>; Path=/; HttpOnly}</li>
 * <li>{@code /account}: 200 "signed in as NAME" with the sid cookie, else 302 to {@code http://HOST/login};
 *     {@code /logout}: 302 to {@code http://HOST/login}, the cookie expired (same Domain)</li>
 * <li>{@code /refresh}: 200 with {@code Refresh: 0; url=http://HOST/account} and an absolute Content-Location</li>
 * <li>{@code /gzip}: a gzip body ({@code Content-Encoding: gzip}, {@code Vary: Accept-Encoding})</li>
 * <li>{@code /range}: {@link #RANGE_BODY}; {@code Range: bytes=A-B} gives 206 with Content-Range</li>
 * <li>{@code /etag}: ETag "v1", {@code If-None-Match: "v1"} gives 304 without a body</li>
 * <li>{@code /chunked}: a chunked answer; {@code /upload}: a multipart body answered with the SHA-256 of each
 *     part's content, one {@code name=hex} line per part</li>
 * <li>{@code /app/...}: a site that signs users in and never names them, as most frameworks do. Every answer to a
 *     request without a session starts one ({@code app_session=<random>}); {@code POST /app/signin} with
 *     {@code user} and {@code password} ({@code pw-<user>} is right; the last {@code user} field wins, as in PHP) signs
 *     in: with {@link SignIn#ROTATE} a new session cookie, with {@link SignIn#KEEP} the same session; then 302 to
 *     {@code /app/home}. A wrong password is answered 200 with the form; at {@code /app/signin-r}, with 302 back to
 *     it. {@code GET /app/signout}: with ROTATE the cookie is cleared, with KEEP the session is kept (only its user
 *     forgotten); then 302 to {@code /app/signin}. {@code /app/whoami} answers the session's user; anything else
 *     under {@code /app/} answers 200 "page" (201 for POST).</li>
 * <li>anything else echoes the body with status 201 for POST and 200 otherwise. HEAD answers as GET without body,
 *     keeping the Content-Length; {@code Expect: 100-continue} gets its 100 first.</li>
 * </ul>
 */
public final class TestOrigin implements AutoCloseable {
    public static final byte[] BINARY = new byte[4096];
    public static final byte[] RANGE_BODY = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    static {
        new Random(7).nextBytes(BINARY);
    }

    /**
     * What the origin received: {@code path} and {@code query} exactly as sent (one char per byte); header names as
     * the JDK server spells them (first letter upper case, the rest lower case), values as UTF-8 text.
     */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {}

    /** What the {@code /app/} site does with its session cookie at sign-in and sign-out. */
    public enum SignIn {
        /** A new session cookie at sign-in, cleared at sign-out (Django, Rails, Laravel, Spring Security, ...). */
        ROTATE,
        /** The same session before and after sign-in and after sign-out (an app that only flips a flag in it). */
        KEEP
    }

    /** The {@code /app/} site's session cookie. */
    public static final String APP_SESSION = "app_session";

    public final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final HttpServer server;
    private final SignIn signIn;
    private final Map<String, String> appUsers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    public TestOrigin() throws IOException {
        this(SignIn.ROTATE);
    }

    /** @param signIn what the {@code /app/} site does with its session at sign-in and sign-out */
    public TestOrigin(SignIn signIn) throws IOException {
        this.signIn = signIn;
        Http1Config http1 = Http1Config.custom().setMaxLineLength(64 * 1024).build();
        CharCodingConfig bytes = CharCodingConfig.custom().setCharset(StandardCharsets.ISO_8859_1).build();
        HttpRequestFactory<ClassicHttpRequest> raw = new HttpRequestFactory<>() {
            @Override public ClassicHttpRequest newHttpRequest(String method, String uri) {
                return new BasicClassicHttpRequest(method, (org.apache.hc.core5.http.HttpHost) null, uri);
            }
            @Override public ClassicHttpRequest newHttpRequest(String method, java.net.URI uri) {
                return new BasicClassicHttpRequest(method, uri);
            }
        };
        BasicLineParser lenient = new BasicLineParser() {
            @Override public RequestLine parseRequestLine(CharArrayBuffer buffer) throws ParseException {
                String line = buffer.toString();
                int first = line.indexOf(' ');
                int last = line.lastIndexOf(' ');
                if (first <= 0 || last <= first || !line.substring(last + 1).matches("HTTP/\\d\\.\\d")) {
                    throw new ParseException("Invalid request line");
                }
                return new RequestLine(line.substring(0, first), line.substring(first + 1, last),
                        HttpVersion.get(line.charAt(last + 6) - '0', line.charAt(last + 8) - '0'));
            }
        };
        server = ServerBootstrap.bootstrap()
                .setLocalAddress(InetAddress.getLoopbackAddress())
                .setListenerPort(0)
                .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(30)).setTcpNoDelay(true).build())
                .setHttpProcessor(HttpProcessorBuilder.create().addAll(new ResponseContent(true), new ResponseConnControl()).build())
                .setConnectionFactory(new DefaultBHttpServerConnectionFactory("http", http1, bytes, null, null,
                        new DefaultHttpRequestParserFactory(http1, lenient, raw), DefaultHttpResponseWriterFactory.INSTANCE))
                .setRequestRouter((request, context) -> (req, res, ctx) -> serve(req, res))
                .setExceptionListener(org.apache.hc.core5.http.ExceptionListener.NO_OP)
                .create();
        server.start();
    }

    private void serve(ClassicHttpRequest req, ClassicHttpResponse res) throws IOException {
        byte[] body = new byte[0];
        if (req.getEntity() != null) {
            try (InputStream in = req.getEntity().getContent()) {
                body = in.readAllBytes();
            }
        }
        String target = req.getPath();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : req.getHeaders()) {
            String n = h.getName().toLowerCase(Locale.ROOT);
            String name = n.isEmpty() ? n : Character.toUpperCase(n.charAt(0)) + n.substring(1);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(utf8(h.getValue()));
        }
        received.add(new Received(req.getMethod(), path, query, Map.copyOf(headers), body));
        String method = req.getMethod();
        String host = req.getFirstHeader("Host") == null ? "localhost" : req.getFirstHeader("Host").getValue();
        String hostName = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        String base = "http://" + host;
        String cookie = req.getFirstHeader("Cookie") == null ? "" : req.getFirstHeader("Cookie").getValue();
        String sid = null;
        for (String part : cookie.split(";")) if (part.trim().startsWith("sid=")) sid = part.trim().substring(4);

        if (path.startsWith("/app/")) {
            app(method, path, query, body, cookie, res);
            return;
        }
        switch (path) {
            case "/binary" -> {
                res.addHeader("Set-Cookie", "a=1; Path=/");
                res.addHeader("Set-Cookie", "b=2; HttpOnly");
                res.addHeader("X-Custom", "kept");
                answer(res, method, 200, "application/octet-stream", BINARY);
            }
            case "/login" -> {
                if (method.equals("POST")) {
                    String name = form(new String(body, StandardCharsets.UTF_8)).getOrDefault("user", "anonymous");
                    res.addHeader("Location", base + "/account");
                    res.addHeader("Set-Cookie", "sid=" + name + "; Domain=" + hostName + "; Path=/; HttpOnly");
                    answer(res, method, 302, null, new byte[0]);
                } else {
                    answer(res, method, 200, "text/html; charset=utf-8", ("<form method=post action=/login>"
                            + "<input name=user id=user><button id=signin>Sign in</button></form>").getBytes(StandardCharsets.UTF_8));
                }
            }
            case "/account" -> {
                if (sid == null || sid.isEmpty()) {
                    res.addHeader("Location", base + "/login");
                    answer(res, method, 302, null, new byte[0]);
                } else {
                    answer(res, method, 200, "text/html; charset=utf-8", ("<p id=who>signed in as " + sid
                            + "</p><a id=logout href=/logout>Sign out</a>").getBytes(StandardCharsets.UTF_8));
                }
            }
            case "/logout" -> {
                res.addHeader("Location", base + "/login");
                res.addHeader("Set-Cookie", "sid=; Domain=" + hostName + "; Path=/; Max-Age=0");
                answer(res, method, 302, null, new byte[0]);
            }
            case "/refresh" -> {
                res.addHeader("Refresh", "0; url=" + base + "/account");
                res.addHeader("Content-Location", base + "/refresh.html");
                answer(res, method, 200, "text/html", "<p>moving on</p>".getBytes(StandardCharsets.UTF_8));
            }
            case "/gzip" -> {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                    gz.write("compressed hello ".repeat(50).getBytes(StandardCharsets.UTF_8));
                }
                res.addHeader("Content-Encoding", "gzip");
                res.addHeader("Vary", "Accept-Encoding");
                answer(res, method, 200, "text/plain", zipped.toByteArray());
            }
            case "/range" -> {
                String range = req.getFirstHeader("Range") == null ? null : req.getFirstHeader("Range").getValue();
                res.addHeader("Accept-Ranges", "bytes");
                if (range != null && range.matches("bytes=\\d+-\\d+")) {
                    String[] ab = range.substring(6).split("-");
                    int from = Integer.parseInt(ab[0]);
                    int to = Math.min(Integer.parseInt(ab[1]), RANGE_BODY.length - 1);
                    res.addHeader("Content-Range", "bytes " + from + "-" + to + "/" + RANGE_BODY.length);
                    answer(res, method, 206, "text/plain", java.util.Arrays.copyOfRange(RANGE_BODY, from, to + 1));
                } else {
                    answer(res, method, 200, "text/plain", RANGE_BODY);
                }
            }
            case "/etag" -> {
                res.addHeader("ETag", "\"v1\"");
                res.addHeader("Cache-Control", "no-cache");
                Header inm = req.getFirstHeader("If-None-Match");
                if (inm != null && inm.getValue().equals("\"v1\"")) answer(res, method, 304, null, new byte[0]);
                else answer(res, method, 200, "text/plain", "version 1".getBytes(StandardCharsets.UTF_8));
            }
            case "/chunked" -> {
                res.setCode(200);
                res.setEntity(new Body("chunked hello".getBytes(StandardCharsets.UTF_8), -1, "text/plain"));
            }
            case "/upload" -> {
                Header type = req.getFirstHeader("Content-Type");
                String sums = type == null ? "" : sha256OfParts(body, type.getValue());
                answer(res, method, method.equals("POST") ? 201 : 200, "text/plain", sums.getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                if (path.startsWith("/status/")) {
                    res.setCode(Integer.parseInt(path.substring("/status/".length())));
                    return;
                }
                if (path.equals("/bytes")) { // ?n=N: N bytes of binary body, e.g. more than a Lambda function may return
                    byte[] bytes = new byte[Integer.parseInt(query.replaceAll("\\D", ""))];
                    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
                    answer(res, method, 200, "application/octet-stream", bytes);
                    return;
                }
                if (path.equals("/slow")) {
                    try {
                        Thread.sleep(Long.parseLong(query.replaceAll("\\D", "")));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] answer = body.length > 0 ? body : ("ok " + path).getBytes(StandardCharsets.ISO_8859_1);
                answer(res, method, method.equals("POST") ? 201 : 200, "application/json", answer);
            }
        }
    }

    private void app(String method, String path, String query, byte[] body, String cookieHeader, ClassicHttpResponse res) {
        String session = null;
        for (String part : cookieHeader.split(";")) {
            String p = part.trim();
            if (p.startsWith(APP_SESSION + "=") && p.length() > APP_SESSION.length() + 1) session = p.substring(APP_SESSION.length() + 1);
        }
        if (session == null) {
            session = newSession();
            res.addHeader("Set-Cookie", APP_SESSION + "=" + session + "; Path=/; HttpOnly");
        }
        boolean signInPath = path.equals("/app/signin") || path.equals("/app/signin-r");
        if (signInPath && method.equals("POST")) {
            String user = null;
            String password = null;
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) { // the last copy of a field wins, as in PHP
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                String value = java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (pair.startsWith("user=")) user = value;
                if (pair.startsWith("password=")) password = value;
            }
            if (user != null && ("pw-" + user).equals(password)) {
                if (signIn == SignIn.ROTATE) {
                    appUsers.remove(session);
                    session = newSession();
                    res.setHeader("Set-Cookie", APP_SESSION + "=" + session + "; Path=/; HttpOnly");
                }
                appUsers.put(session, user);
                res.addHeader("Location", "/app/home");
                answer(res, method, 302, null, new byte[0]);
            } else if (path.equals("/app/signin-r")) {
                res.addHeader("Location", "/app/signin-r?failed=1");
                answer(res, method, 302, null, new byte[0]);
            } else {
                answer(res, method, 200, "text/html; charset=utf-8", SIGN_IN_FORM);
            }
            return;
        }
        switch (path) {
            case "/app/signin", "/app/signin-r" -> answer(res, method, 200, "text/html; charset=utf-8", SIGN_IN_FORM);
            case "/app/signout" -> {
                appUsers.remove(session);
                if (signIn == SignIn.ROTATE) res.setHeader("Set-Cookie", APP_SESSION + "=; Path=/; Max-Age=0");
                res.addHeader("Location", "/app/signin");
                answer(res, method, 302, null, new byte[0]);
            }
            case "/app/whoami" -> answer(res, method, 200, "text/plain", String.valueOf(appUsers.get(session)).getBytes(StandardCharsets.UTF_8));
            default -> answer(res, method, method.equals("POST") ? 201 : 200, "text/plain", "page".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final byte[] SIGN_IN_FORM = ("<form method=post action=/app/signin><input name=user id=user>"
            + "<input name=password id=password type=password><button id=signin>Sign in</button></form>").getBytes(StandardCharsets.UTF_8);

    private String newSession() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Status and body; HEAD gets the headers and Content-Length of GET, no body; 204 and 304 have neither. */
    private static void answer(ClassicHttpResponse res, String method, int status, String type, byte[] body) {
        res.setCode(status);
        if (status == 204 || status == 304) return;
        res.setEntity(new Body(method.equals("HEAD") ? new byte[0] : body, body.length, type));
    }

    private static final class Body extends AbstractHttpEntity {
        private final byte[] bytes;
        private final long length;

        Body(byte[] bytes, long length, String type) {
            super(type, null, length < 0);
            this.bytes = bytes;
            this.length = length;
        }

        @Override public long getContentLength() { return length; }
        @Override public InputStream getContent() { return new java.io.ByteArrayInputStream(bytes); }
        @Override public boolean isStreaming() { return false; }
        @Override public void close() {}
    }

    /** SHA-256 of each multipart part's content: "name=hex" lines. */
    static String sha256OfParts(byte[] body, String contentType) {
        int b = contentType.indexOf("boundary=");
        if (b < 0) return "";
        String boundary = contentType.substring(b + 9).replace("\"", "").split(";")[0].trim();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (String part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
            int headEnd = part.indexOf("\r\n\r\n");
            if (headEnd < 0) continue;
            String head = part.substring(0, headEnd);
            String content = part.substring(headEnd + 4);
            if (content.endsWith("\r\n")) content = content.substring(0, content.length() - 2);
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(head);
            out.append(name.find() ? name.group(1) : "?").append('=')
                    .append(sha256(content.getBytes(StandardCharsets.ISO_8859_1))).append('\n');
        }
        return out.toString();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String utf8(String wire) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.indexOf('\uFFFD') >= 0 ? wire : text;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }
}

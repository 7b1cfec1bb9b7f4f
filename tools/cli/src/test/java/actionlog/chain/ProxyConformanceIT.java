package actionlog.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import actionlog.core.ActionEvent;
import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestExpectContinue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy conformance suite: every case is sent straight to the origin and through the local edge (the real
 * edge handler behind the local runtime), with each {@code originHost} setting, and the answers must match:
 * same status, same headers and same body bytes, except for the documented rewrites (what pointed at the origin
 * points at the edge: absolute URLs, cookie domains) and per-hop framing (Date, Connection, Transfer-Encoding;
 * Content-Length must match the body). Every request through the edge must be recorded.
 *
 * <p>The viewer calls the edge as {@code localhost:PORT} while origin and edge both listen on 127.0.0.1, so a
 * rewrite (or its absence) is visible. Origins: {@link TestOrigin} (framework-like) and Debian's nginx (skipped
 * with the reason when it is not installed).
 */
class ProxyConformanceIT {
    record Case(String name, String method, String target, byte[] body, String... headers) {
        @Override public String toString() { return name; }
    }

    static final byte[] FILE = "a file, uploaded\r\n--not-the-boundary\r\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    static final String BOUNDARY = "----conformance7";
    static final byte[] MULTIPART = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nholiday\r\n--"
            + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            + new String(FILE, StandardCharsets.ISO_8859_1) + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);

    static final List<Case> TEST_ORIGIN = List.of(
            new Case("sign-in POST: absolute redirect and cookie Domain", "POST", "/login", "user=alice".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/x-www-form-urlencoded"),
            new Case("signed-out page redirects to sign-in", "GET", "/account", null),
            new Case("signed-in page", "GET", "/account", null, "Cookie", "sid=alice"),
            new Case("sign-out: redirect and expired cookie", "GET", "/logout", null, "Cookie", "sid=alice"),
            new Case("Refresh and Content-Location", "GET", "/refresh", null),
            new Case("gzip body and Vary", "GET", "/gzip", null, "Accept-Encoding", "gzip, br"),
            new Case("Range gives 206", "GET", "/range", null, "Range", "bytes=3-7"),
            new Case("HEAD keeps Content-Length", "HEAD", "/range", null),
            new Case("If-None-Match gives 304", "GET", "/etag", null, "If-None-Match", "\"v1\""),
            new Case("204 stays bodiless", "GET", "/status/204", null),
            new Case("chunked answer", "GET", "/chunked", null),
            new Case("binary body and two cookies", "GET", "/binary", null),
            new Case("multipart upload with 100-continue, SHA-256 compared", "POST", "/upload", MULTIPART,
                    "Content-Type", "multipart/form-data; boundary=" + BOUNDARY, "Expect", "100-continue"),
            new Case("raw | { } ^ [ ] \\ \" and UTF-8 in the target", "GET", "/raw/|{}^[]\\\"caf\u00c3\u00a9?x=|{}^&y=\"a\"", null),
            new Case("percent-encodings kept as sent", "GET", "/p%20q/%2F?x=%7C&y=a%2Fb&z=%zz", null),
            new Case("bodiless POST", "POST", "/echo", null));

    static final List<Case> NGINX = List.of(
            new Case("static file with ETag and Last-Modified", "GET", "/index.html", null),
            new Case("directory redirect built from server_name", "GET", "/dir", null),
            new Case("redirect with cookies for its Domain", "GET", "/cookie", null),
            new Case("redirect built from Host", "GET", "/from-host", null),
            new Case("Refresh to its own host", "GET", "/refresh", null),
            new Case("gzip", "GET", "/big.txt", null, "Accept-Encoding", "gzip"),
            new Case("Range gives 206", "GET", "/big.txt", null, "Range", "bytes=10-29"),
            new Case("HEAD keeps Content-Length", "HEAD", "/big.txt", null),
            new Case("If-Modified-Since gives 304", "GET", "/big.txt", null, "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"),
            new Case("404", "GET", "/missing", null),
            new Case("raw target echoed as nginx received it", "GET", "/echo/|{}^[]caf\u00c3\u00a9?x=|{}^&y=%7C", null),
            new Case("upload with 100-continue", "POST", "/upload", MULTIPART,
                    "Content-Type", "multipart/form-data; boundary=" + BOUNDARY, "Expect", "100-continue"));

    /** Per-hop headers, and Content-Length (compared with the body instead). */
    static final Set<String> PER_HOP = Set.of("date", "connection", "keep-alive", "transfer-encoding", "content-length");

    static final HttpRequester CLIENT = RequesterBootstrap.bootstrap()
            .setHttpProcessor(HttpProcessorBuilder.create().add(new RequestExpectContinue()).build())
            .setConnectionFactory(new DefaultBHttpClientConnectionFactory(Http1Config.DEFAULT,
                    CharCodingConfig.custom().setCharset(StandardCharsets.ISO_8859_1).build()))
            .create();

    static TestOrigin testOrigin;
    static Nginx nginx;
    static final Map<String, StackFixture> stacks = new HashMap<>();

    record Answer(int status, Map<String, List<String>> headers, byte[] body) {}

    static Stream<Arguments> testOriginCases() {
        return Stream.of("viewer", "origin").flatMap(mode -> TEST_ORIGIN.stream().map(c -> Arguments.of(mode, c)));
    }

    static Stream<Arguments> nginxCases() {
        return Stream.of("viewer", "origin").flatMap(mode -> NGINX.stream().map(c -> Arguments.of(mode, c)));
    }

    @ParameterizedTest(name = "TestOrigin, originHost={0}: {1}")
    @MethodSource("testOriginCases")
    void testOrigin(String mode, Case c) throws Exception {
        if (testOrigin == null) testOrigin = new TestOrigin();
        Answer edge = compare("test-origin", testOrigin.url(), mode, c);
        if (c.target().equals("/upload")) {
            assertEquals(201, edge.status());
            assertEquals("title=" + TestOrigin.sha256("holiday".getBytes(StandardCharsets.UTF_8)) + "\nphoto="
                    + TestOrigin.sha256(FILE) + "\n", new String(edge.body(), StandardCharsets.US_ASCII));
        }
        if (c.target().startsWith("/raw/")) {
            assertEquals("ok /raw/|{}^[]\\\"caf\u00c3\u00a9", new String(edge.body(), StandardCharsets.ISO_8859_1),
                    "the origin received the exact bytes");
        }
    }

    @ParameterizedTest(name = "nginx, originHost={0}: {1}")
    @MethodSource("nginxCases")
    @EnabledIfOnPath(value = Nginx.COMMAND, install = Nginx.INSTALL)
    void nginx(String mode, Case c) throws Exception {
        if (nginx == null) nginx = new Nginx();
        Answer edge = compare("nginx", nginx.url(), mode, c);
        if (c.target().startsWith("/echo/")) {
            assertEquals("/echo/|{}^[]caf\u00c3\u00a9?x=|{}^&y=%7C\n", new String(edge.body(), StandardCharsets.ISO_8859_1));
        }
    }

    /** What nginx sees through the edge: each forwarding header once, the client's own value not trusted. */
    @Test
    @EnabledIfOnPath(value = Nginx.COMMAND, install = Nginx.INSTALL)
    void nginxSeesForwardingHeadersOnce() throws Exception {
        if (nginx == null) nginx = new Nginx();
        StackFixture stack = stack("nginx", nginx.url(), "viewer");
        Answer a = send(URI.create(stack.runtime.edgeUrl()), "localhost:" + URI.create(stack.runtime.edgeUrl()).getPort(),
                new Case("forwarded", "GET", "/forwarded", null, "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Host", "evil.example",
                        "X-Forwarded-Proto", "https", "X-User-Id", "forwarded-once"));
        int port = URI.create(stack.runtime.edgeUrl()).getPort();
        assertEquals("127.0.0.1|localhost:" + port + "|http|for=127.0.0.1;host=\"localhost:" + port + "\";proto=http|localhost\n",
                new String(a.body(), StandardCharsets.US_ASCII));
    }

    private Answer compare(String kind, String originUrl, String mode, Case c) throws Exception {
        StackFixture stack = stack(kind, originUrl, mode);
        URI origin = URI.create(originUrl);
        URI edgeUri = URI.create(stack.runtime.edgeUrl());
        String originAuthority = origin.getHost() + ":" + origin.getPort();
        String viewer = "localhost:" + edgeUri.getPort();
        String user = "conformance-" + kind + "-" + mode + "-" + Integer.toHexString(c.name().hashCode());

        Answer direct = send(origin, originAuthority, withUser(c, user));
        Answer edge = send(edgeUri, viewer, withUser(c, user));

        assertEquals(direct.status(), edge.status(), "status");
        assertArrayEquals(direct.body(), edge.body(), "body bytes");
        assertEquals(expected(direct.headers(), originAuthority, viewer), comparable(withoutBrowserCookie(edge.headers(), direct.headers())),
                "headers");
        String length = first(edge.headers(), "content-length");
        if (c.method().equals("HEAD")) {
            assertEquals(first(direct.headers(), "content-length"), length, "HEAD keeps the origin's Content-Length");
        } else if (edge.status() != 204 && edge.status() != 304) {
            assertEquals(String.valueOf(edge.body().length), length, "Content-Length matches the body");
        } else {
            assertEquals(null, length, "no Content-Length on " + edge.status());
        }
        for (String name : List.of("location", "content-location", "refresh")) {
            String v = first(edge.headers(), name);
            if (v != null && v.contains("://")) assertTrue(v.contains("http://" + viewer + "/"), name + " points at the edge: " + v);
        }
        for (String cookie : edge.headers().getOrDefault("set-cookie", List.of())) {
            if (cookie.toLowerCase(Locale.ROOT).contains("domain=")) {
                assertTrue(cookie.matches("(?i).*domain=\\.?localhost(;.*|$)"), "cookie for the edge's host: " + cookie);
            }
        }
        List<ActionEvent> recorded = stack.awaitEvents(user, 1);
        assertEquals(1, recorded.size(), "recorded once");
        assertEquals((long) edge.status(), recorded.get(0).number(ActionEvent.F_STATUS));
        return edge;
    }

    private static Case withUser(Case c, String user) {
        String[] headers = java.util.Arrays.copyOf(c.headers(), c.headers().length + 2);
        headers[headers.length - 2] = "X-User-Id";
        headers[headers.length - 1] = user;
        return new Case(c.name(), c.method(), c.target(), c.body(), headers);
    }

    /** The direct answer with the documented rewrites applied: the origin's address becomes the edge's. */
    private static Map<String, List<String>> expected(Map<String, List<String>> direct, String originAuthority, String viewer) {
        String originHost = originAuthority.substring(0, originAuthority.indexOf(':'));
        String viewerHost = viewer.substring(0, viewer.indexOf(':'));
        Map<String, List<String>> out = new TreeMap<>();
        comparable(direct).forEach((name, values) -> out.put(name, values.stream().map(v -> switch (name) {
            case "location", "content-location", "refresh" -> v.replace("http://" + originAuthority, "http://" + viewer);
            case "set-cookie" -> v.replaceAll("(?i)(domain=\\.?)" + java.util.regex.Pattern.quote(originHost), "$1" + viewerHost);
            default -> v;
        }).toList()));
        return out;
    }

    /**
     * The edge's answer less the one header it adds on purpose: its own browser cookie, set on a first visit (every
     * case here is one) unless a shared cache may store the answer; checked, then taken out of the comparison.
     */
    private static Map<String, List<String>> withoutBrowserCookie(Map<String, List<String>> edge, Map<String, List<String>> direct) {
        List<String> cookies = edge.getOrDefault("set-cookie", List.of());
        List<String> ours = cookies.stream().filter(c -> c.startsWith("actionlog_bid=")).toList();
        boolean shared = direct.getOrDefault("cache-control", List.of()).stream().anyMatch(v -> v.contains("public") || v.contains("s-maxage"));
        assertEquals(shared ? 0 : 1, ours.size(), "the edge's browser cookie: " + cookies);
        for (String c : ours) assertTrue(c.matches("actionlog_bid=[A-Za-z0-9_-]+; Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax"), c);
        Map<String, List<String>> out = new TreeMap<>(edge);
        List<String> theirs = cookies.stream().filter(c -> !c.startsWith("actionlog_bid=")).toList();
        if (theirs.isEmpty()) out.remove("set-cookie");
        else out.put("set-cookie", theirs);
        return out;
    }

    private static Map<String, List<String>> comparable(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new TreeMap<>(headers);
        PER_HOP.forEach(out::remove);
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null ? null : v.get(0);
    }

    static Answer send(URI server, String host, Case c) throws Exception {
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(c.method(),
                new HttpHost(server.getScheme(), server.getHost(), server.getPort()), c.target());
        request.addHeader("Host", host);
        for (int i = 0; i < c.headers().length; i += 2) request.addHeader(c.headers()[i], c.headers()[i + 1]);
        if (c.body() != null) {
            request.addHeader("Content-Length", String.valueOf(c.body().length));
            request.setEntity(new ByteArrayEntity(c.body(), (ContentType) null));
        }
        return CLIENT.execute(request.getAuthority() == null ? null : new HttpHost(server.getScheme(), server.getHost(), server.getPort()),
                request, Timeout.ofSeconds(30), HttpCoreContext.create(), (ClassicHttpResponse r) -> {
                    Map<String, List<String>> headers = new TreeMap<>();
                    for (Header h : r.getHeaders()) {
                        headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
                    }
                    return new Answer(r.getCode(), headers, r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity()));
                });
    }

    static StackFixture stack(String kind, String originUrl, String mode) {
        return stacks.computeIfAbsent(kind + "/" + mode, k -> new StackFixture(LocalRuntime.options().origin(originUrl)
                // each case names its user in X-User-Id, trusted here as StackFixture.embedded does
                .edgeEnv(Map.of(SettingCatalog.ORIGIN_HOST.env(), mode, SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id")).visibilityTimeoutSeconds(1).pollers(1)));
    }

    @AfterAll
    static void stop() throws IOException {
        stacks.values().forEach(StackFixture::close);
        if (nginx != null) nginx.close();
        if (testOrigin != null) testOrigin.close();
        CLIENT.close();
    }
}

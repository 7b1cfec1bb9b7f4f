package actionlog.edge;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Env;
import actionlog.core.Identity;
import actionlog.core.Limits;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.core.ViewerRequest;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identity from the origin's answer, through the real edge service and a loopback origin that behaves like a PHP
 * application: a PHPSESSID cookie on the first page, a new one on sign-in, the user named in a response header.
 */
class OriginIdentityTest {
    static HttpServer app;
    static final ConcurrentLinkedQueue<Headers> received = new ConcurrentLinkedQueue<>();
    RecordingSender sender;

    @BeforeAll
    static void startApp() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        app.createContext("/", exchange -> {
            try (exchange) {
                received.add(exchange.getRequestHeaders());
                String path = exchange.getRequestURI().getPath();
                String query = exchange.getRequestURI().getRawQuery();
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Headers out = exchange.getResponseHeaders();
                int status = 200;
                if (path.equals("/")) {
                    String cookie = exchange.getRequestHeaders().getFirst("Cookie");
                    if (cookie == null) out.add("Set-Cookie", "PHPSESSID=first; path=/; HttpOnly");
                } else if (path.equals("/login")) { // names the user itself
                    out.add("Set-Cookie", "PHPSESSID=second; path=/; HttpOnly");
                    out.add("X-Actionlog-User", "bob");
                    status = 302;
                } else if (path.equals("/signin")) { // names no one: the login form option has to
                    boolean ok = form.contains("right");
                    if (ok) out.add("Set-Cookie", "PHPSESSID=third; path=/; HttpOnly");
                    status = ok ? 302 : 401;
                } else if (path.equals("/named") && query.startsWith("long=")) { // a name of that many characters
                    out.add("X-Actionlog-User", "h".repeat(Integer.parseInt(query.substring(5))));
                } else if (path.equals("/named")) { // names whoever the query says, as many times as given
                    for (String u : query.split("&")) out.add("X-Actionlog-User", URLDecoder.decode(u.substring(2), StandardCharsets.UTF_8));
                } else if (path.equals("/remote")) {
                    out.add("X-Remote-User", "frank");
                    out.add("X-Actionlog-User", "not-this-one");
                }
                out.add("Location", "/");
                exchange.sendResponseHeaders(status, -1);
            }
        });
        app.start();
    }

    @AfterAll
    static void stopApp() {
        app.stop(0);
    }

    @BeforeEach
    void reset() {
        sender = new RecordingSender();
        received.clear();
    }

    EdgeService edge(String... env) {
        Map<String, String> map = new HashMap<>();
        map.put(Env.QUEUE_URL, "http://queue");
        map.put(SettingCatalog.ORIGIN.env(), "http://127.0.0.1:" + app.getAddress().getPort());
        for (int i = 0; i < env.length; i += 2) map.put(env[i], env[i + 1]);
        return new EdgeService(EdgeConfig.fromEnvironment(new Settings(map), null), sender);
    }

    static ViewerRequest request(String method, String pathAndQuery, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) map.put(headers[i], List.of(headers[i + 1]));
        int q = pathAndQuery.indexOf('?');
        return new ViewerRequest("req-" + System.nanoTime(), System.currentTimeMillis(), method, "https", "shop.test",
                q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), q < 0 ? "" : pathAndQuery.substring(q + 1), map, "203.0.113.9", 0);
    }

    ActionEvent send(EdgeService edge, ViewerRequest request, String body) {
        EdgeService.Outcome outcome = edge.handle(request, body.getBytes(StandardCharsets.UTF_8));
        outcome.sent().join();
        assertNull(outcome.response().header("x-actionlog-user"), "the viewer never sees the identity header");
        return sender.events.get(sender.events.size() - 1);
    }

    @Test
    void theOriginNamesTheUserTheViewerNeverSeesItAndSessionsComeFromSetCookie() {
        EdgeService edge = edge();
        ActionEvent landing = send(edge, request("GET", "/"), "");
        assertEquals(Identity.sessionId("first"), landing.sessionId(), "the session the answer starts");
        assertEquals(Identity.ANONYMOUS, landing.get(F_USER_SOURCE));

        EdgeService.Outcome login = edge.handle(request("POST", "/login", "cookie", "PHPSESSID=first",
                "content-type", "application/x-www-form-urlencoded"), "username=bob&password=x".getBytes(StandardCharsets.UTF_8));
        login.sent().join();
        assertEquals(302, login.response().status());
        assertNull(login.response().header("x-actionlog-user"));
        assertEquals("PHPSESSID=second; path=/; HttpOnly", login.response().headers().get("set-cookie").get(0));
        ActionEvent signedIn = sender.events.get(1);
        assertEquals("bob", signedIn.userId());
        assertEquals(Identity.ORIGIN, signedIn.get(F_USER_SOURCE));
        assertEquals(Identity.sessionId("first"), signedIn.sessionId());
        assertEquals(Identity.sessionId("second"), signedIn.get(F_SESSION_NEXT), "the rotated session is linked too");
    }

    @Test
    void aViewerCannotSpeakForTheOrigin() {
        ActionEvent event = send(edge(), request("GET", "/", "X-Actionlog-User", "mallory", "X-User-Id", "mallory",
                "cookie", "uid=mallory; PHPSESSID=first"), "");
        assertEquals(Identity.ANONYMOUS, event.get(F_USER_SOURCE));
        assertTrue(event.userId().startsWith(Identity.ANONYMOUS_PREFIX));
        Headers got = received.poll();
        assertNull(got.get("X-actionlog-user"), "removed before the origin");
        assertEquals(List.of("mallory"), got.get("X-user-id"), "other headers reach the application, which decides");
    }

    @Test
    void theLoginFormNamesTheUserOnlyWhenTheOriginAcceptsTheSignIn() {
        EdgeService edge = edge(SettingCatalog.LOGIN_FORM.env(), "POST /signin username");
        ActionEvent refused = send(edge, request("POST", "/signin", "cookie", "PHPSESSID=first",
                "content-type", "application/x-www-form-urlencoded"), "username=carol&password=wrong");
        assertEquals(Identity.ANONYMOUS, refused.get(F_USER_SOURCE));
        ActionEvent accepted = send(edge, request("POST", "/signin", "cookie", "PHPSESSID=first",
                "content-type", "application/x-www-form-urlencoded"), "username=carol&password=right");
        assertEquals("carol", accepted.userId());
        assertEquals(Identity.LOGIN_FORM, accepted.get(F_USER_SOURCE));
        assertEquals(Identity.sessionId("third"), accepted.get(F_SESSION_NEXT));
        assertFalse(accepted.toJson().contains("right"), "the password is never recorded");
        ActionEvent json = send(edge, request("POST", "/signin", "content-type", "application/json"),
                "{\"password\":\"right\",\"username\":\"carol\"}");
        assertEquals("carol", json.userId(), "a session started by the answer counts");
    }

    @Test
    void theOriginsHeaderComesBeforeTheLoginFormAndTheConfiguredRequestHeader() {
        EdgeService edge = edge(SettingCatalog.LOGIN_FORM.env(), "POST /login username", SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id");
        ActionEvent event = send(edge, request("POST", "/login", "cookie", "PHPSESSID=first", "X-User-Id", "alice",
                "content-type", "application/x-www-form-urlencoded"), "username=carol&password=x");
        assertEquals("bob", event.userId());
        assertEquals(Identity.ORIGIN, event.get(F_USER_SOURCE));
        ActionEvent header = send(edge, request("GET", "/", "cookie", "PHPSESSID=first", "X-User-Id", "alice"), "");
        assertEquals("alice", header.userId());
        assertEquals(Identity.HEADER, header.get(F_USER_SOURCE));
    }

    @Test
    void hugeAndMalformedNamesAreBoundedAndMarked() {
        EdgeService edge = edge();
        ActionEvent huge = send(edge, request("GET", "/named?long=5000"), "");
        assertEquals("h".repeat(Limits.MAX_ID) + Limits.MARKER + "4744 chars]", huge.userId());
        assertEquals(Identity.ORIGIN, huge.get(F_USER_SOURCE));
        assertEquals(List.of(F_USER), huge.get(F_TRUNCATED));
        assertEquals("response header x-actionlog-user was 5000 characters; cut to 256", huge.get(F_IDENTITY_ERROR));

        // HTTP/1.1 turns a tab into a space on the way; an answer handed over otherwise may still hold control characters
        ActionEvent control = new ActionEvent();
        actionlog.core.CaptureConfig defaults = actionlog.core.CaptureConfig.defaults();
        actionlog.core.IdentityResolver resolver = new actionlog.core.IdentityResolver(defaults, null, null);
        ViewerRequest plain = request("GET", "/");
        EdgeResponse answer = new OriginIdentity(defaults, resolver).apply(control, resolver.begin(plain, "203.0.113.9"), plain,
                new byte[0], new EdgeResponse(200, Map.of("x-actionlog-user", List.of("ali\u0001ce")), null));
        assertNull(answer.header("x-actionlog-user"));
        assertEquals(Identity.ANONYMOUS, control.get(F_USER_SOURCE));
        assertEquals("response header x-actionlog-user refused: it has control characters", control.get(F_IDENTITY_ERROR));

        ActionEvent two = send(edge, request("GET", "/named?u=alice&u=bob"), "");
        assertEquals(Identity.ANONYMOUS, two.get(F_USER_SOURCE));
        assertEquals("response header x-actionlog-user named 2 different users; none recorded", two.get(F_IDENTITY_ERROR));
    }

    @Test
    void theHeaderNameIsConfigurable() {
        EdgeService.Outcome outcome = edge(SettingCatalog.IDENTITY_RESPONSE_HEADER.env(), "X-Remote-User").handle(request("GET", "/remote"), new byte[0]);
        outcome.sent().join();
        assertNull(outcome.response().header("x-remote-user"));
        assertEquals("not-this-one", outcome.response().header("x-actionlog-user"), "only the configured header is the edge's");
        assertEquals("frank", sender.events.get(0).userId());
    }
}

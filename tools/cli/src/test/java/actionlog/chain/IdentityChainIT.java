package actionlog.chain;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.cli.CliRun;
import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.core.Json;
import actionlog.core.Limits;
import actionlog.local.LocalRuntime;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import actionlog.testkit.Eventually;
import actionlog.testkit.chain.StackFixture;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Who", through the whole local chain (real edge, queue, consumer, table, CLI) in front of an application that
 * behaves like a PHP site: a PHPSESSID cookie from the first page, a new session on sign-in, the signed-in user named
 * in the X-Actionlog-User response header, and static files served without it. The edge is configured with its
 * defaults only: no request header is trusted.
 */
class IdentityChainIT {
    static HttpServer app;
    static StackFixture stack;
    static final Map<String, String> signedIn = new ConcurrentHashMap<>();
    static final ConcurrentLinkedQueue<Map<String, List<String>>> received = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        app.createContext("/", exchange -> {
            try (exchange) {
                received.add(Map.copyOf(exchange.getRequestHeaders()));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                String cookie = exchange.getRequestHeaders().getFirst("Cookie");
                String session = cookie != null && cookie.startsWith("PHPSESSID=") ? cookie.substring(10) : null;
                var out = exchange.getResponseHeaders();
                int status = 200;
                if (session == null) out.add("Set-Cookie", "PHPSESSID=" + UUID.randomUUID() + "; path=/; HttpOnly");
                if (path.equals("/login") && exchange.getRequestMethod().equals("POST")) {
                    String user = body.replaceAll(".*username=([a-z]+).*", "$1");
                    String fresh = UUID.randomUUID().toString(); // session_regenerate_id()
                    signedIn.put(fresh, user);
                    out.set("Set-Cookie", "PHPSESSID=" + fresh + "; path=/; HttpOnly");
                    out.add("X-Actionlog-User", user);
                    out.add("Location", "/account");
                    status = 302;
                } else if (path.equals("/huge")) {
                    out.add("X-Actionlog-User", "h".repeat(5000));
                } else if (!path.startsWith("/static/") && session != null && signedIn.containsKey(session)) {
                    out.add("X-Actionlog-User", signedIn.get(session)); // static files: served in front, naming no one
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        app.start();
        stack = new StackFixture(LocalRuntime.options().origin("http://127.0.0.1:" + app.getAddress().getPort())
                .visibilityTimeoutSeconds(1).register(true).pollers(1));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (app != null) app.stop(0);
    }

    static String sessionCookie(HttpResponse<byte[]> response) {
        String set = response.headers().firstValue("set-cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    /** The edge's browser cookie an answer set, as a browser sends it back. */
    static String browserCookie(HttpResponse<byte[]> response) {
        String set = response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("actionlog_bid=")).findFirst().orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    static HttpResponse<byte[]> send(String method, String path, String body, String... headers) {
        HttpResponse<byte[]> response = stack.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
        assertTrue(response.headers().firstValue("x-actionlog-user").isEmpty(), "the viewer never sees the identity header");
        return response;
    }

    @Test
    void theSignedInUsersTrailHasThePagesBeforeAndAfterSignInAndForgetErasesThemAll() {
        // a forger first: claims to be mallory in every way a viewer can
        HttpResponse<byte[]> forged = send("GET", "/account", null, "X-Actionlog-User", "mallory", "X-User-Id", "mallory",
                "Cookie", "uid=mallory");
        assertEquals(200, forged.statusCode());
        String forgedSession = sessionCookie(forged).substring("PHPSESSID=".length());

        HttpResponse<byte[]> landing = send("GET", "/", null);
        String before = sessionCookie(landing);
        String browser = browserCookie(landing); // a browser sends back the edge's cookie as well
        send("GET", "/login", null, "Cookie", before + "; " + browser);
        HttpResponse<byte[]> login = send("POST", "/login", "username=alice&password=pw", "Cookie", before + "; " + browser,
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(302, login.statusCode());
        String after = sessionCookie(login);
        browser = browserCookie(login); // the link is in the browser cookie from now on
        assertEquals(200, send("GET", "/account", null, "Cookie", after + "; " + browser).statusCode());
        send("GET", "/static/app.css", null, "Cookie", after + "; " + browser);

        List<ActionEvent> trail = stack.awaitEvents("alice", 5);
        assertEquals(List.of("GET /", "GET /login", "POST /login", "GET /account", "GET /static/app.css"),
                trail.stream().map(e -> e.get(F_METHOD) + " " + e.get(F_PATH)).toList());
        assertEquals(List.of("anonymous", "anonymous", "origin", "origin", "linked"),
                trail.stream().map(e -> e.string(F_USER_SOURCE)).toList(), "static files served without the header: linked");
        assertEquals(List.of("alice", "alice", "-", "-", "-"),
                trail.stream().map(e -> e.string(F_STITCHED_TO) == null ? "-" : e.string(F_STITCHED_TO)).toList());

        CliRun json = CliRun.of("trace", "--user", "alice", "--local", "-o", "json");
        assertEquals(0, json.code(), json.err());
        assertEquals(5, Json.readArray(json.out()).size());
        CliRun table = CliRun.of("trace", "--user", "alice", "--local");
        assertTrue(table.out().contains("· user alice (stitched: anonymous event of this browser before signing in, anon:"), table.out());
        assertTrue(table.out().contains("· user alice (origin) ──"), table.out());

        // the forged request reached the app without X-Actionlog-User, and was recorded as anonymous
        assertTrue(received.stream().noneMatch(h -> h.containsKey("X-actionlog-user")), received.toString());
        List<ActionEvent> forgedEvents = Eventually.until(StackFixture.WAIT, () -> stack.store.find(
                EventStore.Selector.session(forgedSession), TimeRange.ALL, EventStore.Filters.NONE, 0, null), e -> e.size() == 1, "the forged request");
        assertEquals(Identity.ANONYMOUS, forgedEvents.get(0).get(F_USER_SOURCE));
        assertEquals(List.of(), stack.events("mallory"));
        assertTrue(CliRun.of("trace", "--user", "mallory", "--local").out().contains("no events"));

        CliRun forget = CliRun.of("forget", "--user", "alice", "--local", "--yes");
        assertEquals(0, forget.code(), forget.err());
        assertEquals("erased 5 event(s) of user alice: 3 named alice, 2 anonymous event(s) of 1 link(s);"
                + " and 0 line(s) of the local fallback log\nerased 5 row(s) from the local archive", forget.out().trim());
        assertEquals(List.of(), stack.events("alice"));
        assertEquals(List.of(), stack.store.find(EventStore.Selector.session(before.substring("PHPSESSID=".length())),
                TimeRange.ALL, EventStore.Filters.NONE, 0, null), "the anonymous events before sign-in are gone too");
        assertEquals(List.of(), stack.store.linksOf("alice"));
    }

    @Test
    void aHugeNameFromTheOriginIsBoundedMarkedAndStored() {
        HttpResponse<byte[]> response = send("GET", "/huge", null);
        assertEquals(200, response.statusCode());
        String session = sessionCookie(response).substring("PHPSESSID=".length());
        ActionEvent event = Eventually.until(StackFixture.WAIT, () -> stack.store.find(EventStore.Selector.session(session),
                TimeRange.ALL, EventStore.Filters.NONE, 0, null), e -> e.size() == 1, "the /huge request").get(0);
        assertEquals("h".repeat(Limits.MAX_ID) + Limits.MARKER + "4744 chars]", event.userId());
        assertEquals(Identity.ORIGIN, event.get(F_USER_SOURCE));
        assertEquals(List.of(F_USER), event.get(F_TRUNCATED));
        assertEquals("response header x-actionlog-user was 5000 characters; cut to 256", event.get(F_IDENTITY_ERROR));
    }
}

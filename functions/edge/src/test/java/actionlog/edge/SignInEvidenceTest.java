package actionlog.edge;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Cookies;
import actionlog.core.Env;
import actionlog.core.Identity;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.core.ViewerRequest;
import actionlog.testkit.TestOrigin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who a request is, through the real edge service in front of a framework-like origin that rotates its session at
 * sign-in and never names the user: only what the application accepted names anyone, the edge's browser cookie
 * carries the sign-in to the next requests, a sign-out ends it, and nothing a client sends can steer it.
 */
class SignInEvidenceTest {
    static TestOrigin origin;
    RecordingSender sender;
    EdgeService edge;

    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin(TestOrigin.SignIn.ROTATE);
    }

    @AfterAll
    static void stop() {
        origin.close();
    }

    @BeforeEach
    void reset() {
        sender = new RecordingSender();
        edge = edge();
    }

    EdgeService edge(String... env) {
        Map<String, String> map = new HashMap<>();
        map.put(Env.QUEUE_URL, "http://queue");
        map.put(SettingCatalog.ORIGIN.env(), origin.url());
        map.put(SettingCatalog.LOGIN_FORM.env(), "POST /app/signin* user");
        map.put(SettingCatalog.SESSION_COOKIES.env(), TestOrigin.APP_SESSION);
        for (int i = 0; i < env.length; i += 2) map.put(env[i], env[i + 1]);
        return new EdgeService(EdgeConfig.fromEnvironment(new Settings(map), null), sender);
    }

    /** A browser: keeps the cookies the answers set (and forgets the ones they clear), sends them back. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        final List<String> extra = new ArrayList<>();
        EdgeResponse last;

        ActionEvent send(String method, String pathAndQuery, String form, String... headers) {
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (int i = 0; i < headers.length; i += 2) map.put(headers[i], List.of(headers[i + 1]));
            List<String> pairs = new ArrayList<>(extra);
            cookies.forEach((k, v) -> pairs.add(k + "=" + v));
            if (!pairs.isEmpty()) map.put("cookie", List.of(String.join("; ", pairs)));
            if (form != null) map.put("content-type", List.of("application/x-www-form-urlencoded"));
            int q = pathAndQuery.indexOf('?');
            ViewerRequest request = new ViewerRequest("req-" + System.nanoTime(), System.currentTimeMillis(), method, "https", "shop.test",
                    q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), q < 0 ? "" : pathAndQuery.substring(q + 1), map, "203.0.113.9", 0);
            EdgeService.Outcome outcome = edge.handle(request, form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8));
            outcome.sent().join();
            last = outcome.response();
            for (Cookies.Set set : Cookies.set(last.headers().get("set-cookie"), System.currentTimeMillis())) {
                if (set.cleared()) cookies.remove(set.name());
                else cookies.put(set.name(), set.value());
            }
            return sender.events.get(sender.events.size() - 1);
        }
    }

    static String who(ActionEvent e) {
        return e.userId() + "/" + e.get(F_USER_SOURCE) + (e.get(F_LINK) == null ? "" : "/" + e.get(F_LINK));
    }

    @Test
    void aSignInTheAppAcceptedLinksTheBrowserUntilItSignsOut() {
        Browser bob = new Browser();
        ActionEvent landing = bob.send("GET", "/app/", null);
        assertTrue(bob.cookies.containsKey("actionlog_bid"), "a first visit gets the browser cookie");
        String browser = landing.browserId();
        assertTrue(browser.matches("b_[0-9a-f]{20}"), browser);
        assertEquals(Identity.anonymousOf(browser), landing.userId(), "the anonymous id is the browser's");
        ActionEvent signIn = bob.send("POST", "/app/signin", "user=bob&password=pw-bob");
        assertEquals(302, bob.last.status());
        ActionEvent home = bob.send("GET", "/app/home", null);
        ActionEvent delete = bob.send("DELETE", "/app/orders/7", null);
        ActionEvent signOut = bob.send("GET", "/app/signout", null);
        ActionEvent after = bob.send("GET", "/app/signin", null);

        assertEquals(List.of("bob/login_form/start", "bob/linked", "bob/linked", "bob/linked/end"),
                List.of(who(signIn), who(home), who(delete), who(signOut)));
        assertEquals(landing.get(F_TIME), signIn.get(F_STITCH_FROM), "the pages before sign-in, back to the browser's first");
        assertEquals(Identity.LOGIN_FORM, home.get(F_LINKED_BY));
        assertEquals(Identity.ANONYMOUS, after.get(F_USER_SOURCE), "signed out: anonymous again");
        assertEquals(browser, after.browserId(), "the same browser throughout");
        assertEquals(signIn.get(F_SESSION_NEXT), home.sessionId(), "the rotated session is the one the app issued");
        assertEquals("issued", home.get(F_SESSION_SOURCE));
        assertNull(bob.last.header("x-actionlog-user"));
        assertFalse(signIn.toJson().contains("pw-bob"), "the password is never recorded");
        assertNull(origin.received.stream().filter(r -> r.path().equals("/app/home")).findFirst().orElseThrow()
                .headers().get("Cookie").stream().filter(c -> c.contains("actionlog_bid")).findFirst().orElse(null),
                "the application never sees the edge's cookie");
    }

    @Test
    void aFailedSignInAnsweredWith200OrARedirectToTheFormNamesNoOne() {
        Browser mallory = new Browser();
        mallory.send("GET", "/app/signin", null);
        ActionEvent answered200 = mallory.send("POST", "/app/signin", "user=victim&password=guess");
        assertEquals(200, mallory.last.status());
        assertEquals(Identity.ANONYMOUS, answered200.get(F_USER_SOURCE));
        assertEquals("login form field user names no one: the answer (200) issued no new session cookie and redirects nowhere",
                answered200.get(F_IDENTITY_ERROR));
        ActionEvent backToForm = mallory.send("POST", "/app/signin-r", "user=victim&password=guess");
        assertEquals(302, mallory.last.status());
        assertEquals(Identity.ANONYMOUS, backToForm.get(F_USER_SOURCE));
        assertEquals("login form field user names no one: the answer redirects back to the form", backToForm.get(F_IDENTITY_ERROR));
        assertEquals(Identity.ANONYMOUS, mallory.send("GET", "/app/home", null).get(F_USER_SOURCE));
    }

    @Test
    void anAmbiguousSignInNamesNoOneEvenWhenTheAppAcceptsIt() {
        Browser mallory = new Browser();
        mallory.send("GET", "/app/", null);
        ActionEvent repeated = mallory.send("POST", "/app/signin", "user=victim&user=mallory&password=pw-mallory");
        assertEquals(302, mallory.last.status(), "the app signed in mallory (the last copy)");
        assertEquals(Identity.ANONYMOUS, repeated.get(F_USER_SOURCE));
        assertEquals("login form field user is repeated; the application may read either copy, so no one is named",
                repeated.get(F_IDENTITY_ERROR));
        Browser other = new Browser();
        other.send("GET", "/app/", null);
        ActionEvent both = other.send("POST", "/app/signin?user=victim", "user=mallory&password=pw-mallory");
        assertEquals(Identity.ANONYMOUS, both.get(F_USER_SOURCE));
        assertTrue(both.string(F_IDENTITY_ERROR).startsWith("login form field user is in the query string and in the body"));
    }

    @Test
    void aDecoySessionCookieNeverChoosesTheSessionAndAViewersIdentityHeaderNeverReachesTheApp() {
        Browser mallory = new Browser();
        mallory.extra.add("PHPSESSID=chosen-by-mallory");
        ActionEvent first = mallory.send("GET", "/app/", null, "X_Actionlog_User", "victim", "x-actionlog-user", "victim");
        String issued = mallory.cookies.get(TestOrigin.APP_SESSION);
        assertEquals(Identity.sessionId(issued), first.sessionId(), "the session the app issued, not the decoy");
        ActionEvent next = mallory.send("GET", "/app/page", null);
        assertEquals(Identity.sessionId(issued), next.sessionId(), "remembered by the browser cookie");
        assertEquals(Identity.ANONYMOUS, first.get(F_USER_SOURCE));
        TestOrigin.Received got = origin.received.stream().filter(r -> r.path().equals("/app/")).reduce((a, b) -> b).orElseThrow();
        assertNull(got.headers().get("X_actionlog_user"), "the underscore spelling is stripped too: " + got.headers().keySet());
        assertNull(got.headers().get("X-actionlog-user"));
    }

    @Test
    void aForgedOrAlteredBrowserCookieIsNoCookieAndAnotherUserSigningInStartsANewLink() {
        Browser bob = new Browser();
        bob.send("GET", "/app/", null);
        bob.send("POST", "/app/signin", "user=bob&password=pw-bob");
        String sealed = bob.cookies.get("actionlog_bid");
        Browser thief = new Browser();
        thief.cookies.put("actionlog_bid", sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA"));
        ActionEvent forged = thief.send("GET", "/app/home", null);
        assertEquals(Identity.ANONYMOUS, forged.get(F_USER_SOURCE));
        assertTrue(forged.string(F_IDENTITY_ERROR).startsWith("browser cookie refused: it does not open under the edge's key"),
                forged.string(F_IDENTITY_ERROR));
        assertNotEquals(bob.send("GET", "/app/home", null).browserId(), forged.browserId());

        ActionEvent alice = bob.send("POST", "/app/signin", "user=alice&password=pw-alice"); // someone else, same browser
        assertEquals("alice/login_form/start", who(alice));
        assertEquals(alice.get(F_TIME), alice.get(F_STITCH_FROM), "nothing before it is alice's: bob was signed in");
    }

    @Test
    void withThePrivacySignalTheCookieLastsTheBrowserSessionAndItCanBeSwitchedOff() {
        Browser dnt = new Browser();
        dnt.send("GET", "/app/", null, "Sec-GPC", "1");
        String set = dnt.last.headers().get("set-cookie").stream().filter(c -> c.startsWith("actionlog_bid=")).findFirst().orElseThrow();
        assertFalse(set.contains("Max-Age"), set);
        assertTrue(set.endsWith("; Path=/; HttpOnly; Secure; SameSite=Lax"), set);

        edge = edge(SettingCatalog.BROWSER_COOKIE.env(), "none");
        Browser plain = new Browser();
        ActionEvent landing = plain.send("GET", "/app/", null);
        assertFalse(plain.cookies.containsKey("actionlog_bid"));
        assertNull(landing.browserId());
        ActionEvent signIn = plain.send("POST", "/app/signin", "user=bob&password=pw-bob");
        assertEquals("bob/login_form/start", who(signIn), "the fallback: the sign-in links the sessions");
        assertEquals(Identity.ANONYMOUS, plain.send("GET", "/app/home", null).get(F_USER_SOURCE), "nothing carries it to the next request");
    }
}

package actionlog.chain;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.cli.CliRun;
import actionlog.core.ActionEvent;
import actionlog.core.Cookies;
import actionlog.core.Identity;
import actionlog.core.Json;
import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.support.EventStore;
import actionlog.support.LocalRegistry;
import actionlog.support.TimeRange;
import actionlog.testkit.Eventually;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import actionlog.ui.UiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "Who" through the whole local chain (real edge, queue, consumer, table, CLI, timeline API) in front of a site that
 * signs users in and never names them, configured with nothing but {@code --login-form} and {@code --session-cookies}:
 * once with a site that rotates its session at sign-in and clears it at sign-out, once with one that keeps it.
 */
class SignInChainIT {
    static final Map<String, String> LOGIN_ONLY = Map.of(SettingCatalog.LOGIN_FORM.env(), "POST /app/signin* user", SettingCatalog.SESSION_COOKIES.env(), TestOrigin.APP_SESSION);

    /** A browser on the test's machine: its own cookies, the same address and user agent as every other one. */
    static final class Browser {
        final StackFixture stack;
        final Map<String, String> cookies = new LinkedHashMap<>();
        final List<String> paths = new ArrayList<>();

        Browser(StackFixture stack) {
            this.stack = stack;
        }

        HttpResponse<byte[]> send(String method, String path, String form) {
            List<String> headers = new ArrayList<>(List.of("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"));
            if (!cookies.isEmpty()) {
                headers.add("Cookie");
                headers.add(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
            }
            if (form != null) {
                headers.add("Content-Type");
                headers.add("application/x-www-form-urlencoded");
            }
            HttpResponse<byte[]> response = stack.send(method, path, form == null ? null : form.getBytes(StandardCharsets.UTF_8),
                    headers.toArray(String[]::new));
            for (Cookies.Set set : Cookies.set(response.headers().allValues("set-cookie"), System.currentTimeMillis())) {
                if (set.cleared()) cookies.remove(set.name());
                else cookies.put(set.name(), set.value());
            }
            paths.add(method + " " + path);
            return response;
        }
    }

    static List<ActionEvent> all(StackFixture stack, int count) {
        return Eventually.until(StackFixture.WAIT, () -> stack.store.find(EventStore.Selector.ip("127.0.0.1"), TimeRange.ALL,
                EventStore.Filters.NONE, 0, null), e -> e.size() >= count, count + " events");
    }

    static List<String> requests(List<ActionEvent> events) {
        return events.stream().map(e -> e.get(F_METHOD) + " " + e.get(F_PATH)).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> json(CliRun run) {
        assertEquals(0, run.code(), run.err());
        return (List<Map<String, Object>>) (List<?>) Json.readArray(run.out());
    }

    /** The person of each event as a JSON view shows it: the stitched user, else the event's. */
    static String person(Map<String, Object> e) {
        return String.valueOf(e.getOrDefault(F_STITCHED_TO, e.get(F_USER)));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class SessionRotatedAtSignIn {
        TestOrigin origin;
        StackFixture stack;
        Browser bob;
        Browser other;
        long signedOutAt;

        @BeforeAll
        void start() throws Exception {
            origin = new TestOrigin(TestOrigin.SignIn.ROTATE);
            stack = new StackFixture(LocalRuntime.options().origin(origin.url()).visibilityTimeoutSeconds(1).register(true)
                    .pollers(1).edgeEnv(LOGIN_ONLY));
            bob = new Browser(stack);
            other = new Browser(stack); // another browser on the same address, with the same user agent
            bob.cookies.put("sess_pref", "dark"); // a cookie matched by the session pattern that many browsers share
            other.cookies.put("sess_pref", "dark");
            bob.send("GET", "/app/", null);
            other.send("GET", "/app/", null);
            bob.send("GET", "/app/signin", null);
            assertEquals(200, other.send("POST", "/app/signin", "user=bob&password=guess").statusCode(), "a failed sign-in");
            assertEquals(302, bob.send("POST", "/app/signin", "user=bob&password=pw-bob").statusCode());
            assertEquals(302, other.send("POST", "/app/signin", "user=bob&user=carol&password=pw-carol").statusCode(),
                    "the app signs in carol, the last copy of the field");
            assertEquals("bob", new String(bob.send("GET", "/app/whoami", null).body(), StandardCharsets.UTF_8));
            bob.send("DELETE", "/app/orders/7", null);
            other.send("GET", "/app/orders/7", null);
            bob.send("GET", "/app/signout", null);
            signedOutAt = System.currentTimeMillis();
            bob.send("GET", "/app/signin", null);
            all(stack, 11);
        }

        @AfterAll
        void stop() {
            if (stack != null) stack.close();
            if (origin != null) origin.close();
        }

        @Test
        @Order(1)
        void traceHoldsBobsPagesFromBeforeSignInThroughSignOutAndNothingElse() {
            List<Map<String, Object>> trail = json(CliRun.of("trace", "--user", "bob", "--local", "--all", "-o", "json"));
            assertEquals(List.of("GET /app/", "GET /app/signin", "POST /app/signin", "GET /app/whoami", "DELETE /app/orders/7",
                    "GET /app/signout"), trail.stream().map(e -> e.get(F_METHOD) + " " + e.get(F_PATH)).toList());
            assertEquals(List.of("anonymous", "anonymous", "login_form", "linked", "linked", "linked"),
                    trail.stream().map(e -> e.get(F_USER_SOURCE)).toList());
            assertEquals(List.of("bob", "bob", "-", "-", "-", "-"),
                    trail.stream().map(e -> String.valueOf(e.getOrDefault(F_STITCHED_TO, "-"))).toList());
            assertEquals(1, trail.stream().map(e -> e.get(F_BROWSER)).distinct().count(), "one browser: " + trail);
        }

        @Test
        @Order(2)
        void searchNamesBobAsWhoDeletedTheOrderAndTheOtherBrowserAsAnonymous() {
            CliRun table = CliRun.of("search", "--path-prefix", "/app/orders/7", "--since", "1h", "--local");
            assertEquals(0, table.code(), table.err());
            List<String> rows = table.out().lines().filter(l -> l.contains("/app/orders/7")).toList();
            assertEquals(2, rows.size(), table.out());
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("bob ") && r.contains("DELETE")), table.out());
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("anon:") && r.contains("GET")), table.out());
        }

        @Test
        @Order(3)
        void aFailedOrAmbiguousSignInNamesNoOneAndTwoBrowsersOnOneAddressAreTwoAnonymousIds() {
            List<ActionEvent> events = all(stack, 11);
            List<ActionEvent> others = events.stream().filter(e -> e.browserId() != null && !e.browserId().equals(bobsBrowser(events))).toList();
            assertEquals(4, others.size(), requests(events).toString());
            assertTrue(others.stream().allMatch(e -> Identity.ANONYMOUS.equals(e.get(F_USER_SOURCE))), others.toString());
            assertEquals(1, others.stream().map(ActionEvent::userId).distinct().count());
            assertNotEquals(others.get(0).userId(), events.get(0).userId(), "two browsers, two anonymous ids");
            List<String> refusals = others.stream().map(e -> e.string(F_IDENTITY_ERROR)).filter(java.util.Objects::nonNull).toList();
            assertEquals(List.of("login form field user names no one: the answer (200) issued no new session cookie and redirects nowhere",
                    "login form field user is repeated; the application may read either copy, so no one is named"), refusals);
            assertTrue(others.stream().noneMatch(e -> e.string(F_STITCHED_TO) != null), "nobody's pages");
        }

        String bobsBrowser(List<ActionEvent> events) {
            return events.stream().filter(e -> "bob".equals(e.userId())).findFirst().orElseThrow().browserId();
        }

        @Test
        @Order(4)
        void everyViewShowsTheSamePersonForTheSameEvent() throws Exception {
            ActionEvent landing = stack.events("bob").get(0);
            assertEquals("bob", landing.get(F_STITCHED_TO));
            String id = landing.id();
            Map<String, String> seen = new LinkedHashMap<>();
            seen.put("trace", person(only(json(CliRun.of("trace", "--user", "bob", "--local", "--all", "-o", "json")), id)));
            seen.put("request", person(only(json(CliRun.of("request", id, "--local", "-o", "json")), id)));
            seen.put("ip", person(only(json(CliRun.of("ip", "127.0.0.1", "--local", "--all", "-o", "json")), id)));
            seen.put("session", person(only(json(CliRun.of("session", landing.sessionId(), "--local", "--all", "-o", "json")), id)));
            seen.put("search", person(only(json(CliRun.of("search", "--path-prefix", "/app/", "--since", "1h", "--local", "-o", "json")), id)));
            Path export = Files.createTempFile("ip", ".jsonl");
            assertEquals(0, CliRun.of("export", "--ip", "127.0.0.1", "--local", "--out", export.toString()).code());
            seen.put("export", Files.readAllLines(export).stream().map(l -> Json.readObject(l)).filter(e -> id.equals(e.get(F_ID)))
                    .map(SignInChainIT::person).findFirst().orElseThrow());
            try (UiServer ui = UiServer.start(stack.store, 0, e -> String.valueOf(e.getMessage()))) {
                HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ui.url()
                        + "/api/events?ip=127.0.0.1&limit=0")).build(), HttpResponse.BodyHandlers.ofString());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> events = (List<Map<String, Object>>) Json.readObject(api.body()).get("events");
                @SuppressWarnings("unchecked")
                Map<String, Object> person = (Map<String, Object>) only(events, id).get("actionlog.person");
                seen.put("timeline", person.get("user") + " " + person.get("how"));
            }
            assertEquals(Map.of("trace", "bob", "request", "bob", "ip", "bob", "session", "bob", "search", "bob", "export", "bob",
                    "timeline", "bob stitched"), seen);
        }

        static Map<String, Object> only(List<Map<String, Object>> events, String id) {
            return events.stream().filter(e -> id.equals(e.get(F_ID))).findFirst().orElseThrow(() -> new AssertionError(id + " in " + events));
        }

        @Test
        @Order(5)
        void forgetErasesBobsPagesOnlyAndNoReplayRecoverOrOldCookieBringsThemBack() throws Exception {
            Path export = Files.createTempFile("bob", ".jsonl");
            assertEquals(0, CliRun.of("export", "--user", "bob", "--local", "--out", export.toString()).code());
            List<String> exported = Files.readAllLines(export);
            assertEquals(6, exported.size());
            assertTrue(exported.get(0).contains("\"user.stitched_to\":\"bob\""), exported.get(0));
            int before = all(stack, 11).size();

            CliRun forget = CliRun.of("forget", "--user", "bob", "--local", "--yes");
            assertEquals(0, forget.code(), forget.err());
            assertEquals("erased 6 event(s) of user bob: 4 named bob, 2 anonymous event(s) of 1 link(s); and 0 line(s) of the "
                    + "local fallback log\nerased 6 row(s) from the local archive", forget.out().trim());
            List<ActionEvent> left = stack.store.find(EventStore.Selector.ip("127.0.0.1"), TimeRange.ALL, EventStore.Filters.NONE, 0, null);
            assertEquals(before - 6, left.size(), "every other browser's events, and bob's browser's after sign-out, stay");
            assertEquals(List.of("GET /app/", "POST /app/signin", "POST /app/signin", "GET /app/orders/7", "GET /app/signin"),
                    requests(left));

            // an old export (carrying user.stitched_to) replayed, and the anonymous pages in a fallback log recovered
            assertEquals(0, CliRun.of("replay", export.toString(), "--local").code());
            Path fallback = Files.createTempFile("fallback", ".log");
            Files.write(fallback, exported.stream().filter(l -> l.contains("\"anonymous\""))
                    .map(l -> "{\"actionlog\":\"fallback\",\"event\":" + l.replace(",\"user.stitched_to\":\"bob\"", "") + "}").toList());
            CliRun recover = CliRun.of("recover", fallback.toString(), "--local");
            assertEquals(0, recover.code(), recover.out() + recover.err());
            assertTrue(recover.out().startsWith("recover: 2 sent"), recover.out());
            stack.awaitDrained();
            assertEquals(List.of(), stack.events("bob"));
            assertEquals(before - 6, stack.store.find(EventStore.Selector.ip("127.0.0.1"), TimeRange.ALL, EventStore.Filters.NONE, 0, null).size(),
                    "nothing of bob's came back");

            // bob signs in again on the same browser, whose cookie reaches back to its sign-out before the erasure
            long erasedAt = System.currentTimeMillis();
            assertEquals(302, bob.send("POST", "/app/signin", "user=bob&password=pw-bob").statusCode());
            bob.send("GET", "/app/home", null);
            List<ActionEvent> again = stack.awaitEvents("bob", 2);
            assertEquals(List.of("POST /app/signin", "GET /app/home"), requests(again), "no page from before the erasure");
            assertTrue(again.stream().allMatch(e -> e.receivedAt().toEpochMilli() >= erasedAt));
            assertTrue(signedOutAt < erasedAt);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SessionKeptAtSignIn {
        TestOrigin origin;
        StackFixture stack;

        @BeforeAll
        void start() throws Exception {
            origin = new TestOrigin(TestOrigin.SignIn.KEEP);
            Map<String, String> env = new LinkedHashMap<>(LOGIN_ONLY);
            env.put(SettingCatalog.SIGN_OUT.env(), "GET /app/signout"); // the app keeps its cookie after sign-out: only the request tells
            stack = new StackFixture(LocalRuntime.options().origin(origin.url()).visibilityTimeoutSeconds(1).register(true)
                    .pollers(1).edgeEnv(env));
        }

        @AfterAll
        void stop() {
            if (stack != null) stack.close();
            if (origin != null) origin.close();
        }

        @Test
        void sessionFixationStitchesNeitherBrowserIntoTheOthersTrailAndSignOutEndsTheLink() {
            Browser attacker = new Browser(stack);
            Browser victim = new Browser(stack);
            attacker.send("GET", "/app/", null);
            victim.cookies.put(TestOrigin.APP_SESSION, attacker.cookies.get(TestOrigin.APP_SESSION)); // planted
            victim.send("GET", "/app/", null);
            assertEquals(302, victim.send("POST", "/app/signin", "user=victim&password=pw-victim").statusCode());
            victim.send("GET", "/app/home", null);
            assertEquals("victim", new String(attacker.send("GET", "/app/whoami", null).body(), StandardCharsets.UTF_8),
                    "the app lets the attacker in as the victim");
            victim.send("GET", "/app/signout", null);
            victim.send("GET", "/app/after", null);
            assertEquals(302, attacker.send("POST", "/app/signin", "user=attacker&password=pw-attacker").statusCode());
            attacker.send("GET", "/app/home", null);
            all(stack, 9);

            assertEquals(List.of("GET /app/", "POST /app/signin", "GET /app/home", "GET /app/signout"), requests(stack.events("victim")),
                    "the victim's own pages only: not the attacker's, not after sign-out");
            assertEquals(List.of("GET /app/", "GET /app/whoami", "POST /app/signin", "GET /app/home"), requests(stack.events("attacker")),
                    "the attacker's own browser only");
            CliRun forget = CliRun.of("forget", "--user", "victim", "--local", "--yes");
            assertEquals(0, forget.code(), forget.err());
            assertEquals(List.of("GET /app/", "GET /app/whoami", "POST /app/signin", "GET /app/home"), requests(stack.events("attacker")),
                    "forgetting the victim leaves the attacker's browser alone");
            assertEquals(1, stack.store.find(EventStore.Selector.ip("127.0.0.1"), TimeRange.ALL, EventStore.Filters.NONE, 0, null).stream()
                    .filter(e -> e.string(F_PATH).equals("/app/after")).count(), "the victim's browser after sign-out is nobody's");
            assertTrue(LocalRegistry.home().toFile().exists());
        }
    }
}

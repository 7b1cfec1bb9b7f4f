package actionlog.chain;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.local.LocalRuntime;
import actionlog.testkit.chain.StackFixture;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `./actionlog local` with its demo shop and default settings: the shop names its users, the edge trusts no header. */
class DemoShopIdentityIT {
    static StackFixture stack;

    @BeforeAll
    static void start() {
        stack = new StackFixture(LocalRuntime.options().visibilityTimeoutSeconds(1).register(true).pollers(1));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    static HttpResponse<byte[]> send(String method, String path, String body, String... headers) {
        HttpResponse<byte[]> response = stack.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
        assertEquals(List.of(), response.headers().allValues("x-actionlog-user"), "the viewer never sees the identity header");
        return response;
    }

    static String cookie(HttpResponse<byte[]> response) {
        String set = response.headers().firstValue("set-cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    @Test
    void signingInAsCarolPutsThePagesBeforeAndAfterInHerTrail() {
        HttpResponse<byte[]> home = send("GET", "/", null);
        assertTrue(new String(home.body(), StandardCharsets.UTF_8).contains("<input name=\"username\""));
        String before = cookie(home);
        String browser = IdentityChainIT.browserCookie(home); // a browser keeps the edge's cookie too
        send("GET", "/products/1", null, "Cookie", before + "; " + browser);
        HttpResponse<byte[]> login = send("POST", "/login", "username=carol&password=anything", "Cookie", before + "; " + browser,
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(302, login.statusCode());
        URI location = URI.create(login.headers().firstValue("location").orElseThrow());
        assertTrue(location.isAbsolute(), location.toString());
        assertEquals("/", location.getPath());
        String after = cookie(login);
        assertNotEquals(before, after, "a new session on sign-in");
        browser = IdentityChainIT.browserCookie(login);
        assertTrue(new String(send("GET", "/", null, "Cookie", after + "; " + browser).body(), StandardCharsets.UTF_8)
                .contains("Signed in as <b>carol</b>"));
        send("GET", "/products/2", null, "Cookie", after + "; " + browser);

        List<ActionEvent> trail = stack.awaitEvents("carol", 5);
        assertEquals(List.of("GET /", "GET /products/1", "POST /login", "GET /", "GET /products/2"),
                trail.stream().map(e -> e.get(F_METHOD) + " " + e.get(F_PATH)).toList());
        assertEquals(List.of("anonymous", "anonymous", "origin", "origin", "origin"),
                trail.stream().map(e -> e.string(F_USER_SOURCE)).toList());
        assertFalse(trail.get(2).toJson().contains("anything"), "the password is not recorded");
    }

    @Test
    void theShopTrustsXUserIdItselfAndNamesTheUserToTheEdge() {
        assertEquals(201, send("POST", "/orders", "{\"item\":42}", "X-User-Id", "alice-demo").statusCode());
        ActionEvent order = stack.awaitEvents("alice-demo", 1).get(0);
        assertEquals("origin", order.get(F_USER_SOURCE));
        assertEquals("/orders", order.get(F_PATH));
    }
}

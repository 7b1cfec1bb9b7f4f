package actionlog.ui;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Json;
import actionlog.support.Folding;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The timeline's answer names the page each asset folds under, as the CLI folds it: the page has no rule of its own. */
class TimelineFoldingIT {
    static TestOrigin origin;
    static StackFixture stack;
    static UiServer ui;

    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin();
        stack = StackFixture.embedded(origin.url());
        stack.send("GET", "/products/2", null, TimelineBrowserIT.browser("fold-api", "document", "navigate"));
        stack.awaitEvents("fold-api", 1);
        stack.send("GET", "/static/app.js", null, TimelineBrowserIT.browser("fold-api", "script", "no-cors"));
        stack.send("GET", "/img/grinder", null, TimelineBrowserIT.browser("fold-api", "image", "no-cors"));
        stack.awaitEvents("fold-api", 3);
        ui = UiServer.start(stack.store, 0, e -> String.valueOf(e.getMessage()));
    }

    @AfterAll
    static void stop() {
        if (ui != null) ui.close();
        if (stack != null) stack.close();
        if (origin != null) origin.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> paths(String query) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ui.url() + "/api/events?" + query))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> byPath = new LinkedHashMap<>();
        for (Object o : (List<Object>) Json.readObject(response.body()).get("events")) {
            Map<String, Object> e = (Map<String, Object>) o;
            byPath.put((String) e.get("url.path"), e.getOrDefault(Folding.F_FOLDED_UNDER, "-"));
            if (e.get("url.path").equals("/products/2")) byPath.put("page id", e.get("event.id"));
        }
        return byPath;
    }

    @Test
    void shouldNameThePageOfEachAsset_whenTheTimelineListsOneUser() throws Exception {
        Map<String, Object> paths = paths("user=fold-api");
        Object page = paths.get("page id");
        assertNotNull(page, paths.toString());
        assertEquals(Map.of("/products/2", "-", "page id", page, "/static/app.js", page, "/img/grinder", page), paths);
    }

    @Test
    void shouldFoldNothing_whenTheTimelineSearchesAcrossUsers() throws Exception {
        Map<String, Object> paths = paths("path=/&since=1h");
        assertEquals("-", paths.get("/static/app.js"), paths.toString());
        assertEquals("-", paths.get("/img/grinder"), paths.toString());
    }
}

package actionlog.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import actionlog.core.ActionEvent;
import actionlog.core.Json;
import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.Eventually;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser signs in, is redirected, and signs out through the edge, in front of an origin that (like most web
 * frameworks) answers with absolute redirects and a cookie Domain built from the Host it receives. Every request
 * the browser made went to the edge and is recorded: no request escapes to the origin.
 */
@EnabledIfOnPath(value = {HeadlessChromium.CHROMIUM, HeadlessChromium.CHROMEDRIVER}, install = HeadlessChromium.INSTALL)
class ProxyBrowserIT {
    static TestOrigin origin;

    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin();
    }

    @AfterAll
    static void stop() {
        if (origin != null) origin.close();
    }

    @ParameterizedTest(name = "originHost={0}")
    @ValueSource(strings = {"viewer", "origin"})
    void everyNavigationOfASignInIsRecorded(String originHost) throws Exception {
        try (StackFixture stack = new StackFixture(LocalRuntime.options().origin(origin.url())
                .edgeEnv(Map.of(SettingCatalog.ORIGIN_HOST.env(), originHost)).visibilityTimeoutSeconds(1).pollers(1))) {
            // the viewer's name for the edge differs from the origin's address, as in any deployment
            String edge = "http://localhost:" + URI.create(stack.runtime.edgeUrl()).getPort();
            ChromeDriver browser = browser();
            List<String> requested;
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get(edge + "/login");
                browser.findElement(By.id("user")).sendKeys("alice");
                browser.findElement(By.id("signin")).click(); // POST /login → 302 → GET /account
                assertEquals("signed in as alice", wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who"))).getText());
                assertEquals(edge + "/account", browser.getCurrentUrl());
                browser.findElement(By.id("logout")).click(); // GET /logout → 302 → GET /login
                wait.until(ExpectedConditions.urlToBe(edge + "/login"));
                browser.get(edge + "/account"); // signed out: 302 → GET /login
                wait.until(ExpectedConditions.urlToBe(edge + "/login"));
                requested = requests(browser);
            } finally {
                browser.quit();
            }
            List<String> elsewhere = requested.stream().filter(u -> !u.startsWith(edge + "/")).toList();
            assertEquals(List.of(), elsewhere, "requests that left the edge");
            assertTrue(requested.size() >= 7, "at least the 7 navigations: " + requested);
            EventStore store = stack.store;
            List<ActionEvent> events = Eventually.until(StackFixture.WAIT,
                    () -> store.find(EventStore.Selector.ip("127.0.0.1"), TimeRange.ALL, EventStore.Filters.NONE, 0, null),
                    e -> e.size() >= requested.size(), requested.size() + " events");
            assertEquals(requested.size(), events.size(), "one event per browser request: " + requested);
            assertEquals(List.of("GET /account", "GET /account", "GET /login", "GET /login", "GET /login",
                            "GET /logout", "POST /login"),
                    events.stream().filter(e -> !"/favicon.ico".equals(e.get(ActionEvent.F_PATH)))
                            .map(e -> e.get(ActionEvent.F_METHOD) + " " + e.get(ActionEvent.F_PATH)).sorted().toList(),
                    "the navigations, in any order (several fall in the same millisecond)");
        }
    }

    /** Every request the browser sent (redirect hops included), from Chromium's network log. */
    @SuppressWarnings("unchecked")
    static List<String> requests(ChromeDriver browser) {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get("performance")) {
            Map<String, Object> message = (Map<String, Object>) Json.readObject(entry.getMessage()).get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) message.get("params")).get("request");
                String url = (String) request.get("url");
                if (url.startsWith("http")) urls.add(url);
            }
        }
        return urls;
    }

    /** Headless Chromium that logs its network requests. */
    static ChromeDriver browser() throws Exception {
        return HeadlessChromium.start(1200, 800, Map.of("goog:loggingPrefs", Map.of("performance", "ALL")), Map.of());
    }
}

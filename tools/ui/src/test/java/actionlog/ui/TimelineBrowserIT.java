package actionlog.ui;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web timeline in headless Chromium against the embedded stack with seeded events. */
@EnabledIfOnPath(value = {HeadlessChromium.CHROMIUM, HeadlessChromium.CHROMEDRIVER}, install = HeadlessChromium.INSTALL)
class TimelineBrowserIT {
    /** The browser's zone, +05:30 all year: a pasted time read in the wrong zone would select other events. */
    static final ZoneId BROWSER_ZONE = ZoneId.of("Asia/Kolkata");

    static TestOrigin origin;
    static StackFixture stack;
    static ChromeDriver browser;
    static UiServer ui;

    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin();
        stack = StackFixture.embedded(origin.url());
        stack.send("GET", "/products/1", null, "X-User-Id", "alice-ui", "Cookie", "session=ui-1");
        stack.send("POST", "/orders?token=abc", "{\"item\":42}".getBytes(StandardCharsets.UTF_8), "X-User-Id", "alice-ui",
                "Cookie", "session=ui-1", "Authorization", "Bearer s3cr3t", "Content-Type", "application/json");
        stack.send("GET", "/status/503", null, "X-User-Id", "alice-ui", "Cookie", "session=ui-2");
        stack.awaitEvents("alice-ui", 3);
        stack.send("GET", "/products/2", null, browser("fold-ui", "document", "navigate"));
        stack.awaitEvents("fold-ui", 1);
        stack.send("GET", "/static/app.js", null, browser("fold-ui", "script", "no-cors"));
        stack.send("GET", "/img/grinder", null, browser("fold-ui", "image", "no-cors"));
        stack.awaitEvents("fold-ui", 3);
        String deep = "{\"action\":\"deep\",\"properties\":" + "{\"a\":".repeat(998) + "1" + "}".repeat(998) + "}";
        stack.send("POST", "/_actionlog/collect", deep.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "X-User-Id", "deep-ui", "Cookie", "session=deep-ui");
        stack.awaitEvents("deep-ui", 1);
        // the chart counts from the archive, which the local runtime fills a second or so after the table
        actionlog.testkit.Eventually.until(Duration.ofSeconds(60), () -> stack.runtime.archive().sql()
                .query("SELECT count(*) FROM events WHERE user_id = 'alice-ui'").rows(), r -> r.equals(List.of(List.of(3L))),
                "alice-ui's 3 requests in the archive");
        ui = UiServer.start(stack.store, 0, e -> String.valueOf(e.getMessage()), "https://tempo.example.com/trace/{traceId}",
                stack.runtime.archive()::sql);

        browser = HeadlessChromium.start(1400, 900, Map.of(), Map.of("TZ", BROWSER_ZONE.getId()));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (ui != null) ui.close();
        if (stack != null) stack.close();
        if (origin != null) origin.close();
    }

    /** Headers Chromium sends for a page (document) or one of its assets. */
    static String[] browser(String user, String dest, String mode) {
        return new String[] {"X-User-Id", user, "Cookie", "session=" + user, "Sec-Fetch-Dest", dest, "Sec-Fetch-Mode", mode,
                "Accept", dest.equals("document") ? "text/html,application/xhtml+xml,*/*;q=0.8" : "*/*"};
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void searchingAUserShowsTheTimelineAndAnEventsRedactedHeaders() throws Exception {
        browser.get(ui.url() + "/");
        browser.findElement(By.id("value")).sendKeys("alice-ui");
        browser.findElement(By.id("go")).click();
        List<WebElement> events = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.event"), 3));

        assertEquals(List.of("/products/1", "/orders?token=[REDACTED]", "/status/503"),
                events.stream().map(e -> e.findElement(By.cssSelector(".path")).getText()).toList());
        assertEquals(List.of("200", "201", "503"),
                events.stream().map(e -> e.findElement(By.cssSelector(".status")).getText()).toList());
        assertEquals(2, browser.findElements(By.cssSelector("section.session")).size(), "two sessions, grouped");
        assertEquals(List.of("unverified: header", "unverified: header"), browser.findElements(By.cssSelector("section.session h2 .badge"))
                .stream().map(WebElement::getText).toList(), "a user named by a request header is shown as unverified");
        assertTrue(browser.getCurrentUrl().contains("user=alice-ui"), "the URL holds the query: " + browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("summary")).getText().startsWith("3 events for user alice-ui"));

        WebElement order = events.get(1);
        assertFalse(order.findElement(By.cssSelector(".details")).isDisplayed());
        order.click();
        WebElement details = waiting().until(ExpectedConditions.visibilityOf(order.findElement(By.cssSelector(".details"))));
        String text = details.getText();
        assertTrue(text.contains("http.request.header.authorization") && text.contains("Bearer [REDACTED]"), text);
        assertTrue(text.contains("http.request.header.content-type"), text);
        assertFalse(browser.getPageSource().contains("s3cr3t"));
        assertFalse(browser.getPageSource().contains("token=abc"));

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve("timeline.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aChartOfRequestsAndErrorsOverTimeComesFromTheArchive() {
        browser.get(ui.url() + "/?user=alice-ui&since=1h");
        WebElement caption = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("chart-caption")));
        waiting().until(ExpectedConditions.textToBePresentInElement(caption, "requests"));
        List<WebElement> bars = browser.findElements(By.cssSelector("#chart-bars g.bar"));
        assertFalse(bars.isEmpty());
        assertEquals(3, bars.stream().mapToInt(b -> Integer.parseInt(b.getAttribute("data-requests"))).sum());
        assertEquals(1, bars.stream().mapToInt(b -> Integer.parseInt(b.getAttribute("data-server-errors"))).sum(), "the 503");
        assertEquals(0, bars.stream().mapToInt(b -> Integer.parseInt(b.getAttribute("data-client-errors"))).sum());
        assertTrue(caption.getText().startsWith("3 requests, 1 errors (4xx amber, 5xx red) per minute, from the archive (the local archive in "),
                caption.getText());
        assertTrue(browser.findElement(By.cssSelector("#chart-bars rect.server-errors")).getSize().getHeight() > 0, "drawn");
    }

    @Test
    void aPastedLinkRunsItsQueryAndFiltersApply() {
        browser.get(ui.url() + "/?user=alice-ui&status=5xx");
        List<WebElement> events = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.event"), 1));
        assertEquals("/status/503", events.get(0).findElement(By.cssSelector(".path")).getText());
        assertEquals("5xx", browser.findElement(By.id("status")).getAttribute("value"));
        String csv = browser.findElement(By.id("export-csv")).getAttribute("href");
        assertTrue(csv.contains("format=csv") && csv.contains("status=5xx"), csv);
    }

    @Test
    void badInputIsExplainedOnThePage() {
        browser.get(ui.url() + "/?user=alice-ui&status=teapot");
        WebElement summary = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#summary.error")));
        assertTrue(summary.getText().contains("is not a status"), summary.getText());
    }

    @Test
    void assetsFoldUnderTheirPageExpandOnClickAndAllListsThem() {
        browser.get(ui.url() + "/?user=fold-ui&since=1h");
        WebElement assets = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.assets > button")));
        assertEquals("+ 2 assets", assets.getText());
        List<WebElement> top = browser.findElements(By.cssSelector("section.session > ol.events > li.event"));
        assertEquals(List.of("/products/2"), top.stream().map(e -> e.findElement(By.cssSelector(".path")).getText()).toList());
        assertFalse(browser.findElement(By.cssSelector("li.assets > ol")).isDisplayed());
        assets.click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.assets > ol")));
        assertEquals(List.of("/static/app.js", "/img/grinder"), browser.findElements(By.cssSelector("li.assets li.event .path"))
                .stream().map(WebElement::getText).toList());
        browser.findElement(By.id("all")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.session > ol.events > li.event"), 3));
        assertTrue(browser.getCurrentUrl().contains("all=1"), browser.getCurrentUrl());
        // the backend's side: the link built from the template with the event's trace id
        WebElement page = browser.findElements(By.cssSelector("li.event")).get(0);
        page.click();
        WebElement link = waiting().until(ExpectedConditions.visibilityOf(page.findElement(By.cssSelector("a.trace"))));
        assertTrue(link.getAttribute("href").matches("https://tempo\\.example\\.com/trace/[0-9a-f]{32}"), link.getAttribute("href"));
    }

    @Test
    void theLiveSwitchShowsARequestMadeAfterItWasTurnedOn() {
        stack.send("GET", "/before-live", null, "X-User-Id", "live-ui");
        stack.awaitEvents("live-ui", 1);
        browser.get(ui.url() + "/?user=live-ui&since=1h");
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.event"), 1));
        browser.findElement(By.id("live")).click();
        assertTrue(browser.getCurrentUrl().contains("live=1"), browser.getCurrentUrl());
        stack.send("DELETE", "/orders/42", null, "X-User-Id", "live-ui");
        List<WebElement> events = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.event"), 2));
        assertEquals(List.of("/before-live", "/orders/42"), events.stream().map(e -> e.findElement(By.cssSelector(".path")).getText()).toList());
        browser.findElement(By.id("live")).click(); // off again
    }

    @Test
    void aPathPrefixSearchesAllUsersNewestFirstWithTheUserOfEach() {
        browser.get(ui.url() + "/?path=/products/&since=1h");
        List<WebElement> events = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.event"), 2));
        assertEquals(List.of("fold-ui unverified: header", "alice-ui unverified: header"),
                events.stream().map(e -> e.findElement(By.cssSelector(".user")).getText()).toList(),
                "a user a request header named is marked unverified in the search list too");
        assertEquals(List.of("/products/2", "/products/1"), events.stream().map(e -> e.findElement(By.cssSelector(".path")).getText()).toList());
        assertEquals("path", browser.findElement(By.id("kind")).getAttribute("value"));
        assertTrue(browser.findElement(By.id("summary")).getText().startsWith("2 events for all users under /products/, newest first."));
    }

    static String at(Instant instant, String pattern, ZoneOffset offset) {
        return DateTimeFormatter.ofPattern(pattern).withZone(offset).format(instant);
    }

    static List<String> paths() {
        return browser.findElements(By.cssSelector("li.event .path")).stream().map(WebElement::getText).toList();
    }

    /** A link pasted from elsewhere: its from/to in any ISO-8601 form select exactly the events in that range. */
    @Test
    void aPastedRangeInAnyIso8601FormSelectsExactlyItsEvents() {
        List<Instant> times = stack.events("alice-ui").stream().map(e -> e.receivedAt()).sorted().toList();
        assertEquals(3, times.size());
        // the second event alone: from its instant (Z, milliseconds) to just before the third (an offset)
        String from = at(times.get(1), "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", ZoneOffset.UTC);
        String to = at(times.get(2).minusMillis(1), "uuuu-MM-dd'T'HH:mm:ss.SSSXXX", ZoneOffset.ofHours(2));
        browser.get(ui.url() + "/?user=alice-ui&from=" + from + "&to=" + to.replace("+", "%2B"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "1 event for user alice-ui"));
        assertEquals(List.of("/orders?token=[REDACTED]"), paths());
        // the form shows it as this browser's wall-clock time, which the browser reads back as the same instant
        assertEquals(times.get(1).toEpochMilli(), ((Number) browser.executeScript(
                "return new Date(document.getElementById('from').value).getTime()")).longValue());
        assertTrue(browser.findElement(By.id("from")).getAttribute("value").startsWith(
                at(times.get(1), "uuuu-MM-dd'T'HH:mm", BROWSER_ZONE.getRules().getOffset(times.get(1)))), "in " + BROWSER_ZONE);

        // whole minutes, no seconds, an offset west of UTC and Z: all three
        Instant minute = times.get(0).truncatedTo(ChronoUnit.MINUTES);
        browser.get(ui.url() + "/?user=alice-ui&from=" + at(minute, "uuuu-MM-dd'T'HH:mmXXX", ZoneOffset.ofHoursMinutes(-5, -30))
                + "&to=" + at(minute.plus(10, ChronoUnit.MINUTES), "uuuu-MM-dd'T'HH:mm'Z'", ZoneOffset.UTC));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "3 events for user alice-ui"));
        assertEquals(List.of("/products/1", "/orders?token=[REDACTED]", "/status/503"), paths());

        // a search from the form keeps the range: the link it writes holds instants
        browser.findElement(By.id("go")).click();
        waiting().until(ExpectedConditions.urlContains("from=" + at(minute, "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", ZoneOffset.UTC).replace(":", "%3A")));
    }

    @Test
    void aPastedTimeThatIsNoTimeIsRefusedOnThePage() {
        browser.get(ui.url() + "/?user=alice-ui&from=2026-13-45T99:00Z");
        WebElement summary = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#summary.error")));
        assertEquals("from \"2026-13-45T99:00Z\" is not a time; use ISO-8601 such as 2026-11-22T14:05:00Z, 2026-11-22T15:05+01:00 "
                + "or 2026-11-22T14:05:00.250Z", summary.getText());
        assertEquals(List.of(), paths(), "no events of an unbounded range in its place");
        assertEquals("true", browser.findElement(By.id("from")).getAttribute("aria-invalid"));
    }

    @Test
    void aDeepBeaconLoadsAndShowsWhereItWasCut() {
        browser.get(ui.url() + "/?user=deep-ui&since=1h");
        WebElement event = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.event")));
        event.click();
        WebElement details = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".details")));
        assertTrue(details.getText().contains("\"_truncated_depth\":32"), details.getText());
        assertTrue(details.getText().contains("action.properties"), details.getText());
    }
}

package actionlog.ui;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web timeline in headless Chromium against the embedded stack with seeded events. */
@EnabledIf(value = "browserInstalled",
        disabledReason = "browser test skipped: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)")
class TimelineBrowserIT {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

    static TestOrigin origin;
    static StackFixture stack;
    static ChromeDriver browser;
    static UiServer ui;

    /** Checked before the class runs, so each test is reported as skipped with the reason where there is no browser. */
    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

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
        // the chart counts from the archive, which the local runtime fills a second or so after the table
        actionlog.testkit.Eventually.until(Duration.ofSeconds(60), () -> stack.runtime.archive().sql()
                .query("SELECT count(*) FROM events WHERE user_id = 'alice-ui'").rows(), r -> r.equals(List.of(List.of(3L))),
                "alice-ui's 3 requests in the archive");
        ui = UiServer.start(stack.store, 0, e -> String.valueOf(e.getMessage()), "https://tempo.example.com/trace/{traceId}",
                stack.runtime.archive()::sql);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
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
        assertEquals(List.of("fold-ui", "alice-ui"), events.stream().map(e -> e.findElement(By.cssSelector(".user")).getText()).toList());
        assertEquals(List.of("/products/2", "/products/1"), events.stream().map(e -> e.findElement(By.cssSelector(".path")).getText()).toList());
        assertEquals("path", browser.findElement(By.id("kind")).getAttribute("value"));
        assertTrue(browser.findElement(By.id("summary")).getText().startsWith("2 events for all users under /products/, newest first."));
    }
}

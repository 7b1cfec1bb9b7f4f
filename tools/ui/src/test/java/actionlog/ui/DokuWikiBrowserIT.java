package actionlog.ui;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.Eventually;
import actionlog.testkit.OnPath;
import actionlog.testkit.chain.StackFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real third-party application behind the edge: Debian's DokuWiki (PHP, file-based, with a sign-in form), served by
 * PHP's built-in server from the package's files with a configuration and data directory of the test's own, driven by
 * the real Chromium. DokuWiki never names its users and keeps its PHP session at sign-in; it signs a user in with an
 * auth cookie ({@code DW<hash>}) and clears it at sign-out. The edge is given only {@code --login-form} and
 * {@code --session-cookies}: every request is recorded, bob is named in trace, search and the timeline, the pages he saw
 * before signing in are stitched to him, and signing out ends it.
 */
@EnabledIfOnPath(value = {HeadlessChromium.CHROMIUM, HeadlessChromium.CHROMEDRIVER, "php"},
        install = "apt-get install chromium chromium-driver php-cli dokuwiki")
@EnabledIf(value = "dokuWikiInstalled", disabledReason = "Debian's DokuWiki is not installed (apt-get install dokuwiki)")
class DokuWikiBrowserIT {
    static final Path DOKUWIKI = Path.of("/usr/share/dokuwiki");
    static final Path PHP = OnPath.find("php").orElse(Path.of("php"));
    static Process php;
    static Path dir;
    static StackFixture stack;

    static boolean dokuWikiInstalled() {
        return Files.isRegularFile(DOKUWIKI.resolve("doku.php"));
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dokuwiki");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path data = dir.resolve("data");
        for (String d : List.of("pages/orders", "attic", "meta", "media", "media_attic", "media_meta", "cache", "index", "locks", "tmp", "log")) {
            Files.createDirectories(data.resolve(d));
        }
        Files.writeString(data.resolve("pages/start.txt"), "====== Welcome ======\nThe test wiki.\n");
        Files.writeString(data.resolve("pages/orders/7.txt"), "====== Order 7 ======\nTwo grinders.\n");
        Files.writeString(conf.resolve("local.php"), "<?php\n$conf['title'] = 'actionlog test wiki';\n$conf['useacl'] = 1;\n"
                + "$conf['superuser'] = '@admin';\n$conf['savedir'] = '" + data + "';\n");
        Files.writeString(conf.resolve("acl.auth.php"), "*\t@ALL\t1\n*\t@user\t8\n");
        Process hash = new ProcessBuilder(PHP.toString(), "-r", "echo password_hash('bob-secret', PASSWORD_BCRYPT);").start();
        String bcrypt = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, hash.waitFor());
        Files.writeString(conf.resolve("users.auth.php"), "bob:" + bcrypt + ":Bob:bob@example.com:user\n");
        // Debian's DokuWiki reads DOKU_CONF unless something defined it first: this test's own configuration
        Files.writeString(dir.resolve("prepend.php"), "<?php define('DOKU_CONF', '" + conf + "/');\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        php = new ProcessBuilder(PHP.toString(), "-d", "auto_prepend_file=" + dir.resolve("prepend.php"), "-S", "127.0.0.1:" + port,
                "-t", DOKUWIKI.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("php.log").toFile()).start();
        Eventually.until(Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, up -> up, "php -S to listen on " + port);
        stack = new StackFixture(LocalRuntime.options().origin("http://127.0.0.1:" + port).visibilityTimeoutSeconds(1).pollers(1)
                .edgeEnv(Map.of(SettingCatalog.LOGIN_FORM.env(), "POST /doku.php u", SettingCatalog.SESSION_COOKIES.env(), "DokuWiki,DW*")));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (php != null) php.destroy();
    }

    @Test
    void bobsVisitToDokuWikiIsRecordedNamedStitchedAndEndsAtSignOut() throws Exception {
        String edge = "http://localhost:" + URI.create(stack.runtime.edgeUrl()).getPort();
        ChromeDriver browser = browser();
        List<String> requested;
        long signedOut;
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(edge + "/doku.php?id=start");
            browser.get(edge + "/doku.php?id=start&do=login");
            browser.findElement(By.name("u")).sendKeys("bob");
            browser.findElement(By.name("p")).sendKeys("bob-secret");
            browser.findElement(By.cssSelector("#dw__login button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.action.logout")));
            browser.get(edge + "/doku.php?id=orders:7");
            assertTrue(browser.getPageSource().contains("Two grinders"));
            browser.findElement(By.cssSelector("li.action.logout a")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.action.login")));
            signedOut = System.currentTimeMillis();
            browser.get(edge + "/doku.php?id=orders:7");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.action.login")));
            requested = ProxyBrowserIT.requests(browser);
        } finally {
            browser.quit();
        }
        assertEquals(List.of(), requested.stream().filter(u -> !u.startsWith(edge + "/")).toList(), "requests that left the edge");
        EventStore store = stack.store;
        List<ActionEvent> events = Eventually.until(StackFixture.WAIT,
                () -> store.find(EventStore.Selector.ip("127.0.0.1"), TimeRange.ALL, EventStore.Filters.NONE, 0, null),
                e -> e.size() >= requested.size(), requested.size() + " events");
        assertEquals(requested.size(), events.size(), "one event per browser request: " + requested);
        // the browser sends its cookies with every request but the web app manifest's (fetched without credentials,
        // as browsers do): that one cannot be told apart from a new browser, and stays anonymous
        String browserId = events.get(0).browserId();
        List<ActionEvent> mine = events.stream().filter(e -> browserId.equals(e.browserId())).toList();
        assertEquals(List.of("/lib/exe/manifest.php"), events.stream().filter(e -> !browserId.equals(e.browserId()))
                .map(e -> e.string(F_PATH)).distinct().toList());
        assertTrue(events.stream().filter(e -> !browserId.equals(e.browserId()))
                .allMatch(e -> Identity.ANONYMOUS.equals(e.get(F_USER_SOURCE)) && e.get(F_STITCHED_TO) == null));

        List<ActionEvent> trail = store.find(EventStore.Selector.user("bob"), TimeRange.ALL, EventStore.Filters.NONE, 0, null);
        ActionEvent signIn = trail.stream().filter(e -> "POST".equals(e.get(F_METHOD))).findFirst().orElseThrow();
        assertEquals(Identity.LOGIN_FORM, signIn.get(F_USER_SOURCE));
        assertEquals(mine.get(0).string(F_TIME), signIn.get(F_STITCH_FROM), "stitched back to the browser's first request");
        List<ActionEvent> before = trail.stream().filter(e -> e.receivedAt().isBefore(signIn.receivedAt())).toList();
        assertFalse(before.isEmpty());
        assertTrue(before.stream().allMatch(e -> "bob".equals(e.get(F_STITCHED_TO))), "the pages before signing in are bob's");
        assertTrue(trail.stream().anyMatch(e -> "orders:7".equals(queryId(e)) && Identity.LINKED.equals(e.get(F_USER_SOURCE))),
                "bob's visit to orders:7, signed in");
        ActionEvent logout = trail.stream().filter(e -> "end".equals(e.get(F_LINK))).findFirst().orElseThrow();
        assertTrue(String.valueOf(logout.string(F_QUERY)).contains("do=logout"), "the link ends with the sign-out: " + logout);
        assertTrue(trail.stream().allMatch(e -> !e.receivedAt().isAfter(logout.receivedAt())), "nothing after the sign-out is bob's");
        assertTrue(events.stream().filter(e -> e.receivedAt().toEpochMilli() >= signedOut).allMatch(e -> e.get(F_STITCHED_TO) == null
                && Identity.ANONYMOUS.equals(e.get(F_USER_SOURCE))), "after the sign-out: anonymous");
        assertEquals(mine.size() - trail.size(), mine.stream().filter(e -> e.receivedAt().isAfter(logout.receivedAt())).count(),
                "every request of the browser up to the sign-out is bob's");

        List<ActionEvent> search = store.search(new TimeRange(System.currentTimeMillis() - 3_600_000, Long.MAX_VALUE), new EventStore.Filters(null, "/doku.php", null), 0);
        assertTrue(search.stream().anyMatch(e -> "orders:7".equals(queryId(e)) && "bob".equals(e.userId())), "search names bob");

        // the timeline, in the same Chromium: bob's trail with the stitched pages marked
        try (UiServer ui = UiServer.start(store, 0, e -> String.valueOf(e.getMessage()))) {
            ChromeDriver timeline = browser();
            try {
                timeline.get(ui.url() + "/?user=bob&since=1h&all=1");
                List<WebElement> rows = new WebDriverWait(timeline, Duration.ofSeconds(20))
                        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.event"), trail.size()));
                assertEquals(trail.size(), rows.size());
                List<String> headings = timeline.findElements(By.cssSelector("section.session h2")).stream().map(WebElement::getText).toList();
                assertTrue(headings.stream().anyMatch(h -> h.contains("user bob (stitched")), headings.toString());
                assertTrue(headings.stream().anyMatch(h -> h.contains("user bob (login_form)")), headings.toString());
            } finally {
                timeline.quit();
            }
        }
    }

    private static String queryId(ActionEvent e) {
        String q = e.string(F_QUERY);
        if (q == null) return null;
        for (String pair : q.split("&")) if (pair.startsWith("id=")) return java.net.URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8);
        return null;
    }

    /** {@link ProxyBrowserIT#browser} with its cache off, so every resource of every page is a request to the edge. */
    private static ChromeDriver browser() throws Exception {
        ChromeDriver driver = ProxyBrowserIT.browser();
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        return driver;
    }
}

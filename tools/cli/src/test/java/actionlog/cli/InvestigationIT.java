package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Json;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trace context, asset folding and live tail through the embedded chain, as a user runs them. */
class InvestigationIT {
    static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");
    static StackFixture stack;
    static TestOrigin origin;

    @BeforeAll
    static void start() throws Exception {
        stack = StackFixture.withTestOrigin();
        origin = stack.origin;
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    static String[] browser(String user, String dest, String mode) {
        return new String[] {"X-User-Id", user, "Cookie", "session=" + user + "-1", "Sec-Fetch-Dest", dest, "Sec-Fetch-Mode", mode,
                "Accept", dest.equals("document") ? "text/html,application/xhtml+xml,*/*;q=0.8" : "*/*"};
    }

    static TestOrigin.Received receivedAt(String path) {
        return origin.received.stream().filter(r -> r.path().equals(path)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void anIncomingTraceparentIsContinuedAndTheOriginAndTheEventCarryTheSameTrace() {
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertEquals(200, stack.send("GET", "/traced", null, "X-User-Id", "tracer", "traceparent", incoming,
                "tracestate", "vendor=1").statusCode());
        ActionEvent event = stack.awaitEvents("tracer", 1).get(0);
        String forwarded = receivedAt("/traced").headers().get("Traceparent").get(0);
        var m = TRACEPARENT.matcher(forwarded);
        assertTrue(m.matches(), forwarded);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", m.group(1), "the trace continues");
        assertNotEquals("00f067aa0ba902b7", m.group(2), "the edge is the origin's parent span");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", event.string("trace.id"));
        assertEquals(m.group(2), event.string("span.id"));
        assertEquals(List.of("vendor=1"), receivedAt("/traced").headers().get("Tracestate"));
    }

    @Test
    void withoutTraceparentTheEdgeStartsAWellFormedTraceAndRequestLinksIt() {
        assertEquals(200, stack.send("GET", "/untraced", null, "X-User-Id", "untraced").statusCode());
        ActionEvent event = stack.awaitEvents("untraced", 1).get(0);
        String forwarded = receivedAt("/untraced").headers().get("Traceparent").get(0);
        var m = TRACEPARENT.matcher(forwarded);
        assertTrue(m.matches(), forwarded);
        assertEquals(m.group(1), event.string("trace.id"));
        assertEquals(m.group(2), event.string("span.id"));
        CliRun run = CliRun.of("request", event.id(), "--local", "--trace-link", "https://tempo.example.com/trace/{traceId}");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("trace.id " + m.group(1) + "  span.id " + m.group(2)
                + "  → https://tempo.example.com/trace/" + m.group(1)), run.out());
        CliRun bad = CliRun.of("request", event.id(), "--local", "--trace-link", "https://tempo.example.com/");
        assertEquals(Main.USAGE_ERROR, bad.code());
        assertTrue(bad.err().contains("must be an http(s) URL holding {traceId}"), bad.err());
    }

    @Test
    void traceFoldsTheAssetsOfEachPageUnderItAndAllListsThem() {
        String[] page = browser("folder", "document", "navigate");
        stack.send("GET", "/products/1", null, page);
        stack.awaitEvents("folder", 1);
        stack.send("GET", "/static/app.js", null, browser("folder", "script", "no-cors"));
        stack.send("GET", "/static/style.css", null, browser("folder", "style", "no-cors"));
        stack.send("GET", "/img/beans", null, browser("folder", "image", "no-cors"));
        stack.awaitEvents("folder", 4);
        stack.send("GET", "/api/stock", null, browser("folder", "empty", "cors"));
        stack.awaitEvents("folder", 5);
        stack.send("GET", "/favicon.ico", null, browser("folder", "image", "no-cors"));
        stack.awaitEvents("folder", 6);
        List<Object> folded = Json.readArray(CliRun.of("trace", "--user", "folder", "--local", "-o", "json").out());
        assertEquals(List.of("/products/1", "/api/stock"), folded.stream().map(e -> ((Map<?, ?>) e).get("url.path")).toList());
        assertEquals(4L, ((Number) ((Map<?, ?>) folded.get(0)).get("actionlog.assets_folded")).longValue());
        assertEquals(List.of("navigation", "api"), folded.stream().map(e -> ((Map<?, ?>) e).get("actionlog.request_kind")).toList());
        CliRun table = CliRun.of("trace", "--user", "folder", "--local");
        assertTrue(table.out().contains("└ 4 assets: /static/app.js, /static/style.css, /img/beans, /favicon.ico"), table.out());
        assertTrue(table.out().contains("2 action(s), 4 asset request(s) folded; --all lists them"), table.out());
        List<Object> all = Json.readArray(CliRun.of("trace", "--user", "folder", "--local", "-o", "json", "--all").out());
        assertEquals(6, all.size());
        assertEquals(List.of("navigation", "asset", "asset", "asset", "api", "asset"),
                all.stream().map(e -> ((Map<?, ?>) e).get("actionlog.request_kind")).toList());
    }

    @Test
    void tailPrintsARequestMadeAfterItStartedAndNotTheOnesBefore() throws Exception {
        stack.send("GET", "/before-tail", null, "X-User-Id", "alice-tail");
        stack.awaitEvents("alice-tail", 1);
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(() -> CliRun.of("tail", "--user", "alice-tail", "--local",
                "--for", "6s", "-o", "jsonl"));
        Thread.sleep(2500);
        HttpResponse<byte[]> during = stack.send("DELETE", "/orders/42", null, "X-User-Id", "alice-tail");
        assertEquals(200, during.statusCode());
        CliRun run = tail.get();
        assertEquals(0, run.code(), run.err());
        List<Object> paths = run.out().lines().map(l -> Json.readObject(l).get("url.path")).map(p -> (Object) p).toList();
        assertEquals(List.of("/orders/42"), paths, run.out() + run.err());
        assertEquals("tailing user alice-tail for 6s (Ctrl-C stops sooner)", run.err().strip());
    }

    @Test
    void tailByPathPrefixFollowsEveryUser() throws Exception {
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(() -> CliRun.of("tail", "--path-prefix", "/live/", "--local",
                "--for", "6s"));
        Thread.sleep(2500);
        stack.send("POST", "/live/a", new byte[0], "X-User-Id", "tail-bob");
        stack.send("GET", "/live/b", null, "X-User-Id", "tail-carol");
        stack.send("GET", "/elsewhere", null, "X-User-Id", "tail-carol");
        CliRun run = tail.get();
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("tail-bob ") && lines.get(0).contains("POST   /live/a"), lines.get(0));
        assertTrue(lines.get(1).startsWith("tail-carol ") && lines.get(1).contains("GET    /live/b"), lines.get(1));
    }

    @Test
    void tailNeedsASelector() {
        CliRun run = CliRun.of("tail", "--local", "--for", "1s");
        assertEquals(Main.USAGE_ERROR, run.code());
        assertTrue(run.err().contains("tail what? pass --user, --session, --ip or --path-prefix"), run.err());
    }

    /** Every character a terminal acts on: C0 and C1 controls, DEL, bidirectional overrides, isolates and marks. */
    static boolean raw(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c);
    }

    /** Captured text with escape sequences, C1 controls and bidi overrides, as trace, tail and export print it. */
    @Test
    void noCommandPrintsARawControlBidiOrC1CharacterInAnyFormat() throws Exception {
        String path = "/x\u001b[2J\u009b31m\u202eevil\u2066";
        java.util.function.Supplier<String> event = () -> new ActionEvent().put(ActionEvent.F_ID, java.util.UUID.randomUUID().toString())
                .put(ActionEvent.F_TIME, java.time.Instant.now().toString()).put(ActionEvent.F_USER, "hostile-out")
                .put(ActionEvent.F_METHOD, "GET").put(ActionEvent.F_PATH, path).put(ActionEvent.F_USER_AGENT, "curl/8 \u009b2J\u0007")
                .toJson();
        for (String format : List.of("csv", "jsonl", "table")) {
            CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(() -> CliRun.of("tail", "--user", "hostile-out", "--local",
                    "--for", "6s", "-o", format));
            Thread.sleep(2500);
            stack.sendRaw(event.get());
            CliRun run = tail.get();
            assertEquals(0, run.code(), run.err());
            assertEquals(format.equals("csv") ? 2 : 1, run.out().lines().count(), run.out());
            assertFalse(raw(run.out() + run.err()), format + ": " + run.out());
        }
        stack.awaitEvents("hostile-out", 3);
        for (String format : List.of("table", "json", "jsonl", "csv")) {
            CliRun run = CliRun.of("trace", "--user", "hostile-out", "--local", "--all", "-o", format);
            assertEquals(0, run.code(), run.err());
            assertFalse(raw(run.out() + run.err()), format + ": " + run.out());
        }
        CliRun export = CliRun.of("export", "--user", "hostile-out", "--local");
        assertEquals(0, export.code(), export.err());
        assertFalse(raw(export.out() + export.err()), export.out());
        assertEquals(List.of(path, path, path), export.out().lines().map(l -> Json.readObject(l).get(ActionEvent.F_PATH)).toList(),
                "escaped, not changed: replay reads back the same value");
    }
}

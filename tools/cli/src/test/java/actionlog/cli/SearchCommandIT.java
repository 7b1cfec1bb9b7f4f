package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import actionlog.core.TableSchema;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `search` across users on the embedded chain: three users touch /orders/42 through the edge; 48 events of
 * 12 users around an hour boundary go through the queue and the consumer like any event.
 */
class SearchCommandIT {
    static final long HOUR = 3_600_000L;
    static TestOrigin origin;
    static StackFixture stack;
    /** The full hour two to three hours ago: events at its start and end, and before and after it. */
    static long boundary;
    static final List<ActionEvent> checkout = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin();
        stack = StackFixture.embedded(origin.url());
        send("alice", "GET", "/orders/42");
        send("bob", "DELETE", "/orders/42");
        send("carol", "PUT", "/orders/42/items");
        send("dave", "GET", "/orders/43");
        long now = System.currentTimeMillis();
        boundary = now - Math.floorMod(now, HOUR) - 2 * HOUR;
        // 48 events, 4 ms apart, from 96 ms before the hour boundary to 92 ms after it; every third is a 500
        for (int i = 0; i < 48; i++) {
            long at = boundary - 96 + 4L * i;
            ActionEvent event = new ActionEvent()
                    .put(ActionEvent.F_ID, "search-" + i)
                    .put(ActionEvent.F_KIND, ActionEvent.KIND_HTTP)
                    .put(ActionEvent.F_TIME, Instant.ofEpochMilli(at).toString())
                    .put(ActionEvent.F_USER, "shopper-" + (i % 12))
                    .put(ActionEvent.F_METHOD, i % 2 == 0 ? "POST" : "GET")
                    .put(ActionEvent.F_PATH, i % 4 == 3 ? "/cart" : "/checkout/step-" + (i % 3))
                    .put(ActionEvent.F_STATUS, i % 3 == 0 ? 500 : 200);
            checkout.add(event);
            stack.sendRaw(event.toJson());
        }
        for (int u = 0; u < 12; u++) stack.awaitEvents("shopper-" + u, 4);
        for (int i = 0; i < SPELLINGS.size(); i++) sendRawTarget("spelling-" + i, SPELLINGS.get(i));
        for (int i = 0; i < SPELLINGS.size(); i++) stack.awaitEvents("spelling-" + i, 1);
    }

    /** Five request targets that reach the application as /products/1 (issue: search found none of them). */
    static final List<String> SPELLINGS = List.of("/products/%31", "/products/./1", "/x/../products/1", "//products/1",
            "http://shop.example.com/products/1");

    /** A request written byte for byte on a socket, so no client library rewrites its target first. */
    static void sendRawTarget(String user, String target) throws java.io.IOException {
        java.net.URI edge = java.net.URI.create(stack.runtime.edgeUrl());
        try (java.net.Socket socket = new java.net.Socket(edge.getHost(), edge.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: shop.example.com\r\nX-User-Id: " + user
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).lines()
                    .findFirst().orElse("");
            assertTrue(status.startsWith("HTTP/1.1 200"), target + " answered " + status);
        }
    }

    static void send(String user, String method, String path) {
        assertEquals(200, stack.send(method, path, null, "X-User-Id", user).statusCode());
        stack.awaitEvents(user, 1);
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (origin != null) origin.close();
    }

    static List<Map<?, ?>> json(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.code(), run.err());
        return Json.readArray(run.out()).stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).toList();
    }

    static List<Object> field(List<Map<?, ?>> events, String name) {
        return events.stream().<Object>map(e -> e.get(name)).toList();
    }

    @Test
    void listsEveryUserWhoTouchedAPathNewestFirst() {
        List<Map<?, ?>> found = json("search", "--path-prefix", "/orders/42", "--since", "10m", "--local", "--output", "json");
        assertEquals(List.of("carol", "bob", "alice"), field(found, "user.id"));
        assertEquals(List.of("PUT", "DELETE", "GET"), field(found, "http.request.method"));
        assertEquals(List.of("/orders/42/items", "/orders/42", "/orders/42"), field(found, "url.path"));
        assertEquals(List.of("bob"), field(json("search", "--path-prefix", "/orders/42", "--method", "delete", "--since", "10m",
                "--local", "-o", "json"), "user.id"));
        assertEquals(List.of("dave"), field(json("search", "--path-prefix", "/orders/43", "--since", "10m", "--local", "-o", "json"), "user.id"));
    }

    @Test
    void shouldFindEverySpellingOfAPath_whenSearchingItsNormalForm() {
        List<Map<?, ?>> found = json("search", "--path-prefix", "/products/1", "--since", "10m", "--local", "-o", "json");
        assertEquals(List.of("spelling-0", "spelling-1", "spelling-2", "spelling-3", "spelling-4"),
                field(found, "user.id").stream().map(Object::toString).sorted().toList());
        // the event keeps the target as received; only the index keys it as the application resolves it
        assertEquals(Set.of("/products/%31", "/products/./1", "/x/../products/1", "//products/1"),
                found.stream().filter(e -> !e.get("user.id").equals("spelling-4")).map(e -> e.get("url.path")).collect(Collectors.toSet()));
        // a prefix spelled another way finds the same five
        assertEquals(5, json("search", "--path-prefix", "/products/%31", "--since", "10m", "--local", "-o", "json").size());
        assertEquals(5, json("search", "--path-prefix", "//products/./1", "--since", "10m", "--local", "-o", "json").size());
    }

    @Test
    void tableShowsTheUserOfEachEvent() {
        CliRun run = CliRun.of("search", "--path-prefix", "/orders/42", "--since", "10m", "--local");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("carol ") && lines.get(0).contains("PUT    /orders/42/items"), lines.get(0));
        assertTrue(lines.get(2).startsWith("alice ") && lines.get(2).contains("GET    /orders/42 "), lines.get(2));
        assertEquals("3 event(s)", lines.get(3));
    }

    @Test
    void crossesTheHourBoundaryAndEveryShardWithStatusAndTimeBounds() {
        Set<Integer> shards = checkout.stream().map(e -> ItemMapper.searchShard(e.id())).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(8, shards.size(), "the events cover every shard");
        // from 50 ms before the boundary to 50 ms after it; 5xx on /checkout only
        long from = boundary - 50;
        long to = boundary + 50;
        List<Object> expected = checkout.stream()
                .filter(e -> e.string(ActionEvent.F_PATH).startsWith("/checkout") && e.number(ActionEvent.F_STATUS) == 500)
                .filter(e -> e.receivedAt().toEpochMilli() >= from && e.receivedAt().toEpochMilli() <= to)
                .sorted(Comparator.comparing(ActionEvent::receivedAt).reversed())
                .map(e -> (Object) e.id()).toList();
        assertEquals(List.of("search-36", "search-33", "search-30", "search-24", "search-21", "search-18", "search-12"), expected);
        assertNotEquals(ItemMapper.hourBucket(from), ItemMapper.hourBucket(to));
        List<Map<?, ?>> found = json("search", "--path-prefix", "/checkout", "--status", "5xx", "--local", "-o", "json",
                "--from", Instant.ofEpochMilli(from).toString(), "--to", Instant.ofEpochMilli(to).toString());
        assertEquals(expected, field(found, "event.id"));
        // all 36 /checkout events of both hours, newest first; and --limit keeps the newest
        List<Map<?, ?>> all = json("search", "--path-prefix", "/checkout/step-", "--local", "-o", "json", "--limit", "0",
                "--from", Instant.ofEpochMilli(boundary - HOUR).toString(), "--to", Instant.ofEpochMilli(boundary + HOUR).toString());
        assertEquals(36, all.size());
        assertEquals("search-46", all.get(0).get("event.id"));
        assertEquals("search-0", all.get(35).get("event.id"));
        assertEquals(List.of("search-46", "search-45", "search-44"), field(json("search", "--path-prefix", "/checkout", "--local",
                "-o", "json", "--limit", "3", "--since", "4h"), "event.id"));
        assertEquals(List.of("search-47", "search-43", "search-39"), field(json("search", "--path-prefix", "/cart", "--method", "GET",
                "--local", "-o", "json", "--limit", "3", "--since", "4h"), "event.id"));
    }

    @Test
    void aSearchIsAQueryOnTheIndexNeverAScan() {
        EventStore store = stack.store;
        List<ActionEvent> found = store.search(new TimeRange(boundary - 100, boundary + 100),
                new EventStore.Filters(null, "/cart", null), 0);
        assertEquals(12, found.size());
        // the index's keys are exactly what a key condition needs: the hour bucket and shard, and the path first
        var item = stack.runtime.dynamo().getItem(r -> r.tableName(stack.runtime.table()).key(Map.of(
                TableSchema.PK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("u#shopper-3"),
                TableSchema.SK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        ItemMapper.sortKey(boundary - 96 + 12, "search-3"))))).item();
        assertEquals(ItemMapper.hourBucket(boundary - 84) + "#" + ItemMapper.searchShard("search-3"), item.get(TableSchema.SEARCH_KEY).s());
        assertEquals("/cart#" + ItemMapper.sortKey(boundary - 84, "search-3"), item.get(TableSchema.SEARCH_SORT).s());
    }

    @Test
    void theTimeRangeIsRequiredAndBounded() {
        CliRun none = CliRun.of("search", "--path-prefix", "/orders", "--local");
        assertEquals(Main.USAGE_ERROR, none.code());
        assertTrue(none.err().contains("a search needs a time range; pass --since (e.g. 1h) or --from"), none.err());
        CliRun wide = CliRun.of("search", "--path-prefix", "/orders", "--since", "8d", "--local");
        assertEquals(Main.USAGE_ERROR, wide.code());
        assertTrue(wide.err().contains("a search may cover at most 7 days"), wide.err());
    }

    @Test
    void csvAndJsonLinesCarryTheUser() {
        CliRun csv = CliRun.of("search", "--path-prefix", "/orders/42", "--since", "10m", "--local", "-o", "csv");
        List<String> lines = csv.out().lines().toList();
        assertEquals(4, lines.size(), csv.out());
        assertEquals("carol", lines.get(1).split(",")[1]);
        CliRun jsonl = CliRun.of("search", "--path-prefix", "/orders/42", "--since", "10m", "--local", "-o", "jsonl");
        assertEquals(List.of("carol", "bob", "alice"), jsonl.out().lines().map(l -> Json.readObject(l).get("user.id")).toList());
    }

}

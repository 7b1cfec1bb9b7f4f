package actionlog.local;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.ItemMapper;
import actionlog.support.Clients;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A search's first page ({@code --limit 100}) is exactly the newest 100 of its full result ({@code --limit 0}), and
 * the full result is exactly the matching events newest first: broad and narrow prefixes, method and status filters,
 * a page that must cross into the older hour bucket, several fetch batches. 1,500 events as the consumer writes them,
 * on DynamoDB Local, in the hour before and the half hour after an hour boundary two hours ago.
 */
class SearchFirstPageIT {
    static final long HOUR = 3_600_000L;
    static final String TABLE = "search-first-page";
    static EmbeddedStack stack;
    static DynamoDbClient dynamo;
    static EventStore store;
    static long boundary;
    static final List<ActionEvent> events = new ArrayList<>();

    @BeforeAll
    static void load() {
        stack = EmbeddedStack.start(null);
        dynamo = Clients.dynamo(stack.dynamoEndpoint());
        StackResources.createTable(dynamo, TABLE);
        store = new EventStore(dynamo, TABLE);
        long now = System.currentTimeMillis();
        boundary = now - Math.floorMod(now, HOUR) - 2 * HOUR;
        for (int i = 0; i < 1500; i++) {
            // newest first, 3.6 s apart from 30 min after the boundary back to 60 min before it; every 50th shares
            // its millisecond with the one before, so the order of equal times (by event id) is covered too
            long at = boundary + 30 * 60_000L - 3_600L * i + (i % 50 == 1 ? 3_600L : 0);
            String path;
            String method = "GET";
            int status = 200;
            switch (i % 6) {
                case 0, 1 -> {
                    path = i % 100 == 0 ? "/orders/4711" : "/orders/" + (i % 997);
                    method = i % 4 == 0 ? "DELETE" : "GET";
                }
                case 2 -> {
                    path = "/checkout";
                    method = "POST";
                    status = i % 5 == 2 ? 503 : i % 5 == 3 ? 404 : 303;
                }
                // /cart in the newer hour a third as often: a page of 100 needs both buckets
                case 3 -> path = at >= boundary && i / 6 % 3 != 0 ? "/basket" : "/cart";
                default -> path = "/products/" + i;
            }
            events.add(new ActionEvent()
                    .put(ActionEvent.F_ID, String.format(Locale.ROOT, "evt-%04d", i))
                    .put(ActionEvent.F_KIND, ActionEvent.KIND_HTTP)
                    .put(ActionEvent.F_TIME, Instant.ofEpochMilli(at).toString())
                    .put(ActionEvent.F_USER, "user-" + (i % 37))
                    .put(ActionEvent.F_METHOD, method)
                    .put(ActionEvent.F_PATH, path)
                    .put(ActionEvent.F_STATUS, status));
        }
        for (int i = 0; i < events.size(); i += 25) {
            List<WriteRequest> batch = events.subList(i, Math.min(events.size(), i + 25)).stream()
                    .map(e -> ItemMapper.toItem(e, Duration.ofDays(90)))
                    .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            Map<String, List<WriteRequest>> left = Map.of(TABLE, batch);
            while (!left.isEmpty()) {
                Map<String, List<WriteRequest>> request = left;
                left = dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) dynamo.close();
        if (stack != null) stack.close();
    }

    /** The whole range: the hour before the boundary and the half hour after it (two hour buckets). */
    static TimeRange range() {
        return new TimeRange(boundary - HOUR, boundary + HOUR / 2);
    }

    /** The ids of the generated events the filters match in the range, newest first (equal times by event id, descending). */
    static List<String> expected(TimeRange range, EventStore.Filters filters) {
        Predicate<ActionEvent> matches = e -> e.string(ActionEvent.F_PATH).startsWith(filters.pathPrefix())
                && (filters.method() == null || filters.method().equalsIgnoreCase(e.string(ActionEvent.F_METHOD)))
                && (filters.status() == null || statusMatches(filters.status(), e.number(ActionEvent.F_STATUS).intValue()));
        return events.stream()
                .filter(e -> e.receivedAt().toEpochMilli() >= range.fromMs() && e.receivedAt().toEpochMilli() <= range.toMs())
                .filter(matches)
                .sorted(Comparator.comparing((ActionEvent e) -> ItemMapper.sortKey(e.receivedAt().toEpochMilli(), e.id())).reversed())
                .map(ActionEvent::id).toList();
    }

    static boolean statusMatches(String status, int code) {
        int[] bounds = EventStore.Filters.statusBounds(status);
        return code >= bounds[0] && code <= bounds[1];
    }

    static List<String> ids(List<ActionEvent> found) {
        return found.stream().map(ActionEvent::id).toList();
    }

    /** The full result is the expected list; the first page of 100 (and of 7) is its head. */
    static List<String> assertFirstPageIsHeadOfAll(EventStore.Filters filters) {
        List<String> expected = expected(range(), filters);
        List<String> all = ids(store.search(range(), filters, 0));
        assertEquals(expected, all, "the full result");
        assertEquals(all.subList(0, Math.min(100, all.size())), ids(store.search(range(), filters, 100)), "the first page");
        assertEquals(all.subList(0, Math.min(7, all.size())), ids(store.search(range(), filters, 7)), "a page of 7");
        return all;
    }

    @Test
    void shouldReturnTheNewest100OfTheFullResult_whenThePrefixIsBroad() {
        List<String> all = assertFirstPageIsHeadOfAll(new EventStore.Filters(null, "/orders/", null));
        assertEquals(500, all.size());
        // the full result comes back in several fetch batches of 100, still newest first
        assertEquals(List.of("evt-0001", "evt-0000"), all.subList(0, 2), "equal times by event id, descending");
        assertEquals("evt-1495", all.get(all.size() - 1));
    }

    @Test
    void shouldReturnTheWholeResult_whenTheNarrowPrefixMatchesFewerThanAPageAcrossBothBuckets() {
        List<String> all = assertFirstPageIsHeadOfAll(new EventStore.Filters(null, "/orders/4711", null));
        assertEquals(List.of("evt-0000", "evt-0300", "evt-0600", "evt-0900", "evt-1200"), all);
        assertTrue(events.get(300).receivedAt().toEpochMilli() >= boundary && events.get(600).receivedAt().toEpochMilli() < boundary,
                "the matches are in both hour buckets");
    }

    @Test
    void shouldReturnTheNewest100OfTheFullResult_whenFilteringByMethod() {
        List<String> all = assertFirstPageIsHeadOfAll(new EventStore.Filters("delete", "/orders/", null));
        assertTrue(all.size() > 100, "more than a page: " + all.size());
    }

    @Test
    void shouldReturnTheNewest100OfTheFullResult_whenFilteringByStatus() {
        assertEquals(50, assertFirstPageIsHeadOfAll(new EventStore.Filters(null, "/checkout", "5xx")).size());
        assertEquals(50, assertFirstPageIsHeadOfAll(new EventStore.Filters("POST", "/checkout", "404")).size());
        assertEquals(List.of(), assertFirstPageIsHeadOfAll(new EventStore.Filters("GET", "/checkout", "5xx")));
    }

    @Test
    void shouldFillThePageFromTheOlderBucket_whenTheNewestBucketHoldsFewerThanAPage() {
        List<String> all = assertFirstPageIsHeadOfAll(new EventStore.Filters(null, "/cart", null));
        long newer = all.stream().filter(id -> events.get(Integer.parseInt(id.substring(4))).receivedAt().toEpochMilli() >= boundary).count();
        assertTrue(newer > 0 && newer < 100, "the newest bucket holds part of a page: " + newer);
        assertTrue(all.size() > 100, "both buckets hold more than a page: " + all.size());
    }

    @Test
    void shouldFindEveryPathThatStartsWithThePrefix_whenItContinuesWithCharactersBeyondAscii() {
        long at = boundary - 3 * HOUR;
        List<String> paths = List.of("/caf\u00e9", "/caf\u00e9/\u20ac", "/caf\u00e9/\ud83d\ude00", "/caf\u00e9/\uffff", "/caf\u00e9/\udbff\udfff\udbff\udfff",
                "/cafe", "/caf\u00e8", "/caf\u00ea");
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            ActionEvent event = new ActionEvent().put(ActionEvent.F_ID, "utf-" + i).put(ActionEvent.F_KIND, ActionEvent.KIND_HTTP)
                    .put(ActionEvent.F_TIME, Instant.ofEpochMilli(at + i).toString()).put(ActionEvent.F_USER, "user-utf")
                    .put(ActionEvent.F_METHOD, "GET").put(ActionEvent.F_PATH, paths.get(i)).put(ActionEvent.F_STATUS, 200);
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = ItemMapper.toItem(event, Duration.ofDays(90));
            batch.add(WriteRequest.builder().putRequest(r -> r.item(item)).build());
        }
        assertTrue(dynamo.batchWriteItem(r -> r.requestItems(Map.of(TABLE, batch))).unprocessedItems().isEmpty());
        TimeRange range = new TimeRange(at - 1000, at + 1000);
        assertEquals(List.of("utf-4", "utf-3", "utf-2", "utf-1", "utf-0"),
                ids(store.search(range, new EventStore.Filters(null, "/caf\u00e9", null), 0)));
        assertEquals(List.of("utf-4", "utf-3", "utf-2", "utf-1"), ids(store.search(range, new EventStore.Filters(null, "/caf\u00e9/", null), 0)));
        assertEquals(List.of("utf-7", "utf-6", "utf-5", "utf-4", "utf-3", "utf-2", "utf-1", "utf-0"),
                ids(store.search(range, new EventStore.Filters(null, "/caf", null), 0)));
    }

    @Test
    void shouldKeepTheTimeBounds_whenTheRangeStartsAndEndsInsideBuckets() {
        TimeRange inner = new TimeRange(boundary - 5 * 60_000L, boundary + 5 * 60_000L);
        EventStore.Filters filters = new EventStore.Filters(null, "/", null);
        List<String> expected = expected(inner, filters);
        assertTrue(expected.size() > 100, "more than a page: " + expected.size());
        assertEquals(expected, ids(store.search(inner, filters, 0)));
        assertEquals(expected.subList(0, 100), ids(store.search(inner, filters, 100)));
    }
}

package actionlog.bench;

import actionlog.core.ActionEvent;
import actionlog.core.BatchRetry;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import actionlog.local.EmbeddedStack;
import actionlog.local.StackResources;
import actionlog.support.Clients;
import actionlog.support.EventStore;
import actionlog.support.Output;
import actionlog.support.TimeRange;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * `search` over N events (default 1,000,000) of 10,000 users spread evenly over the last 4 hours, on DynamoDB
 * Local: the items are bulk-loaded with BatchWriteItem (the items the consumer writes, from {@link ItemMapper}),
 * on a table with the search index only (see {@link #createTable}), then searches by path prefix over the last hour: time to the first page (the newest 100) and to the full result,
 * query plus JSON rendering.
 *
 * <p>Run: {@code benchmarks/run.sh search [events]}.
 */
public final class SearchSpeed {
    static final String TABLE = "bench-search";
    static final long SPAN_MS = Duration.ofHours(4).toMillis();

    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long now = System.currentTimeMillis();
        try (EmbeddedStack stack = EmbeddedStack.start(null); DynamoDbClient dynamo = Clients.dynamo(stack.dynamoEndpoint())) {
            createTable(dynamo);
            long loadStart = System.nanoTime();
            load(dynamo, n, now);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf("loaded %,d events in %.0f s (%.0f items/s, BatchWriteItem, 4 threads)%n%n", n, loadSeconds, n / loadSeconds);
            EventStore store = new EventStore(dynamo, TABLE);
            TimeRange lastHour = new TimeRange(now - Duration.ofHours(1).toMillis(), now);
            System.out.println("| search over the last hour | events found | first page (newest 100) median ms | all: median ms | min ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            measure(store, lastHour, new EventStore.Filters(null, "/orders/4711", null), "`--path-prefix /orders/4711`");
            measure(store, lastHour, new EventStore.Filters(null, "/orders/47", null), "`--path-prefix /orders/47`");
            measure(store, lastHour, new EventStore.Filters(null, "/checkout", "5xx"), "`--path-prefix /checkout --status 5xx`");
            measure(store, lastHour, new EventStore.Filters("DELETE", "/orders/", null), "`--path-prefix /orders/ --method DELETE`");
            System.out.printf("(5 runs after 1 warm-up run; query + JSON rendering in one JVM; %,d events of 10,000 users over 4 hours, "
                    + "one hour = %,d events)%n", n, n / 4);
        }
    }

    /**
     * The table's keys and the search index exactly as {@link StackResources} creates them, without the other
     * indexes: a search reads only this one, and DynamoDB Local writes every index of every item, so loading
     * 1M items with all four would take several times longer without changing what is measured.
     */
    static void createTable(DynamoDbClient dynamo) {
        TableSchema.Index search = TableSchema.INDEXES.stream().filter(i -> i.name().equals(TableSchema.SEARCH_INDEX)).findFirst().orElseThrow();
        dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(TableSchema.PK), string(TableSchema.SK), string(search.partitionKey()), string(search.sortKey()))
                .keySchema(key(TableSchema.PK, KeyType.HASH), key(TableSchema.SK, KeyType.RANGE))
                .globalSecondaryIndexes(g -> g.indexName(search.name())
                        .keySchema(key(search.partitionKey(), KeyType.HASH), key(search.sortKey(), KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(TableSchema.INDEX_ATTRIBUTES))));
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The event the edge would store for request {@code i} of {@code n} (newest first): paths, methods and statuses of a shop. */
    static ActionEvent event(int i, int n, long now) {
        long at = now - 1 - (long) ((double) i / n * SPAN_MS);
        String path;
        String method = "GET";
        int status = 200;
        switch (i % 10) {
            case 0, 1, 2 -> path = "/products/" + (i * 7 % 5000);
            case 3, 4 -> path = "/static/app-" + (i % 50) + ".js";
            case 5, 6 -> {
                path = "/orders/" + (i / 10 % 10_000);
                method = i % 20 == 5 ? "DELETE" : "GET";
            }
            case 7 -> {
                path = "/checkout";
                method = "POST";
                status = i % 70 == 7 ? 503 : 303;
            }
            case 8 -> path = "/api/cart";
            default -> path = "/";
        }
        return new ActionEvent()
                .put(ActionEvent.F_ID, "evt-" + i)
                .put(ActionEvent.F_KIND, ActionEvent.KIND_HTTP)
                .put(ActionEvent.F_TIME, Instant.ofEpochMilli(at).toString())
                .put(ActionEvent.F_USER, "user-" + (i % 10_000))
                .put(ActionEvent.F_SESSION, "s_" + Integer.toHexString(i % 30_000))
                .put(ActionEvent.F_CLIENT, "203.0." + (i % 200) + "." + (i % 250))
                .put(ActionEvent.F_METHOD, method)
                .put(ActionEvent.F_SCHEME, "https")
                .put(ActionEvent.F_HOST, "shop.example.com")
                .put(ActionEvent.F_PATH, path)
                .put(ActionEvent.F_USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
                .put(ActionEvent.F_STATUS, status)
                .put(ActionEvent.F_LATENCY, 5 + i % 40);
    }

    /** BatchWriteItem, 25 items a call, on 4 threads; unprocessed items retried as the tools retry them ({@link BatchRetry}). */
    static void load(DynamoDbClient dynamo, int n, long now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong done = new AtomicLong();
        List<Future<?>> parts = new ArrayList<>();
        int threads = 4;
        for (int t = 0; t < threads; t++) {
            int part = t;
            parts.add(pool.submit(() -> {
                for (int i = part * 25; i < n; i += threads * 25) {
                    List<WriteRequest> chunk = new ArrayList<>(25);
                    for (int j = i; j < Math.min(n, i + 25); j++) {
                        Map<String, AttributeValue> item = ItemMapper.toItem(event(j, n, now), Duration.ofDays(90));
                        chunk.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
                    }
                    write(dynamo, TABLE, chunk);
                    long total = done.addAndGet(chunk.size());
                    if (total % 100_000 < 25) System.err.printf("  %,d loaded%n", total);
                }
                return null;
            }));
        }
        for (Future<?> f : parts) f.get();
        pool.shutdown();
    }

    /** One BatchWriteItem of at most 25 items, what it leaves unprocessed sent again with {@link BatchRetry}. */
    static void write(DynamoDbClient dynamo, String table, List<WriteRequest> chunk) {
        BatchRetry.Result<List<WriteRequest>> result = BatchRetry.run(chunk, batch -> {
            var left = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch))).unprocessedItems();
            return left == null ? List.of() : left.getOrDefault(table, List.of());
        }, List::isEmpty, BatchRetry.Policy.interactive());
        if (!result.done()) throw new IllegalStateException(result.pending().size() + " item(s) stayed unprocessed ("
                + result.outcome() + "); the table is throttled, run the benchmark again");
    }

    static void measure(EventStore store, TimeRange range, EventStore.Filters filters, String label) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        int runs = 5;
        long[] first = new long[runs];
        long[] all = new long[runs];
        int count = 0;
        for (int r = 0; r < runs + 1; r++) {
            long t = System.nanoTime();
            List<ActionEvent> page = store.search(range, filters, 100);
            Output.printAcrossUsers(page, Output.Format.json, ZoneOffset.UTC, sink, false);
            long firstMicros = (System.nanoTime() - t) / 1000;
            t = System.nanoTime();
            List<ActionEvent> everything = store.search(range, filters, 0);
            Output.printAcrossUsers(everything, Output.Format.json, ZoneOffset.UTC, sink, false);
            long allMicros = (System.nanoTime() - t) / 1000;
            count = everything.size();
            if (r >= 1) {
                first[r - 1] = firstMicros;
                all[r - 1] = allMicros;
            }
        }
        Percentiles f = new Percentiles(first, runs);
        Percentiles a = new Percentiles(all, runs);
        System.out.printf("| %s | %,d | **%s** | **%s** | %s | %s |%n", label, count, Percentiles.f(f.ms(50)),
                Percentiles.f(a.ms(50)), Percentiles.f(a.ms(0)), Percentiles.f(a.maxMs()));
    }
}

package actionlog.bench;

import actionlog.core.ActionEvent;
import actionlog.core.EventCodec;
import actionlog.local.EmbeddedStack;
import actionlog.local.StackResources;
import actionlog.support.Clients;
import actionlog.support.EventStore;
import actionlog.support.Output;
import actionlog.support.TimeRange;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * `trace` on a user with 10,000 events (among 10,000 of other users) on DynamoDB Local, and `ip` on the address
 * they all share (through its index, then the events by key): time to the first page of 100 (the newest 100, as
 * {@code --limit 100} shows them) and to the full list, query plus JSON rendering.
 *
 * <p>Run: {@code benchmarks/run.sh trace}.
 */
public final class TraceSpeed {
    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<String> heavy = ConsumerThroughput.events(n);
        try (EmbeddedStack stack = EmbeddedStack.start(null); DynamoDbClient dynamo = Clients.dynamo(stack.dynamoEndpoint())) {
            StackResources.createTable(dynamo, "bench-trace");
            List<WriteRequest> writes = new ArrayList<>();
            for (String json : heavy) {
                Map<String, AttributeValue> item = ConsumerThroughput.toItem(json.replaceAll("\"user.id\":\"user-\\d+\"", "\"user.id\":\"heavy\""));
                writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            }
            for (String json : ConsumerThroughput.events(n)) {
                Map<String, AttributeValue> item = ConsumerThroughput.toItem(json.replace("evt-", "other-"));
                writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            }
            for (int i = 0; i < writes.size(); i += 25) {
                List<WriteRequest> chunk = writes.subList(i, Math.min(writes.size(), i + 25));
                SearchSpeed.write(dynamo, "bench-trace", chunk); // unprocessed items retried, never dropped
            }
            EventStore store = new EventStore(dynamo, "bench-trace");
            String address = EventCodec.decode(heavy.get(0)).clientAddress();
            System.out.println("| query | events | median ms | min ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            measure(store, EventStore.Selector.user("heavy"), "`trace --user`: the table");
            measure(store, EventStore.Selector.ip(address), "`ip`: the byClientIp index, then the events by key (BatchGetItem)");
            System.out.println("(7 runs after 2 warm-up runs; query + JSON rendering in one JVM; " + n
                    + " events of one user and " + n + " of 100 others in the table, all from one client address)");
        }
    }

    /** Newest 100 (as {@code --limit 100}) and everything (as {@code --limit 0}), 7 timed runs after 2 warm-up runs. */
    static void measure(EventStore store, EventStore.Selector selector, String label) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        int runs = 7;
        long[] first = new long[runs];
        long[] all = new long[runs];
        int count = 0;
        for (int r = 0; r < runs + 2; r++) {
            long t = System.nanoTime();
            List<ActionEvent> page = store.find(selector, TimeRange.ALL, EventStore.Filters.NONE, 100, null);
            Output.print(page, Output.Format.json, ZoneOffset.UTC, sink, false);
            long firstMicros = (System.nanoTime() - t) / 1000;
            t = System.nanoTime();
            List<ActionEvent> everything = store.find(selector, TimeRange.ALL, EventStore.Filters.NONE, 0, null);
            Output.print(everything, Output.Format.json, ZoneOffset.UTC, sink, false);
            long allMicros = (System.nanoTime() - t) / 1000;
            if (page.size() != 100) throw new IllegalStateException("first page has " + page.size());
            count = everything.size();
            if (r >= 2) {
                first[r - 2] = firstMicros;
                all[r - 2] = allMicros;
            }
        }
        Percentiles f = new Percentiles(first, runs);
        Percentiles a = new Percentiles(all, runs);
        System.out.printf("| %s — newest 100 | 100 | **%s** | %s | %s |%n", label, Percentiles.f(f.ms(50)), Percentiles.f(f.ms(0)), Percentiles.f(f.maxMs()));
        System.out.printf("| %s — all, paginated | %d | **%s** | %s | %s |%n", label, count, Percentiles.f(a.ms(50)), Percentiles.f(a.ms(0)), Percentiles.f(a.maxMs()));
    }
}

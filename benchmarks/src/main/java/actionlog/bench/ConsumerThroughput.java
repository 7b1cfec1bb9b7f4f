package actionlog.bench;

import actionlog.consumer.BatchWriter;
import actionlog.core.EventCodec;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import actionlog.core.Mode;
import actionlog.local.EmbeddedStack;
import actionlog.local.StackResources;
import actionlog.support.Clients;
import actionlog.testkit.FaultProxy;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Events per second written to DynamoDB Local by the consumer's batch writer (batches of 100 messages, chunks
 * of 25) against a per-item PutItem loop, same events, same emulator, same run: once on loopback, once with
 * 2 ms added to every request (a fault proxy), as an in-region round trip costs.
 *
 * <p>Run: {@code benchmarks/run.sh consumer}.
 */
public final class ConsumerThroughput {
    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<String> events = events(n);
        System.out.println("| method | events | events/s, emulator on loopback | events/s, +2 ms per request (as in a region) |");
        System.out.println("|---|---|---|---|");
        try (EmbeddedStack stack = EmbeddedStack.start(null); FaultProxy network = new FaultProxy(stack.dynamoEndpoint())) {
            double[] direct = measure(Clients.dynamo(stack.dynamoEndpoint()), events, "a");
            network.delay(2);
            double[] region = measure(Clients.dynamo(network.uri()), events.subList(0, n / 4), "b");
            String[] names = {"consumer as deployed: batches of 100, 4 BatchWriteItem chunks of 25 in parallel",
                    "consumer, chunks one after another", "baseline: one PutItem per event"};
            for (int i = 0; i < 3; i++) {
                System.out.printf("| %s | %d / %d | %s%.0f%s | %s%.0f%s |%n", names[i], n, n / 4,
                        i == 0 ? "**" : "", direct[i], i == 0 ? "**" : "", i == 0 ? "**" : "", region[i], i == 0 ? "**" : "");
            }
            System.out.printf("| ratio deployed / baseline | | **%.1f×** (sequential chunks %.1f×) | **%.1f×** (sequential chunks %.1f×) |%n",
                    direct[0] / direct[2], direct[1] / direct[2], region[0] / region[2], region[1] / region[2]);
        }
    }

    /** Events/s for: the deployed writer, the sequential writer, per-item PutItem; fresh tables each. */
    static double[] measure(DynamoDbClient dynamo, List<String> events, String tag) {
        int n = events.size();
        StackResources.createTable(dynamo, "bench-batch-" + tag);
        StackResources.createTable(dynamo, "bench-batch-seq-" + tag);
        StackResources.createTable(dynamo, "bench-put-" + tag);
        StackResources.createTable(dynamo, "bench-warm-" + tag);
        warm(dynamo, events.subList(0, Math.min(1000, n)), "bench-warm-" + tag);

        int[] failed = {0};
        double batched = batched(new BatchWriter(dynamo, "bench-batch-" + tag, Duration.ofDays(90), Thread::sleep, new Random(), s -> {}, 4),
                events, failed);
        double sequential = batched(new BatchWriter(dynamo, "bench-batch-seq-" + tag, Duration.ofDays(90), Thread::sleep, new Random(), s -> {}),
                events, failed);
        if (failed[0] != 0) throw new IllegalStateException(failed[0] + " messages failed");

        long start = System.nanoTime();
        for (String e : events) {
            dynamo.putItem(r -> r.tableName("bench-put-" + tag).item(toItem(e)));
        }
        double perItem = n / ((System.nanoTime() - start) / 1e9);
        return new double[] {batched, sequential, perItem};
    }

    static double batched(BatchWriter writer, List<String> events, int[] failed) {
        int n = events.size();
        long start = System.nanoTime();
        for (int i = 0; i < n; i += 100) {
            List<SQSMessage> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 100); j++) batch.add(message(j, events.get(j)));
            SQSBatchResponse response = writer.write(batch, () -> 60_000);
            failed[0] += response.getBatchItemFailures().size();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    static void warm(DynamoDbClient dynamo, List<String> events, String table) {
        for (String e : events) dynamo.putItem(r -> r.tableName(table).item(toItem(e)));
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toItem(String json) {
        try {
            return ItemMapper.toItem(EventCodec.decode(json), Duration.ofDays(90));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SQSMessage message(int i, String body) {
        SQSMessage m = new SQSMessage();
        m.setMessageId("m" + i);
        m.setBody(body);
        return m;
    }

    /** Realistic events (~2 KB), 100 users. */
    static List<String> events(int n) {
        List<String> out = new ArrayList<>();
        Instant t0 = Instant.now();
        for (int i = 0; i < n; i++) {
            var e = new actionlog.core.EventCapture(actionlog.core.CaptureConfig.defaults()).capture(CaptureBenchmark.typical(), Mode.PROXY);
            e.put(actionlog.core.ActionEvent.F_ID, "evt-" + i);
            e.put(actionlog.core.ActionEvent.F_USER, "user-" + (i % 100));
            e.put(actionlog.core.ActionEvent.F_TIME, t0.plusMillis(i).toString());
            out.add(e.toJson());
        }
        Json.write(Map.of()); // load the codec before timing
        return out;
    }
}

package actionlog.bench;

import actionlog.consumer.BatchWriter;
import actionlog.core.EventCodec;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import actionlog.local.Clients;
import actionlog.local.EmbeddedStack;
import actionlog.local.StackResources;
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
 * of 25) against a per-item PutItem loop, same events, same emulator, same run.
 *
 * <p>Run: {@code benchmarks/run.sh consumer}.
 */
public final class ConsumerThroughput {
    public static void main(String[] args) throws Exception {
        // explicit exits: the embedded ElasticMQ leaves a non-daemon thread behind
        try {
            run(args);
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<String> events = events(n);
        try (EmbeddedStack stack = EmbeddedStack.start(null); DynamoDbClient dynamo = Clients.dynamo(stack.dynamoEndpoint())) {
            StackResources.createTable(dynamo, "bench-batch");
            StackResources.createTable(dynamo, "bench-put");
            StackResources.createTable(dynamo, "bench-warm");
            warm(dynamo, events.subList(0, Math.min(2000, n)));

            BatchWriter writer = new BatchWriter(dynamo, "bench-batch", Duration.ofDays(90), Thread::sleep, new Random(), s -> {});
            long start = System.nanoTime();
            int failed = 0;
            for (int i = 0; i < n; i += 100) {
                List<SQSMessage> batch = new ArrayList<>();
                for (int j = i; j < Math.min(n, i + 100); j++) batch.add(message(j, events.get(j)));
                SQSBatchResponse response = writer.write(batch, () -> 60_000);
                failed += response.getBatchItemFailures().size();
            }
            double batched = n / ((System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            for (String e : events) {
                dynamo.putItem(r -> r.tableName("bench-put").item(toItem(e)));
            }
            double perItem = n / ((System.nanoTime() - start) / 1e9);

            System.out.println("| method | events | events/s |");
            System.out.println("|---|---|---|");
            System.out.printf("| consumer BatchWriter (batches of 100, BatchWriteItem of 25) | %d | **%.0f** |%n", n, batched);
            System.out.printf("| baseline: one PutItem per event | %d | %.0f |%n", n, perItem);
            System.out.printf("| ratio | | **%.1f×** (failed messages: %d) |%n", batched / perItem, failed);
        }
    }

    static void warm(DynamoDbClient dynamo, List<String> events) {
        for (String e : events) dynamo.putItem(r -> r.tableName("bench-warm").item(toItem(e)));
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
            var e = new actionlog.core.EventCapture(actionlog.core.CaptureConfig.defaults()).capture(CaptureBenchmark.typical(), "proxy");
            e.put(actionlog.core.ActionEvent.F_ID, "evt-" + i);
            e.put(actionlog.core.ActionEvent.F_USER, "user-" + (i % 100));
            e.put(actionlog.core.ActionEvent.F_TIME, t0.plusMillis(i).toString());
            out.add(e.toJson());
        }
        Json.write(Map.of()); // load the codec before timing
        return out;
    }
}

package actionlog.consumer;

import actionlog.core.TableSchema;
import actionlog.core.Threads;
import actionlog.core.ActionEvent;
import actionlog.core.EventCodec;
import actionlog.core.InvalidEventException;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes a batch of SQS messages to the table and names exactly the messages that did not make it.
 * Malformed messages fail alone (so SQS moves them to the DLQ after maxReceiveCount, with the reason logged);
 * duplicate keys within a batch are folded (BatchWriteItem rejects them); writes go in chunks of 25;
 * UnprocessedItems are retried with exponential backoff and full jitter while the invocation has time left;
 * chunks may be written concurrently.
 */
public final class BatchWriter {
    static final int CHUNK = 25;
    static final long BASE_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 2_000;
    /** Time kept back at the end of the invocation to return the response. */
    static final long SAFETY_MS = 1_000;

    /** Pauses between retries; a seam so tests need not wait. */
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Consumer<String> log;
    private final java.util.concurrent.ExecutorService pool;

    /** Writes chunks one after another. */
    public BatchWriter(DynamoDbClient dynamo, String table, Duration retention, Sleeper sleeper,
                       RandomGenerator random, Consumer<String> log) {
        this(dynamo, table, retention, sleeper, random, log, 1);
    }

    /**
     * @param parallelism chunks written at the same time: a batch of 100 is four BatchWriteItem calls, and
     *                    overlapping them costs one round trip instead of four
     */
    public BatchWriter(DynamoDbClient dynamo, String table, Duration retention, Sleeper sleeper,
                       RandomGenerator random, Consumer<String> log, int parallelism) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.sleeper = sleeper;
        this.random = random;
        this.log = log;
        this.pool = parallelism <= 1 ? null : Threads.daemonPool("actionlog-batch-write", parallelism);
    }

    public SQSBatchResponse write(List<SQSMessage> messages, LongSupplier remainingMs) {
        Set<String> failed = new LinkedHashSet<>();
        // key (pk|sk) -> item and the messages that carry it
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        Map<String, List<String>> carriers = new LinkedHashMap<>();
        for (SQSMessage message : messages) {
            try {
                ActionEvent event = EventCodec.decode(message.getBody());
                Map<String, AttributeValue> item = ItemMapper.toItem(event, retention);
                String key = item.get(TableSchema.PK).s() + '|' + item.get(TableSchema.SK).s();
                items.put(key, item);
                carriers.computeIfAbsent(key, k -> new ArrayList<>()).add(message.getMessageId());
            } catch (InvalidEventException | RuntimeException e) {
                failed.add(message.getMessageId());
                log("invalid_message", message.getMessageId(), e.getMessage());
            }
        }
        List<String> keys = new ArrayList<>(items.keySet());
        List<java.util.concurrent.CompletableFuture<List<String>>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            chunks.add(pool == null ? java.util.concurrent.CompletableFuture.completedFuture(writeChunk(chunk, items, remainingMs))
                    : java.util.concurrent.CompletableFuture.supplyAsync(() -> writeChunk(chunk, items, remainingMs), pool));
        }
        for (java.util.concurrent.CompletableFuture<List<String>> chunk : chunks) {
            for (String key : chunk.join()) {
                failed.addAll(carriers.get(key));
            }
        }
        List<SQSBatchResponse.BatchItemFailure> failures = failed.stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                .toList();
        return SQSBatchResponse.builder().withBatchItemFailures(new ArrayList<>(failures)).build();
    }

    /** Writes one chunk; returns the keys that could not be written. */
    private List<String> writeChunk(List<String> keys, Map<String, Map<String, AttributeValue>> items, LongSupplier remainingMs) {
        Map<Map<String, AttributeValue>, String> keyOf = new java.util.HashMap<>();
        List<WriteRequest> pending = new ArrayList<>();
        for (String key : keys) {
            Map<String, AttributeValue> item = items.get(key);
            keyOf.put(ItemMapper.key(item), key);
            pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int attempt = 0; ; attempt++) {
            try {
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
                pending = response.unprocessedItems() == null ? List.of()
                        : response.unprocessedItems().getOrDefault(table, List.of());
            } catch (SdkException e) {
                log("write_failed", null, e.getClass().getSimpleName() + ": " + e.getMessage());
                return keysOf(pending, keyOf);
            }
            if (pending.isEmpty()) return List.of();
            long backoff = random.nextLong(Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt, 10)) + 1);
            if (remainingMs.getAsLong() - backoff < SAFETY_MS) {
                log("unprocessed_left", null, pending.size() + " items unprocessed when the invocation ran out of time");
                return keysOf(pending, keyOf);
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return keysOf(pending, keyOf);
            }
        }
    }

    private static List<String> keysOf(List<WriteRequest> requests, Map<Map<String, AttributeValue>, String> keyOf) {
        return requests.stream().map(w -> keyOf.get(ItemMapper.key(w.putRequest().item()))).toList();
    }

    private synchronized void log(String what, String messageId, String reason) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", "ERROR");
        line.put("actionlog", what);
        if (messageId != null) line.put("messageId", messageId);
        line.put("reason", reason);
        log.accept(Json.write(line));
    }
}

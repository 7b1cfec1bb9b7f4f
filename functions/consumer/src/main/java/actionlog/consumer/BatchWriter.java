package actionlog.consumer;

import actionlog.core.ActionEvent;
import actionlog.core.BatchRetry;
import actionlog.core.Erasures;
import actionlog.core.EventCodec;
import actionlog.core.InvalidEventException;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import actionlog.core.TableSchema;
import actionlog.core.Threads;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes a batch of SQS messages to the table and names exactly the messages that did not make it.
 * Malformed messages fail alone (so SQS moves them to the DLQ after maxReceiveCount, with the reason logged);
 * duplicate keys within a batch are folded (BatchWriteItem rejects them); writes go in chunks of 25;
 * UnprocessedItems are retried with exponential backoff and full jitter while the invocation has time left;
 * chunks may be written concurrently. An event whose user a linking source named also writes its session→user
 * link ({@link ItemMapper#linkItems}), once per batch and session; the message fails if its link fails.
 */
public final class BatchWriter {
    static final int CHUNK = 25;
    static final long BASE_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 2_000;
    /** Time kept back at the end of the invocation to return the response. */
    static final long SAFETY_MS = 1_000;
    /** Calls of one erasure lookup at most before the batch is retried later as a whole. */
    static final int LOOKUP_ATTEMPTS = 11;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final BatchRetry.Sleeper sleeper;
    private final RandomGenerator random;
    private final Consumer<String> log;
    private final java.util.concurrent.ExecutorService pool;

    /** Writes chunks one after another. */
    public BatchWriter(DynamoDbClient dynamo, String table, Duration retention, BatchRetry.Sleeper sleeper,
                       RandomGenerator random, Consumer<String> log) {
        this(dynamo, table, retention, sleeper, random, log, 1);
    }

    /**
     * @param parallelism chunks written at the same time: a batch of 100 is four BatchWriteItem calls, and
     *                    overlapping them costs one round trip instead of four
     */
    public BatchWriter(DynamoDbClient dynamo, String table, Duration retention, BatchRetry.Sleeper sleeper,
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
        List<Map.Entry<SQSMessage, ActionEvent>> decoded = new ArrayList<>();
        for (SQSMessage message : messages) {
            try {
                decoded.add(Map.entry(message, EventCodec.decode(message.getBody())));
            } catch (InvalidEventException | RuntimeException e) {
                failed.add(message.getMessageId());
                log("invalid_message", message.getMessageId(), e.getMessage());
            }
        }
        Map<String, Long> erased;
        try {
            erased = erasures(decoded.stream().map(Map.Entry::getValue).toList(), remainingMs);
        } catch (SdkException e) { // cannot tell who was erased: retry later rather than resurrect anyone
            log("erasure_lookup_failed", null, e.getClass().getSimpleName() + ": " + e.getMessage());
            decoded.forEach(m -> failed.add(m.getKey().getMessageId()));
            decoded.clear();
            erased = Map.of();
        }
        int suppressed = 0;
        for (Map.Entry<SQSMessage, ActionEvent> entry : decoded) {
            SQSMessage message = entry.getKey();
            ActionEvent event = entry.getValue();
            if (Erasures.suppressed(event, erased.get(event.userId()))) {
                suppressed++;
                continue;
            }
            try {
                Map<String, AttributeValue> item = ItemMapper.toItem(event, retention);
                String key = item.get(TableSchema.PK).s() + '|' + item.get(TableSchema.SK).s();
                items.put(key, item);
                carriers.computeIfAbsent(key, k -> new ArrayList<>()).add(message.getMessageId());
                for (Map<String, AttributeValue> link : ItemMapper.linkItems(event, retention)) { // session→user, for stitching
                    String linkKey = link.get(TableSchema.PK).s() + '|' + link.get(TableSchema.SK).s();
                    if (!items.containsKey(linkKey) || isNewer(link, items.get(linkKey))) items.put(linkKey, link);
                    carriers.computeIfAbsent(linkKey, k -> new ArrayList<>()).add(message.getMessageId());
                }
            } catch (RuntimeException e) {
                failed.add(message.getMessageId());
                log("invalid_message", message.getMessageId(), e.getMessage());
            }
        }
        if (suppressed > 0) log("suppressed", null, suppressed + " event(s) of erased users dropped (suppression list)");
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

    private static boolean isNewer(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        return Long.parseLong(a.get(TableSchema.TTL).n()) > Long.parseLong(b.get(TableSchema.TTL).n());
    }

    /** The erasure time of every user of {@code events} on the suppression list ({@link Erasures}). */
    private Map<String, Long> erasures(java.util.Collection<ActionEvent> events, LongSupplier remainingMs) {
        Map<String, String> userByHash = new LinkedHashMap<>();
        for (ActionEvent event : events) userByHash.put(Erasures.hash(event.userId()), event.userId());
        Map<String, Long> erased = new java.util.HashMap<>();
        List<String> users = new ArrayList<>(userByHash.values());
        for (int from = 0; from < users.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = users.subList(from, Math.min(users.size(), from + 100)).stream()
                    .map(Erasures::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            BatchRetry.Result<Map<String, KeysAndAttributes>> result = BatchRetry.run(request, current -> {
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(current));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    String user = userByHash.get(item.get(TableSchema.SK).s());
                    if (user != null && item.get(TableSchema.ERASED_AT) != null) erased.put(user, Long.parseLong(item.get(TableSchema.ERASED_AT).n()));
                }
                return response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }, Map::isEmpty, policy(LOOKUP_ATTEMPTS, remainingMs));
            if (!result.done()) {
                throw SdkClientException.create("erasure lookup left unprocessed keys (" + result.outcome() + " after "
                        + result.attempts() + " attempts)");
            }
        }
        return erased;
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
        BatchRetry.Result<List<WriteRequest>> result;
        List<List<WriteRequest>> attempted = new ArrayList<>(List.of(pending)); // what the failing call was writing
        try {
            result = BatchRetry.run(pending, batch -> {
                attempted.set(0, batch);
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
                return response.unprocessedItems() == null ? List.of() : response.unprocessedItems().getOrDefault(table, List.of());
            }, List::isEmpty, policy(Integer.MAX_VALUE, remainingMs));
        } catch (SdkException e) { // the write itself failed: everything of the chunk not yet written fails
            log("write_failed", null, e.getClass().getSimpleName() + ": " + e.getMessage());
            return keysOf(attempted.get(0), keyOf);
        }
        if (result.outcome() == BatchRetry.Outcome.OUT_OF_TIME) {
            log("unprocessed_left", null, result.pending().size() + " items unprocessed when the invocation ran out of time");
        }
        return keysOf(result.pending(), keyOf);
    }

    private BatchRetry.Policy policy(int attempts, LongSupplier remainingMs) {
        return new BatchRetry.Policy(attempts, BASE_BACKOFF_MS, MAX_BACKOFF_MS, remainingMs, SAFETY_MS, sleeper, random);
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

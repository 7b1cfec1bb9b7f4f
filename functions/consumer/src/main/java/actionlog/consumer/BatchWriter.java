package actionlog.consumer;

import actionlog.core.ActionEvent;
import actionlog.core.BatchRetry;
import actionlog.core.Erasures;
import actionlog.core.EventCodec;
import actionlog.core.Identity;
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
 * chunks may be written concurrently. An event that starts or ends a browser's (or session's) link to its user also
 * writes the link items ({@link ItemMapper#linkItems}); the message fails if its link fails. Fields only ever added
 * when reading ({@code user.stitched_to}) are never evidence: they are dropped before storing, after the suppression
 * list had its say on them. An event with a session writes its session pointer ({@link ItemMapper#sessionPointer}) the
 * first time this writer sees that session, user and hour.
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
    /** How many session pointers this writer remembers having written (≈ 100 bytes each: ≈ 10 MB at most). */
    static final int POINTERS_REMEMBERED = 100_000;
    /**
     * Session pointers written by this writer (its Lambda environment), least recently used forgotten first: a pointer
     * is written once per session, user and hour, not once per event. One forgotten is written again, harmlessly.
     */
    private final Set<String> pointersWritten = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > POINTERS_REMEMBERED;
                }
            }));

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
        Set<String> pointers = new LinkedHashSet<>();
        for (SQSMessage message : messages) {
            try {
                decoded.add(Map.entry(message, EventCodec.decode(message.getBody())));
            } catch (InvalidEventException | RuntimeException e) {
                failed.add(message.getMessageId());
                log("invalid_message", message.getMessageId(), e.getMessage());
            }
        }
        Erased erased;
        try {
            erased = erasures(decoded.stream().map(Map.Entry::getValue).toList(), remainingMs);
        } catch (SdkException e) { // cannot tell who was erased: retry later rather than resurrect anyone
            log("erasure_lookup_failed", null, e.getClass().getSimpleName() + ": " + e.getMessage());
            decoded.forEach(m -> failed.add(m.getKey().getMessageId()));
            decoded.clear();
            erased = new Erased(Map.of(), Map.of());
        }
        int suppressed = 0;
        for (Map.Entry<SQSMessage, ActionEvent> entry : decoded) {
            SQSMessage message = entry.getKey();
            ActionEvent event = entry.getValue();
            if (erased.suppresses(event)) {
                suppressed++;
                continue;
            }
            event.remove(ActionEvent.F_STITCHED_TO); // a reader's conclusion, never evidence
            try {
                Map<String, AttributeValue> item = ItemMapper.toItem(event, retention);
                String key = item.get(TableSchema.PK).s() + '|' + item.get(TableSchema.SK).s();
                items.put(key, item);
                carriers.computeIfAbsent(key, k -> new ArrayList<>()).add(message.getMessageId());
                for (Map<String, AttributeValue> link : ItemMapper.linkItems(event, retention)) { // only when a link changes
                    String linkKey = link.get(TableSchema.PK).s() + '|' + link.get(TableSchema.SK).s();
                    items.put(linkKey, link);
                    carriers.computeIfAbsent(linkKey, k -> new ArrayList<>()).add(message.getMessageId());
                }
                Map<String, AttributeValue> pointer = ItemMapper.sessionPointer(event, retention);
                String pointerKey = pointer == null ? null : pointer.get(TableSchema.PK).s() + '|' + pointer.get(TableSchema.SK).s();
                if (pointerKey != null && !pointersWritten.contains(pointerKey)) { // once per session, user and hour
                    items.put(pointerKey, pointer);
                    carriers.computeIfAbsent(pointerKey, k -> new ArrayList<>()).add(message.getMessageId());
                    pointers.add(pointerKey);
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
                pointers.remove(key);
            }
        }
        pointersWritten.addAll(pointers); // only those stored: a failed one is written again with its message's retry
        List<SQSBatchResponse.BatchItemFailure> failures = failed.stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                .toList();
        return SQSBatchResponse.builder().withBatchItemFailures(new ArrayList<>(failures)).build();
    }

    /**
     * What the suppression list says about a batch: erasure times of its users (by id) and erased windows of its
     * browsers and sessions.
     */
    record Erased(Map<String, Long> users, Map<String, List<String>> windows) {
        /**
         * An event is dropped when its user, or the user an old export says it was stitched to, was erased after it
         * happened, or when it is an anonymous event in an erased window of its browser (or, without one, session).
         */
        boolean suppresses(ActionEvent event) {
            if (Erasures.suppressed(event, users.get(event.userId()))) return true;
            String stitched = event.string(ActionEvent.F_STITCHED_TO);
            if (stitched != null && Erasures.suppressed(event, users.get(stitched))) return true;
            String key = trailKey(event);
            return key != null && Erasures.inWindow(windows.getOrDefault(key, List.of()), event.receivedAt().toEpochMilli());
        }
    }

    /** The browser (else session) of an anonymous event: what an erased window is kept under. */
    static String trailKey(ActionEvent event) {
        if (!Identity.ANONYMOUS.equals(event.string(ActionEvent.F_USER_SOURCE))) return null;
        return event.browserId() != null ? event.browserId() : event.sessionId();
    }

    /** The suppression list's word on every user, stitched user, browser and session of {@code events} ({@link Erasures}). */
    private Erased erasures(java.util.Collection<ActionEvent> events, LongSupplier remainingMs) {
        Map<String, String> userByHash = new LinkedHashMap<>();
        Map<String, Map<String, AttributeValue>> keys = new LinkedHashMap<>();
        for (ActionEvent event : events) {
            for (String user : java.util.Arrays.asList(event.userId(), event.string(ActionEvent.F_STITCHED_TO))) {
                if (user == null) continue;
                userByHash.put(Erasures.hash(user), user);
                keys.put("u" + user, Erasures.key(user));
            }
            String trail = trailKey(event);
            if (trail != null) keys.put("k" + trail, Erasures.windowsKey(trail));
        }
        Map<String, Long> users = new java.util.HashMap<>();
        Map<String, List<String>> windows = new java.util.HashMap<>();
        List<Map<String, AttributeValue>> all = new ArrayList<>(keys.values());
        for (int from = 0; from < all.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(all.subList(from, Math.min(all.size(), from + 100))).build());
            BatchRetry.Result<Map<String, KeysAndAttributes>> result = BatchRetry.run(request, current -> {
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(current));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    String sk = item.get(TableSchema.SK).s();
                    String trail = Erasures.windowsOf(sk);
                    if (trail != null) windows.put(trail, Erasures.windows(item));
                    String user = userByHash.get(sk);
                    if (user != null && item.get(TableSchema.ERASED_AT) != null) users.put(user, Long.parseLong(item.get(TableSchema.ERASED_AT).n()));
                }
                return response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }, Map::isEmpty, policy(LOOKUP_ATTEMPTS, remainingMs));
            if (!result.done()) {
                throw SdkClientException.create("erasure lookup left unprocessed keys (" + result.outcome() + " after "
                        + result.attempts() + " attempts)");
            }
        }
        return new Erased(users, windows);
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

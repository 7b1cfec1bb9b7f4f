package actionlog.consumer;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Json;
import actionlog.core.TableSchema;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class BatchWriterTest {
    final FakeDynamo dynamo = new FakeDynamo();
    final List<Long> sleeps = new ArrayList<>();
    final List<String> logs = new ArrayList<>();
    final AtomicLong remaining = new AtomicLong(60_000);
    final BatchWriter writer = new BatchWriter(dynamo, "events", Duration.ofDays(90), ms -> {
        sleeps.add(ms);
        remaining.addAndGet(-ms);
    }, new Random(1), logs::add);

    static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    static SQSMessage message(String id, String user, String eventId) {
        SQSMessage m = new SQSMessage();
        m.setMessageId(id);
        m.setBody(Json.write(Map.of("schema_version", 1, "event.id", eventId, "event.received_at", "2026-11-22T14:05:00Z",
                "user.id", user, "http.request.method", "GET")));
        return m;
    }

    static List<SQSMessage> messages(int n) {
        List<SQSMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(message("m" + i, "user" + (i % 7), "e" + i));
        return out;
    }

    @Test
    void malformedMessagesFailAloneDuplicatesAreFoldedAndTheRestIsWritten() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-mixed-batch.json");
        SQSBatchResponse response = writer.write(event.getRecords(), remaining::get);
        assertEquals(List.of("m-poison", "m-wrong-version"), failures(response));
        assertEquals(1, dynamo.calls.size());
        assertEquals(1, dynamo.writes(), "the two copies of e1 become one write");
        assertEquals(2, logs.size());
        assertTrue(logs.get(0).contains("m-poison") && logs.get(0).contains("not a JSON event"), logs.get(0));
        assertTrue(logs.get(1).contains("unsupported schema_version 9"), logs.get(1));
    }

    @Test
    void anEventNestedDeeperThanTheEdgeWritesIsStoredBoundedAndMarkedNotSentToTheDlq() {
        // an older edge stored beacons 998 levels deep; jackson's default limit refused them at 1,000 (the DLQ)
        SQSMessage deep = new SQSMessage();
        deep.setMessageId("m-deep");
        deep.setBody("{\"schema_version\":1,\"event.id\":\"e-deep\",\"event.received_at\":\"2026-11-22T14:05:00Z\",\"user.id\":\"u\","
                + "\"http.request.method\":\"POST\",\"action.properties\":" + "{\"a\":".repeat(998) + "1" + "}".repeat(998) + "}");
        SQSBatchResponse response = writer.write(List.of(deep), remaining::get);
        assertEquals(List.of(), failures(response));
        String stored = dynamo.calls.get(0).get(0).putRequest().item().get(TableSchema.EVENT_JSON).s();
        assertTrue(stored.contains("\"actionlog.truncated\":[\"action.properties\"]"), stored);
        assertTrue(stored.endsWith("{\"_truncated_depth\":32}" + "}".repeat(31) + ",\"actionlog.truncated\":[\"action.properties\"]}"), stored);
    }

    static SQSMessage named(String id, String user, String source, String session, String next) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("schema_version", 1, "event.id", id,
                "event.received_at", "2026-11-22T14:05:00Z", "user.id", user, "user.id_source", source, "http.request.method", "GET"));
        if (session != null) event.put("session.id", session);
        if (next != null) event.put("session.next_id", next);
        SQSMessage m = new SQSMessage();
        m.setMessageId("m-" + id);
        m.setBody(Json.write(event));
        return m;
    }

    @Test
    void anEventNamingItsUserLinksItsSessionsOncePerBatch() {
        SQSBatchResponse response = writer.write(List.of(
                named("e1", "anon:1", "anonymous", "s_a", null),     // before sign-in: no link
                named("e2", "alice", "origin", "s_a", "s_b"),       // sign-in rotates the session: both linked
                named("e3", "alice", "origin", "s_b", null),        // same link again: folded
                named("e4", "mallory", "claimed", "s_c", null),     // a browser's claim links nothing
                named("e5", "bob", "login_form", null, null)), remaining::get); // no session, no link
        assertEquals(List.of(), failures(response));
        List<String> links = dynamo.calls.get(0).stream().map(w -> w.putRequest().item())
                .filter(item -> item.get("pk").s().startsWith(TableSchema.LINK_PREFIX))
                .map(item -> item.get("pk").s() + " " + item.get("sk").s() + " " + item.get("expiresAt").n()).toList();
        long expires = java.time.Instant.parse("2026-11-22T14:05:00Z").getEpochSecond() + Duration.ofDays(90).toSeconds();
        assertEquals(List.of("l#alice s_a " + expires, "l#alice s_b " + expires), links);
        assertEquals(5 + 2, dynamo.writes(), "five events and two links");
        assertEquals(3, dynamo.calls.get(0).get(2).putRequest().item().size(), "a link is key and TTL only: 1 write unit, no index");
    }

    @Test
    void aFailedLinkFailsTheMessagesThatCarryIt() {
        dynamo.behaviour = requests -> requests.stream().filter(w -> w.putRequest().item().get("pk").s().startsWith("l#")).toList();
        remaining.set(0);
        SQSBatchResponse response = writer.write(List.of(named("e2", "alice", "origin", "s_a", null),
                named("e3", "alice", "origin", "s_a", null), named("e6", "anon:1", "anonymous", "s_a", null)), remaining::get);
        assertEquals(List.of("m-e2", "m-e3"), failures(response));
    }

    @Test
    void writesInChunksOf25() {
        SQSBatchResponse response = writer.write(messages(60), remaining::get);
        assertEquals(List.of(), failures(response));
        assertEquals(List.of(25, 25, 10), dynamo.calls.stream().map(List::size).toList());
    }

    @Test
    void unprocessedItemsAreRetriedWithJitteredBackoffUntilWritten() {
        AtomicInteger call = new AtomicInteger();
        dynamo.behaviour = writes -> call.incrementAndGet() <= 3 ? writes.subList(0, writes.size() / 2) : List.of();
        SQSBatchResponse response = writer.write(messages(20), remaining::get);
        assertEquals(List.of(), failures(response));
        assertEquals(List.of(20, 10, 5, 2), dynamo.calls.stream().map(List::size).toList());
        assertEquals(3, sleeps.size());
        for (int i = 0; i < sleeps.size(); i++) {
            assertTrue(sleeps.get(i) >= 0 && sleeps.get(i) <= (BatchWriter.BASE_BACKOFF_MS << i), "attempt " + i + ": " + sleeps.get(i));
        }
    }

    @Test
    void whatStaysUnprocessedWhenTimeRunsOutIsReportedExactly() {
        remaining.set(5_000);
        dynamo.behaviour = writes -> writes.stream()
                .filter(w -> w.putRequest().item().get("pk").s().equals("u#user3")).toList();
        List<SQSMessage> batch = messages(20);
        batch.add(message("m3-copy", "user3", "e3")); // a duplicate of m3: both must be reported
        SQSBatchResponse response = writer.write(batch, remaining::get);
        assertEquals(List.of("m3", "m3-copy", "m10", "m17"), failures(response));
        assertTrue(remaining.get() >= 0);
        assertTrue(logs.stream().anyMatch(l -> l.contains("unprocessed_left")));
    }

    @Test
    void aFailingChunkFailsOnlyItsMessages() {
        AtomicInteger call = new AtomicInteger();
        dynamo.behaviour = writes -> {
            if (call.incrementAndGet() == 2) throw ProvisionedThroughputExceededException.builder().message("slow down").build();
            return List.of();
        };
        SQSBatchResponse response = writer.write(messages(30), remaining::get);
        assertEquals(List.of("m25", "m26", "m27", "m28", "m29"), failures(response));
        assertTrue(logs.get(0).contains("slow down"));
    }

    @Test
    void parallelChunksReportExactlyTheSameFailures() {
        List<String> parallelLogs = new java.util.concurrent.CopyOnWriteArrayList<>();
        BatchWriter parallel = new BatchWriter(dynamo, "events", Duration.ofDays(90), ms -> {}, new Random(1), parallelLogs::add, 4);
        dynamo.behaviour = writes -> {
            if (writes.stream().anyMatch(w -> w.putRequest().item().get("sk").s().endsWith("#e27"))) {
                throw ProvisionedThroughputExceededException.builder().message("slow down").build();
            }
            return List.of();
        };
        SQSBatchResponse response = parallel.write(messages(100), () -> 60_000);
        assertEquals(java.util.stream.IntStream.range(25, 50).mapToObj(i -> "m" + i).toList(), failures(response),
                "the chunk holding e27 (messages 25..49), in order");
        assertEquals(100, dynamo.writes());
        assertEquals(1, parallelLogs.size());
    }

    @Test
    void anEmptyBatchWritesNothing() {
        assertEquals(List.of(), failures(writer.write(List.of(), remaining::get)));
        assertTrue(dynamo.calls.isEmpty());
    }

    @Test
    void eventsOfAnErasedUserFromBeforeTheErasureAreDroppedNotResurrected() {
        long erasedAt = java.time.Instant.parse("2026-11-22T14:05:00Z").toEpochMilli();
        dynamo.erasures.add(actionlog.core.Erasures.item("alice", erasedAt));
        SQSMessage before = message("m1", "alice", "e1");
        SQSMessage other = message("m2", "bob", "e2");
        SQSMessage after = new SQSMessage();
        after.setMessageId("m3");
        after.setBody(Json.write(Map.of("schema_version", 1, "event.id", "e3", "event.received_at", "2026-11-22T14:05:01Z",
                "user.id", "alice", "http.request.method", "GET")));
        SQSBatchResponse response = writer.write(List.of(before, other, after), remaining::get);
        assertEquals(List.of(), failures(response), "suppressed messages are consumed, not retried");
        assertEquals(List.of("u#bob", "u#alice"), dynamo.calls.get(0).stream().map(w -> w.putRequest().item().get("pk").s()).toList());
        assertEquals("e3", dynamo.calls.get(0).get(1).putRequest().item().get("eventId").s(), "activity after the erasure is recorded");
        assertTrue(logs.stream().anyMatch(l -> l.contains("1 event(s) of erased users dropped")), logs.toString());
        assertFalse(String.join("", logs).contains("alice"), "the log never names the erased user");
    }

    @Test
    void aFailedErasureLookupRetriesTheBatchInsteadOfResurrectingAnyone() {
        FakeDynamo broken = new FakeDynamo() {
            @Override
            public synchronized software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse batchGetItem(
                    software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest request) {
                throw ProvisionedThroughputExceededException.builder().message("slow down").build();
            }
        };
        BatchWriter w = new BatchWriter(broken, "events", Duration.ofDays(90), ms -> {}, new Random(1), logs::add);
        assertEquals(List.of("m0", "m1"), failures(w.write(messages(2), remaining::get)));
        assertEquals(0, broken.writes());
    }
}

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
        String stored = storedJson(dynamo.calls.get(0).get(0).putRequest().item());
        assertTrue(stored.contains("\"actionlog.truncated\":[\"action.properties\"]"), stored);
        assertTrue(stored.endsWith("{\"_truncated_depth\":32}" + "}".repeat(31) + ",\"actionlog.truncated\":[\"action.properties\"]}"), stored);
    }

    /** The event JSON a written item holds. */
    static String storedJson(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        try {
            return actionlog.core.CompactEvent.decode(item.get(TableSchema.EVENT_COMPACT).b().asByteArray());
        } catch (actionlog.core.InvalidEventException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldWriteASessionPointerOncePerSessionUserAndHour_whenEventsOfTheSessionKeepComing() {
        // three events of one session and user in one hour, one in the next hour, one of another user: three pointers
        SQSBatchResponse first = writer.write(List.of(
                event("p1", "alice", "origin", Map.of("session.id", "s_1", "event.received_at", "2026-11-22T14:05:00Z")),
                event("p2", "alice", "origin", Map.of("session.id", "s_1", "event.received_at", "2026-11-22T14:06:00Z"))), remaining::get);
        SQSBatchResponse second = writer.write(List.of(
                event("p3", "alice", "origin", Map.of("session.id", "s_1", "event.received_at", "2026-11-22T14:59:59Z")),
                event("p4", "alice", "origin", Map.of("session.id", "s_1", "event.received_at", "2026-11-22T15:00:00Z")),
                event("p5", "anon:a", "anonymous", Map.of("session.id", "s_1", "event.received_at", "2026-11-22T14:07:00Z"))), remaining::get);
        assertEquals(List.of(), failures(first));
        assertEquals(List.of(), failures(second));
        List<String> pointers = dynamo.calls.stream().flatMap(List::stream).map(w -> w.putRequest().item())
                .filter(i -> i.get("pk").s().startsWith(TableSchema.SESSION_POINTER_PREFIX))
                .map(i -> i.get("pk").s() + " " + i.get("sk").s() + " " + i.get(TableSchema.TTL).n()).toList();
        long retention = java.time.Duration.ofDays(90).toSeconds();
        long end14 = java.time.Instant.parse("2026-11-22T15:00:00Z").getEpochSecond();
        assertEquals(List.of("ss#s_1 2026112214#alice " + (end14 + retention),
                "ss#s_1 2026112215#alice " + (end14 + 3600 + retention),
                "ss#s_1 2026112214#anon:a " + (end14 + retention)), pointers);
        assertEquals(5 + 3, dynamo.writes());
    }

    @Test
    void shouldWriteThePointerAgain_whenItsFirstWriteFailed() {
        dynamo.behaviour = requests -> requests.stream().filter(w -> w.putRequest().item().get("pk").s().startsWith("ss#")).toList();
        remaining.set(0);
        SQSBatchResponse failed = writer.write(List.of(event("q1", "alice", "origin", Map.of("session.id", "s_9"))), remaining::get);
        assertEquals(List.of("m-q1"), failures(failed), "the message is retried: its pointer must exist");
        dynamo.behaviour = requests -> List.of();
        remaining.set(60_000);
        SQSBatchResponse retried = writer.write(List.of(event("q1", "alice", "origin", Map.of("session.id", "s_9"))), remaining::get);
        assertEquals(List.of(), failures(retried));
        assertEquals(2, dynamo.calls.get(dynamo.calls.size() - 1).size(), "the event and its pointer, written again");
    }

    static SQSMessage event(String id, String user, String source, Map<String, Object> more) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("schema_version", 1, "event.id", id,
                "event.received_at", "2026-11-22T14:05:00Z", "user.id", user, "user.id_source", source, "http.request.method", "GET"));
        event.putAll(more);
        SQSMessage m = new SQSMessage();
        m.setMessageId("m-" + id);
        m.setBody(Json.write(event));
        return m;
    }

    List<String> linkItems() {
        return dynamo.calls.stream().flatMap(List::stream).map(w -> w.putRequest().item())
                .filter(item -> item.get("pk").s().startsWith("l"))
                .map(item -> item.get("pk").s() + " " + item.get("sk").s() + " " + java.util.Objects.toString(item.get("user") == null ? null : item.get("user").s())
                        + " " + (item.get("from") == null ? "-" : item.get("from").n()) + " " + (item.get("to") == null ? "-" : item.get("to").n()))
                .sorted().toList();
    }

    @Test
    void onlyAnEventThatStartsOrEndsALinkWritesLinkItems() {
        long at = java.time.Instant.parse("2026-11-22T14:05:00Z").toEpochMilli();
        long from = java.time.Instant.parse("2026-11-22T14:00:00Z").toEpochMilli();
        SQSBatchResponse response = writer.write(List.of(
                event("e1", "anon:b1", "anonymous", Map.of("browser.id", "b_b1")), // an anonymous page: nothing
                event("e2", "alice", "login_form", Map.of("browser.id", "b_b1", "user.link", "start",
                        "user.stitch_from", "2026-11-22T14:00:00Z")), // a sign-in on a browser: both sides
                event("e3", "alice", "linked", Map.of("browser.id", "b_b1")), // signed in: nothing
                event("e4", "alice", "linked", Map.of("browser.id", "b_b1", "user.link", "end")), // a browser's sign-out: nothing
                event("e5", "mallory", "claimed", Map.of("user.link", "start", "session.id", "s_c")), // a claim links nothing
                event("e6", "bob", "login_form", Map.of("user.link", "start", "session.id", "s_a", "session.next_id", "s_b")),
                event("e7", "carol", "origin", Map.of("user.link", "start", "session.id", "s_p", "session.source", "pattern")),
                event("e8", "anon:x", "anonymous", Map.of("user.link", "end", "session.id", "s_b"))), remaining::get);
        assertEquals(List.of(), failures(response));
        String sk = actionlog.core.ItemMapper.timePrefix(at);
        assertEquals(List.of(
                "l#alice b_b1#" + sk + "e2 null " + from + " " + at,
                "l#bob s_a#" + sk + "e6 null - " + at,       // the fallback: the request's session up to the sign-in
                "l#bob s_b#" + sk + "e6 null " + at + " -",  // and the new one from it on
                "lb#b_b1 " + sk + "e2 alice " + from + " " + at,
                "lb#s_a " + sk + "e6 bob - " + at,
                "lb#s_b " + sk + "e6 bob " + at + " -",
                "lb#s_b " + sk + "e8 null - -"),             // a sign-out boundary on the fallback's session
                linkItems(), "never the pattern-only session s_p, never a claim");
        assertEquals(8 + 7 + 4, dynamo.writes(), "eight events, seven link items, the session pointers of e5 to e8");
    }

    @Test
    void aFailedLinkFailsTheMessagesThatCarryIt() {
        dynamo.behaviour = requests -> requests.stream().filter(w -> w.putRequest().item().get("pk").s().startsWith("l")).toList();
        remaining.set(0);
        SQSBatchResponse response = writer.write(List.of(event("e2", "alice", "origin", Map.of("browser.id", "b_1", "user.link", "start")),
                event("e3", "alice", "linked", Map.of("browser.id", "b_1")), event("e6", "anon:1", "anonymous", Map.of())), remaining::get);
        assertEquals(List.of("m-e2"), failures(response));
    }

    @Test
    void whatOnlyAReaderAddsIsNeverStoredAndAnErasedPersonsPagesStayOut() {
        long erasedAt = java.time.Instant.parse("2026-11-22T14:10:00Z").toEpochMilli();
        long signIn = java.time.Instant.parse("2026-11-22T14:06:00Z").toEpochMilli();
        dynamo.erasures.add(actionlog.core.Erasures.item("bob", erasedAt));
        dynamo.erasures.add(actionlog.core.Erasures.windowsItem("b_bob", List.of(actionlog.core.Erasures.window(0, signIn))));
        SQSBatchResponse response = writer.write(List.of(
                event("e1", "anon:x", "anonymous", Map.of("user.stitched_to", "bob")),          // an old export's
                event("e2", "anon:bob", "anonymous", Map.of("browser.id", "b_bob")),           // in bob's erased window
                event("e3", "anon:other", "anonymous", Map.of("browser.id", "b_other")),       // another browser
                event("e4", "anon:y", "anonymous", Map.of("user.stitched_to", "carol"))), remaining::get);
        assertEquals(List.of(), failures(response));
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items = dynamo.calls.get(0).stream()
                .map(w -> w.putRequest().item()).toList();
        assertEquals(List.of("e3", "e4"), items.stream().map(i -> i.get("eventId").s()).toList());
        assertFalse(storedJson(items.get(1)).contains("stitched_to"), "a reader's conclusion is never evidence");
        assertTrue(logs.stream().anyMatch(l -> l.contains("2 event(s) of erased users dropped")), logs.toString());
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

package actionlog.consumer;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.EventCodec;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import actionlog.core.TableSchema;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;

class ArchiverTest {
    final List<String> logs = new ArrayList<>();

    static String eventJson(String id, String user) {
        return Json.write(Map.of("schema_version", 1, "event.id", id, "event.received_at", "2026-11-22T14:05:00.250Z",
                "user.id", user, "http.request.method", "GET", "url.path", "/orders/4711", "http.response.status_code", 200));
    }

    /** A stream record as Lambda hands it over, with the item the consumer wrote as its new image. */
    static DynamodbEvent.DynamodbStreamRecord record(String name, String sequence, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> image = new HashMap<>();
        item.forEach((k, v) -> image.put(k, v.s() != null ? new AttributeValue().withS(v.s())
                : v.b() != null ? new AttributeValue().withB(v.b().asByteBuffer()) : new AttributeValue().withN(v.n())));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(name);
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequence).withNewImage(image));
        return record;
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> eventItem(String id, String user) throws Exception {
        return ItemMapper.toItem(EventCodec.decode(eventJson(id, user)), Duration.ofDays(90));
    }

    static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(records));
        return event;
    }

    @Test
    void shouldArchiveOnlyInsertedEvents_whenTheStreamAlsoCarriesLinksErasuresAndChanges() throws Exception {
        List<Map<String, Object>> delivered = new ArrayList<>();
        Archiver archiver = new Archiver((rows, remaining) -> {
            delivered.addAll(rows);
            return List.of();
        }, logs::add, "Actionlog");
        var link = Map.of(TableSchema.PK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(ItemMapper.linkKey("alice")),
                TableSchema.SK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("s_1"));
        StreamsEventResponse response = archiver.archive(event(
                record("INSERT", "1", eventItem("e1", "alice")),
                record("MODIFY", "2", eventItem("e1", "alice")), // the same event written with another TTL
                record("INSERT", "3", link),
                record("REMOVE", "4", eventItem("e0", "bob")),
                record("INSERT", "5", eventItem("e2", "bob")),
                record("INSERT", "6", ItemMapper.toLegacyItem(EventCodec.decode(eventJson("e3", "carol")), Duration.ofDays(90)))),
                () -> 60_000);
        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of("e1", "e2", "e3"), delivered.stream().map(r -> r.get("event_id")).toList(), "compact and older items alike");
        assertEquals("/orders/4711", delivered.get(0).get("url_path"));
        assertEquals(List.of(), logs);
    }

    @Test
    void shouldReportTheFirstRefusedRecordAndCountTheRefusals_whenTheSinkRefusesSome() throws Exception {
        Archiver archiver = new Archiver((rows, remaining) -> List.of(1, 2), logs::add, "Actionlog");
        StreamsEventResponse response = archiver.archive(event(
                record("INSERT", "100", eventItem("e1", "alice")),
                record("INSERT", "101", actionlog.core.Erasures.item("mallory", 1_700_000_000_000L)),
                record("INSERT", "102", eventItem("e2", "alice")),
                record("INSERT", "103", eventItem("e3", "alice"))), () -> 60_000);
        assertEquals(List.of("102"), response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList(),
                "the stream retries from the first refused row's record");
        assertEquals(1, logs.size());
        Map<String, Object> line = Json.readObject(logs.get(0));
        assertEquals(2, ((Number) line.get("ArchiveDeliveryFailures")).intValue());
        assertEquals("Actionlog", line.get("Stack"));
        assertEquals(List.of("e2", "e3"), line.get("eventIds"));
        assertNotNull(((Map<?, ?>) line.get("_aws")).get("CloudWatchMetrics"), "an Embedded Metric Format record");
    }

    /** A Firehose that refuses the records whose position is listed, once each, and counts its calls. */
    static FirehoseClient firehose(List<PutRecordBatchRequest> calls, java.util.Set<Integer> refuseOnce) {
        return (FirehoseClient) Proxy.newProxyInstance(FirehoseClient.class.getClassLoader(), new Class<?>[] {FirehoseClient.class}, (proxy, method, args) -> {
            if (method.getName().equals("putRecordBatch") && args[0] instanceof PutRecordBatchRequest request) {
                calls.add(request);
                List<PutRecordBatchResponseEntry> entries = new ArrayList<>();
                int failed = 0;
                for (int i = 0; i < request.records().size(); i++) {
                    int position = ((Number) Json.readObject(request.records().get(i).data().asUtf8String()).get("n")).intValue();
                    boolean refuse = refuseOnce.remove(position);
                    if (refuse) failed++;
                    entries.add(refuse ? PutRecordBatchResponseEntry.builder().errorCode("ServiceUnavailableException").build()
                            : PutRecordBatchResponseEntry.builder().recordId("r" + position).build());
                }
                return PutRecordBatchResponse.builder().failedPutCount(failed).requestResponses(entries).build();
            }
            if (method.isDefault()) return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            throw new UnsupportedOperationException(method.getName());
        });
    }

    @Test
    void shouldSendRefusedRecordsAgainWithinFirehoseBounds_whenFirehoseRefusesSome() {
        List<PutRecordBatchRequest> calls = new ArrayList<>();
        List<Long> sleeps = new ArrayList<>();
        java.util.Set<Integer> refuse = new java.util.HashSet<>(List.of(3, 600, 1199));
        FirehoseArchiveSink sink = new FirehoseArchiveSink(firehose(calls, refuse), "archive", sleeps::add, new Random(1));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1200; i++) rows.add(Map.of("n", i));
        assertEquals(List.of(), sink.deliver(rows, () -> 60_000));
        assertEquals(List.of(500, 500, 200, 3), calls.stream().map(c -> c.records().size()).toList(),
                "500 records per call, then the three refused ones again in one call");
        assertEquals(1, sleeps.size(), "one backoff before the second attempt");
    }

    @Test
    void shouldReturnWhatIsStillRefused_whenTheInvocationRunsOutOfTime() {
        List<PutRecordBatchRequest> calls = new ArrayList<>();
        AtomicLong remaining = new AtomicLong(1_500);
        FirehoseArchiveSink sink = new FirehoseArchiveSink(firehose(calls, new java.util.HashSet<>(List.of(1))), "archive",
                ms -> remaining.addAndGet(-ms), new Random(1));
        assertEquals(List.of(1), sink.deliver(List.of(Map.of("n", 0), Map.of("n", 1), Map.of("n", 2)), () -> 900));
        assertEquals(1, calls.size(), "no retry that would outlast the invocation");
    }
}

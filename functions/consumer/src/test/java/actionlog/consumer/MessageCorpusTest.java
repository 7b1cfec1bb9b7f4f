package actionlog.consumer;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken messages fail alone, with a reason that names the problem, and never fail the batch or crash. */
class MessageCorpusTest {
    static final String VALID = "{\"schema_version\":1,\"event.id\":\"ok\",\"event.received_at\":\"2026-11-22T14:05:00Z\","
            + "\"user.id\":\"u\",\"http.request.method\":\"GET\"}";

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "null", "42", "\"a string\"", "[]", "{", "{\"schema_version\":1,", "<xml/>",
            "{\"schema_version\":\"1\",\"event.id\":\"e\"}", "{\"schema_version\":0}", "{\"schema_version\":1.5}",
            "{\"schema_version\":1,\"event.id\":\"\",\"user.id\":\"u\",\"http.request.method\":\"GET\",\"event.received_at\":\"2026-11-22T14:05:00Z\"}",
            "{\"schema_version\":1,\"event.id\":7,\"user.id\":\"u\",\"http.request.method\":\"GET\",\"event.received_at\":\"2026-11-22T14:05:00Z\"}",
            "{\"schema_version\":1,\"event.id\":\"e\",\"user.id\":\"u\",\"http.request.method\":\"GET\",\"event.received_at\":\"2026-13-45T99:00:00Z\"}",
            "\u0000\u0001\u0002", "{\"schema_version\":1,\"event.id\":\"e\",\"user.id\":\"u\"}\u0000"})
    void eachBrokenMessageFailsAloneWithAReason(String body) {
        FakeDynamo dynamo = new FakeDynamo();
        List<String> logs = new ArrayList<>();
        BatchWriter writer = new BatchWriter(dynamo, "t", Duration.ofDays(1), ms -> {}, new Random(1), logs::add);
        SQSMessage bad = new SQSMessage();
        bad.setMessageId("bad");
        bad.setBody(body);
        SQSMessage good = new SQSMessage();
        good.setMessageId("good");
        good.setBody(VALID);
        SQSBatchResponse response = writer.write(List.of(bad, good), () -> 60_000);
        assertEquals(List.of("bad"), response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(1, dynamo.writes());
        assertEquals(1, logs.size());
        assertTrue(logs.get(0).contains("\"messageId\":\"bad\"") && logs.get(0).contains("\"reason\":\""), logs.get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {200_000, 1_048_576})
    void oversizeMessagesAreRefused(int size) {
        FakeDynamo dynamo = new FakeDynamo();
        List<String> logs = new ArrayList<>();
        BatchWriter writer = new BatchWriter(dynamo, "t", Duration.ofDays(1), ms -> {}, new Random(1), logs::add);
        SQSMessage big = new SQSMessage();
        big.setMessageId("big");
        big.setBody(VALID.replace("\"u\"", "\"" + "u".repeat(size) + "\""));
        SQSBatchResponse response = writer.write(List.of(big), () -> 60_000);
        assertEquals(1, response.getBatchItemFailures().size());
        assertTrue(logs.get(0).contains("bytes") || logs.get(0).contains("longer"), logs.get(0));
        assertEquals(0, dynamo.writes());
    }

    @org.junit.jupiter.api.Test
    void loneSurrogatesAndNoncharactersEscapedInTheJsonAreStoredAsWellFormedKeys() {
        FakeDynamo dynamo = new FakeDynamo();
        BatchWriter writer = new BatchWriter(dynamo, "t", Duration.ofDays(1), ms -> {}, new Random(1), l -> {});
        SQSMessage odd = new SQSMessage();
        odd.setMessageId("odd");
        odd.setBody(VALID.replace("\"user.id\":\"u\"", "\"user.id\":\"u\\ud800\\uffff\"").replace("\"ok\"", "\"e\\udc00\""));
        SQSBatchResponse response = writer.write(List.of(odd), () -> 60_000);
        assertEquals(List.of(), response.getBatchItemFailures());
        var item = dynamo.calls.get(0).get(0).putRequest().item();
        assertEquals("u#u\ufffd\uffff", item.get("pk").s());
        assertEquals("e\ufffd", item.get("eventId").s());
        String stored = BatchWriterTest.storedJson(item);
        assertTrue(stored.contains("u\\ud800\\uffff"), stored);
    }
}

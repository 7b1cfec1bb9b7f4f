package actionlog.local;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Json;
import actionlog.core.QueueLimits;
import actionlog.edge.FallbackSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

class BatchingEventSenderTest {
    /** An SQS seam: records batch sizes, answers as scripted. */
    static final class FakeSqs implements SqsClient {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        volatile Function<SendMessageBatchRequest, SendMessageBatchResponse> answer = FakeSqs::allOk;

        static SendMessageBatchResponse allOk(SendMessageBatchRequest r) {
            return SendMessageBatchResponse.builder().successful(r.entries().stream()
                    .map(e -> SendMessageBatchResultEntry.builder().id(e.id()).messageId("m" + e.id()).build()).toList()).build();
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            batches.add(request.entries().size());
            request.entries().forEach(e -> bodies.add(e.messageBody()));
            return answer.apply(request);
        }

        volatile Function<SendMessageRequest, SendMessageResponse> single = r -> SendMessageResponse.builder().messageId("s").build();
        final List<String> singles = new CopyOnWriteArrayList<>();

        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            SendMessageResponse response = single.apply(request);
            singles.add(request.messageBody());
            return response;
        }

        @Override public String serviceName() { return "sqs"; }
        @Override public void close() {}
    }

    static ActionEvent event(int i) {
        return new ActionEvent().put(ActionEvent.F_ID, "e" + i).put(ActionEvent.F_USER, "u");
    }

    static void sendAll(BatchingEventSender sender, int n) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) sent.add(sender.send(event(i)));
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void sendsInBatchesOfAtMostTenAndLosesNothing() {
        FakeSqs sqs = new FakeSqs();
        List<String> fallback = new CopyOnWriteArrayList<>();
        try (BatchingEventSender sender = new BatchingEventSender(sqs, "q", new FallbackSink(fallback::add),
                Duration.ofSeconds(3), Duration.ofMillis(20), 2, 1000)) {
            sendAll(sender, 95);
        }
        assertEquals(95, sqs.bodies.size());
        assertTrue(sqs.batches.stream().allMatch(n -> n >= 1 && n <= 10), sqs.batches.toString());
        assertTrue(sqs.batches.size() < 95, "batched: " + sqs.batches.size() + " calls");
        assertEquals(List.of(), fallback);
    }

    @Test
    void keepsEveryCallUnderTheBatchPayloadLimit() {
        FakeSqs sqs = new FakeSqs();
        List<Integer> callBytes = new CopyOnWriteArrayList<>();
        sqs.answer = r -> {
            callBytes.add(r.entries().stream().mapToInt(e -> e.messageBody().getBytes(StandardCharsets.UTF_8).length).sum());
            return FakeSqs.allOk(r);
        };
        List<String> fallback = new CopyOnWriteArrayList<>();
        String large = "x".repeat(60_000); // ten of these are 600 KB: SQS would refuse the whole call
        try (BatchingEventSender sender = new BatchingEventSender(sqs, "q", new FallbackSink(fallback::add),
                Duration.ofSeconds(3), Duration.ofMillis(50), 1, 1000)) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) sent.add(sender.send(event(i).put("http.request.body.content", large)));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        }
        assertEquals(10, sqs.bodies.size());
        assertTrue(callBytes.stream().allMatch(b -> b <= QueueLimits.BATCH_BYTES), callBytes.toString());
        assertTrue(sqs.batches.stream().anyMatch(n -> n > 1), "still batched: " + sqs.batches);
        assertEquals(List.of(), fallback);
    }

    @Test
    void refusedEntriesAndFailedCallsGoToTheFallbackSink() {
        FakeSqs sqs = new FakeSqs();
        sqs.answer = r -> SendMessageBatchResponse.builder()
                .successful(r.entries().stream().filter(e -> !e.id().equals("0"))
                        .map(e -> SendMessageBatchResultEntry.builder().id(e.id()).messageId("m").build()).toList())
                .failed(BatchResultErrorEntry.builder().id("0").code("InvalidMessageContents").message("bad").senderFault(true).build())
                .build();
        List<String> fallback = new CopyOnWriteArrayList<>();
        try (BatchingEventSender sender = new BatchingEventSender(sqs, "q", new FallbackSink(fallback::add),
                Duration.ofSeconds(3), Duration.ofMillis(1), 1, 1000)) {
            sendAll(sender, 5);
            int refused = sqs.batches.size(); // entry 0 of every batch was refused
            assertEquals(refused, fallback.size());
            assertTrue(fallback.stream().allMatch(l -> l.contains("SQS refused the message: InvalidMessageContents")));

            sqs.answer = r -> { throw SdkClientException.create("connection refused"); };
            fallback.clear();
            sendAll(sender, 7);
            assertEquals(7, fallback.size(), "every event of a failed call");
            assertTrue(Json.readObject(fallback.get(0)).get("reason").toString().contains("connection refused"));
        }
    }

    @Test
    void aFullBufferFailsOpenAtOnce() {
        FakeSqs sqs = new FakeSqs();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        sqs.answer = r -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeSqs.allOk(r);
        };
        List<String> fallback = new CopyOnWriteArrayList<>();
        try (BatchingEventSender sender = new BatchingEventSender(sqs, "q", new FallbackSink(fallback::add),
                Duration.ofSeconds(3), Duration.ofMillis(1), 1, 5)) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) sent.add(sender.send(event(i)));
            assertFalse(fallback.isEmpty(), "over capacity goes to the fallback sink without waiting");
            assertTrue(fallback.get(0).contains("send buffer full"));
            release.countDown();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            assertEquals(40, sqs.bodies.size() + fallback.size(), "every event is in SQS or the fallback sink");
        }
    }

    static SqsException refused(String code) {
        return (SqsException) SqsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("refused").build()).build();
    }

    @Test
    void aCallRefusedForOneEntryIsRetriedEntryByEntrySoOnlyThatOneFallsBack() {
        FakeSqs sqs = new FakeSqs();
        sqs.answer = r -> {
            if (r.entries().stream().anyMatch(e -> e.messageBody().contains("poison"))) throw refused("InvalidMessageContents");
            return FakeSqs.allOk(r);
        };
        sqs.single = r -> {
            if (r.messageBody().contains("poison")) throw refused("InvalidMessageContents");
            return SendMessageResponse.builder().messageId("s").build();
        };
        List<String> fallback = new CopyOnWriteArrayList<>();
        try (BatchingEventSender sender = new BatchingEventSender(sqs, "q", new FallbackSink(fallback::add),
                Duration.ofSeconds(3), Duration.ofMillis(200), 1, 1000)) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) sent.add(sender.send(event(i).put("action.name", i == 3 ? "poison" : "ok")));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        }
        assertEquals(9, sqs.singles.size(), "the nine innocent events reached the queue");
        assertEquals(1, fallback.size());
        assertTrue(fallback.get(0).contains("poison") && fallback.get(0).contains("InvalidMessageContents"), fallback.get(0));
    }
}

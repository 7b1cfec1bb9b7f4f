package actionlog.support.ops;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

class QueueWriterTest {
    /** An SQS seam that refuses, as a whole call, any batch holding a body with "poison" (and that body alone). */
    static final class PickySqs implements SqsClient {
        final List<String> stored = new CopyOnWriteArrayList<>();

        static SqsException refused() {
            return (SqsException) SqsException.builder().statusCode(400).message("Invalid characters in " + "x".repeat(18_000))
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidMessageContents").build()).build();
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            if (request.entries().stream().anyMatch(e -> e.messageBody().contains("poison"))) throw refused();
            throw new AssertionError("this test only sends batches holding the poison");
        }

        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            if (request.messageBody().contains("poison")) throw refused();
            stored.add(request.messageBody());
            return SendMessageResponse.builder().messageId("m").build();
        }

        @Override public String serviceName() { return "sqs"; }
        @Override public void close() {}
    }

    static String event(int i, String path) {
        return new ActionEvent().put(ActionEvent.F_ID, "e" + i).put(ActionEvent.F_TIME, "2026-11-22T14:05:00Z")
                .put(ActionEvent.F_USER, "u" + i).put(ActionEvent.F_METHOD, "GET").put(ActionEvent.F_PATH, path).toJson();
    }

    @Test
    void aBatchRefusedForOneEntryRejectsThatLineOnlyByNumberAndCode() {
        PickySqs sqs = new PickySqs();
        QueueWriter writer = new QueueWriter(sqs, "q", n -> {});
        for (int i = 1; i <= 10; i++) writer.add(event(i, i == 4 ? "/poison" : "/ok"), "line " + i);
        QueueWriter.Summary summary = writer.finish();
        assertEquals(9, summary.sent());
        assertEquals(9, sqs.stored.size());
        assertEquals(List.of(new QueueWriter.Rejection("line 4", "queue refused it: InvalidMessageContents")), summary.rejected());
    }
}

package actionlog.support.ops;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.QueueLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * The by-hand redrive at the SQS seam: a queue that, like SQS, refuses a SendMessageBatch of more than 10 entries
 * or 256 KiB of bodies as a whole, and has no message move task.
 */
class DeadLettersBatchTest {
    /** The DLQ's messages, what arrived on the events queue, and the size of every SendMessageBatch call. */
    static final class BoundedSqs implements SqsClient {
        final Deque<String> dlq = new ArrayDeque<>();
        final List<String> events = new ArrayList<>();
        final List<Integer> batchBytes = new ArrayList<>();

        @Override
        public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
            return GetQueueAttributesResponse.builder().attributesWithStrings(Map.of(QueueAttributeName.QUEUE_ARN.toString(),
                    "arn:aws:sqs:us-east-1:1:" + request.queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString(),
                    String.valueOf(dlq.size()))).build();
        }

        @Override
        public GetQueueAttributesResponse getQueueAttributes(Consumer<GetQueueAttributesRequest.Builder> request) {
            return getQueueAttributes(GetQueueAttributesRequest.builder().applyMutation(request).build());
        }

        @Override
        public ReceiveMessageResponse receiveMessage(Consumer<ReceiveMessageRequest.Builder> request) {
            int max = ReceiveMessageRequest.builder().applyMutation(request).build().maxNumberOfMessages();
            List<Message> messages = new ArrayList<>();
            int i = 0;
            for (String body : dlq) {
                if (messages.size() == max) break;
                messages.add(Message.builder().messageId("m" + i).receiptHandle(body).body(body).build());
                i++;
            }
            return ReceiveMessageResponse.builder().messages(messages).build();
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> request) {
            SendMessageBatchRequest r = SendMessageBatchRequest.builder().applyMutation(request).build();
            int bytes = r.entries().stream().mapToInt(e -> e.messageBody().getBytes(StandardCharsets.UTF_8).length).sum();
            batchBytes.add(bytes);
            if (r.entries().size() > QueueLimits.BATCH_ENTRIES || bytes > QueueLimits.BATCH_BYTES) {
                throw BatchRequestTooLongException.builder().message("Batch requests cannot be longer than 262144 bytes").build();
            }
            r.entries().forEach(e -> events.add(e.messageBody()));
            return SendMessageBatchResponse.builder().successful(r.entries().stream()
                    .map(e -> SendMessageBatchResultEntry.builder().id(e.id()).messageId(e.id()).build()).toList()).build();
        }

        @Override
        public DeleteMessageBatchResponse deleteMessageBatch(Consumer<DeleteMessageBatchRequest.Builder> request) {
            DeleteMessageBatchRequest.builder().applyMutation(request).build().entries().forEach(e -> dlq.remove(e.receiptHandle()));
            return DeleteMessageBatchResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    }

    @Test
    void tenDeadLettersOf100KiBMoveBackInCallsWithinTheBound() {
        BoundedSqs sqs = new BoundedSqs();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) bodies.add(Character.toString('a' + i).repeat(100 * 1024));
        sqs.dlq.addAll(bodies);

        DeadLetters.Redrive result = new DeadLetters(sqs, "dlq", "events").redrive();
        assertEquals(new DeadLetters.Redrive("receive/send/delete", 10, result.detail()), result);
        assertEquals(bodies, sqs.events);
        assertEquals(List.of(), List.copyOf(sqs.dlq));
        assertEquals(List.of(200 * 1024, 200 * 1024, 200 * 1024, 200 * 1024, 200 * 1024), sqs.batchBytes);
    }
}

package actionlog.support.ops;

import actionlog.core.BatchPacker;
import actionlog.core.EventCodec;
import actionlog.core.InvalidEventException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Operating the dead-letter queue: look at what waits there and why, and move it back. */
public final class DeadLetters {
    /** One waiting message and why it failed. */
    public record Waiting(String messageId, String sentAt, int receives, String reason, String body) {}

    /** The outcome of a redrive. */
    public record Redrive(String method, int moved, String detail) {}

    private final SqsClient sqs;
    private final String dlqUrl;
    private final String queueUrl;

    /** {@code queueUrl} (where a redrive sends messages back) may be null for {@link #peek} and {@link #depth} alone. */
    public DeadLetters(SqsClient sqs, String dlqUrl, String queueUrl) {
        this.sqs = sqs;
        this.dlqUrl = dlqUrl;
        this.queueUrl = queueUrl;
    }

    /**
     * Up to {@code max} waiting messages, left in place (received with a zero visibility timeout). The reason is
     * the consumer's own validation verdict, so it is the same reason its log gave when it refused the message.
     */
    public List<Waiting> peek(int max) {
        Map<String, Waiting> seen = new LinkedHashMap<>();
        for (int round = 0; round < 20 && seen.size() < max; round++) {
            int wait = round == 0 ? 1 : 0;
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10).visibilityTimeout(0)
                    .waitTimeSeconds(wait).messageSystemAttributeNamesWithStrings("All")).messages();
            int before = seen.size();
            for (Message m : messages) {
                if (seen.size() < max) seen.putIfAbsent(m.messageId(), waiting(m));
            }
            if (messages.isEmpty() || seen.size() == before) break;
        }
        return new ArrayList<>(seen.values());
    }

    static Waiting waiting(Message m) {
        String reason;
        try {
            EventCodec.decode(m.body());
            reason = "a valid event that could not be written (the table was unavailable or throttled); "
                    + "redrive it once the table is healthy";
        } catch (InvalidEventException e) {
            reason = e.getMessage();
        }
        String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        String receives = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        String body = m.body().length() > 200 ? m.body().substring(0, 200) + "…" : m.body();
        return new Waiting(m.messageId(), sent == null ? null : java.time.Instant.ofEpochMilli(Long.parseLong(sent)).toString(),
                receives == null ? 0 : Integer.parseInt(receives), reason, body);
    }

    /** Messages waiting in the DLQ now (approximate, as SQS counts). */
    public int depth() {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /**
     * Moves the DLQ's messages back to the events queue: with an SQS message move task where the service has
     * one, else (emulators) by receiving, re-sending and deleting each message.
     */
    public Redrive redrive() {
        if (queueUrl == null) throw new IllegalArgumentException("a redrive needs the events queue; pass --queue-url");
        try {
            String dlqArn = arn(dlqUrl);
            int waiting = depth();
            String handle = sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn).destinationArn(arn(queueUrl))).taskHandle();
            return new Redrive("message move task", waiting, "task " + handle + " started; SQS moves them in the background");
        } catch (SqsException | UnsupportedOperationException e) {
            int moved = moveByHand();
            return new Redrive("receive/send/delete", moved, "message move tasks are not available here ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\\(")[0].trim()) + ")");
        }
    }

    private int moveByHand() {
        int moved = 0;
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10).visibilityTimeout(60)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) return moved;
            List<SendMessageBatchRequestEntry> sends = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                sends.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(messages.get(i).body()).build());
            }
            // a DLQ message can be far larger than an event: ten of them can exceed what one call carries
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (List<SendMessageBatchRequestEntry> batch : BatchPacker.pack(sends, e -> BatchPacker.bytes(e.messageBody()))) {
                var result = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(batch));
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                for (var ok : result.successful()) {
                    Message m = messages.get(Integer.parseInt(ok.id()));
                    deletes.add(DeleteMessageBatchRequestEntry.builder().id(ok.id()).receiptHandle(m.receiptHandle()).build());
                }
                if (!deletes.isEmpty()) sqs.deleteMessageBatch(r -> r.queueUrl(dlqUrl).entries(deletes));
                moved += deletes.size();
                failed.addAll(result.failed());
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException(failed.size() + " message(s) could not be sent back ("
                        + failed.get(0).message() + "); they stay in the DLQ, run redrive again");
            }
        }
    }

    private String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }
}

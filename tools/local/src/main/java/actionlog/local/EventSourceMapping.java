package actionlog.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What Lambda's SQS event source mapping does, for the local runtime: long-poll, gather up to the batch size
 * within the batching window (SQS hands out at most 10 per receive; the window stays open while the queue is
 * momentarily empty), invoke
 * the handler with an {@link SQSEvent}, delete what succeeded, and leave each message named in
 * {@code batchItemFailures} (or all of them if the handler throws) to reappear after the visibility timeout;
 * the queue's redrive policy moves it to the DLQ after maxReceiveCount.
 */
public final class EventSourceMapping implements Runnable, AutoCloseable {
    /** How long an extra poller rests after a batch that was not full. */
    static final long IDLE_REST_MS = 500;
    /** Pause between receives that found nothing while a batching window is open. */
    static final long GATHER_PAUSE_MS = 5;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final long timeoutMs;
    private final int batchSize;
    private final long batchingWindowMs;
    private final boolean primary;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /**
     * @param batchSize        most messages per invocation (as the mapping's BatchSize)
     * @param batchingWindowMs how long to keep gathering after the first message (MaximumBatchingWindowInSeconds)
     */
    public EventSourceMapping(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler, long timeoutMs,
                              int batchSize, long batchingWindowMs) {
        this(sqs, queueUrl, handler, timeoutMs, batchSize, batchingWindowMs, true);
    }

    /**
     * @param primary false for an extra poller that only works while there is a backlog: after a batch that was
     *                not full it rests, as Lambda adds pollers only when the queue grows. Fewer, fuller batches
     *                cost the emulators far less per message than many small ones.
     */
    public EventSourceMapping(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler, long timeoutMs,
                              int batchSize, long batchingWindowMs, boolean primary) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        this.handler = handler;
        this.timeoutMs = timeoutMs;
        this.batchSize = batchSize;
        this.batchingWindowMs = batchingWindowMs;
        this.primary = primary;
        this.thread = new Thread(this, "actionlog-event-source-mapping");
        this.thread.setDaemon(true);
    }

    public EventSourceMapping start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        while (running.get()) {
            try {
                int received = pollOnce(1);
                if (!primary && received < batchSize) sleep(IDLE_REST_MS);
            } catch (SdkException e) {
                if (!running.get()) return;
                System.err.println("event source mapping: receive failed (" + e.getMessage() + "), retrying");
                sleep(500);
            }
        }
    }

    /** One gather-invoke-delete cycle; returns how many messages it received. */
    public int pollOnce(int waitSeconds) {
        List<Message> messages = new ArrayList<>(receive(waitSeconds));
        if (messages.isEmpty()) return 0;
        long deadline = System.nanoTime() + batchingWindowMs * 1_000_000;
        while (messages.size() < batchSize && System.nanoTime() < deadline) {
            List<Message> more = receive(0);
            if (more.isEmpty()) {
                sleep(Math.min(GATHER_PAUSE_MS, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
            } else {
                messages.addAll(more);
            }
        }
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        Map<String, Message> byId = new HashMap<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(sqs.serviceClientConfiguration().region().id());
            records.add(record);
            byId.put(m.messageId(), m);
        }
        event.setRecords(records);
        Set<String> failed = new HashSet<>();
        try {
            Context context = new LocalContext("consumer", timeoutMs);
            SQSBatchResponse response = handler.handleRequest(event, context);
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            System.err.println("consumer threw " + e + "; the whole batch will be retried");
            failed.addAll(byId.keySet());
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
            }
        }
        for (int i = 0; i < deletes.size(); i += 10) { // DeleteMessageBatch takes at most 10 entries
            List<DeleteMessageBatchRequestEntry> chunk = deletes.subList(i, Math.min(deletes.size(), i + 10));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk));
        }
        return messages.size();
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(Math.min(10, batchSize))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNamesWithStrings("All")).messages();
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

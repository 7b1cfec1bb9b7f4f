package actionlog.local;

import actionlog.core.ActionEvent;
import actionlog.core.BatchPacker;
import actionlog.core.Threads;
import actionlog.edge.EventSender;
import actionlog.edge.FallbackSink;
import actionlog.edge.SqsEventSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * For a process that serves many requests at once (the local runtime): events are sent in SendMessageBatch
 * calls of up to 10 entries and 256 KiB, gathered for at most {@code linger}. Fail-open like {@link SqsEventSender}: an entry SQS
 * refuses, a failed or timed-out call, or a full buffer sends the event to the {@link FallbackSink}. A call SQS refuses
 * as a whole for its content (a client error) is retried entry by entry, so only the refused entry goes there. A Lambda
 * environment serves one request at a time, so the edge function itself uses {@link SqsEventSender}.
 */
public final class BatchingEventSender implements EventSender, AutoCloseable {
    private record Pending(String body, int bytes, CompletableFuture<Void> sent) {}

    private final SqsClient sqs;
    private final String queueUrl;
    private final FallbackSink fallback;
    private final Duration timeout;
    private final Duration linger;
    private final BlockingQueue<Pending> buffer;
    private final ExecutorService senders;
    private final Object gathering = new Object();
    private volatile boolean closed;

    public BatchingEventSender(SqsClient sqs, String queueUrl, FallbackSink fallback, Duration timeout, Duration linger,
                               int threads, int capacity) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fallback = fallback;
        this.timeout = timeout;
        this.linger = linger;
        this.buffer = new LinkedBlockingQueue<>(capacity);
        this.senders = Threads.daemonPool("actionlog-send", threads);
        for (int i = 0; i < threads; i++) senders.execute(this::loop);
    }

    @Override
    public CompletableFuture<Void> send(ActionEvent event) {
        String body = event.toJson();
        Pending pending = new Pending(body, BatchPacker.bytes(body), new CompletableFuture<>());
        if (closed || !buffer.offer(pending)) {
            fallback.write(pending.body(), closed ? "sender closed" : "send buffer full (SQS too slow)");
            pending.sent().complete(null);
        }
        return pending.sent();
    }

    private void loop() {
        BatchPacker<Pending> batch = new BatchPacker<>();
        Pending carried = null; // did not fit the previous batch
        while (!closed || !buffer.isEmpty() || carried != null) {
            try {
                // one thread gathers at a time, so batches fill up instead of being split between the threads;
                // the calls themselves overlap
                synchronized (gathering) {
                    Pending first = carried != null ? carried : buffer.poll(100, TimeUnit.MILLISECONDS);
                    carried = null;
                    if (first == null) continue;
                    batch.add(first, first.bytes());
                    long deadline = System.nanoTime() + linger.toNanos();
                    while (batch.fits(0)) {
                        Pending next = buffer.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        if (next == null) break;
                        if (!batch.fits(next.bytes())) {
                            carried = next;
                            break;
                        }
                        batch.add(next, next.bytes());
                    }
                }
                sendBatch(batch.items());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.items().forEach(p -> fail(p, "sender interrupted"));
                if (carried != null) fail(carried, "sender interrupted");
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void sendBatch(List<Pending> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(batch.get(i).body()).build());
        }
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
            for (BatchResultErrorEntry failed : response.failed()) {
                fail(batch.get(Integer.parseInt(failed.id())), "SQS refused the message: " + failed.code() + " " + failed.message());
            }
            batch.forEach(p -> p.sent().complete(null)); // no-op for the failed ones, already completed
        } catch (AwsServiceException e) {
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                String reason = SqsEventSender.reason(e);
                batch.forEach(p -> fail(p, reason));
                return;
            }
            // SQS refused the call because of some entry (invalid characters, size): one bad event must not take the
            // innocent ones with it, so each is sent on its own and only the refused ones go to the fallback sink
            batch.forEach(this::sendOne);
        } catch (RuntimeException e) {
            String reason = SqsEventSender.reason(e);
            batch.forEach(p -> fail(p, reason));
        }
    }

    private void sendOne(Pending pending) {
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(pending.body()).overrideConfiguration(o -> o.apiCallTimeout(timeout)));
            pending.sent().complete(null);
        } catch (RuntimeException e) {
            fail(pending, SqsEventSender.reason(e));
        }
    }

    private void fail(Pending pending, String reason) {
        if (!pending.sent().isDone()) {
            fallback.write(pending.body(), reason);
            pending.sent().complete(null);
        }
    }

    @Override
    public void close() {
        closed = true;
        senders.shutdown();
        try {
            senders.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

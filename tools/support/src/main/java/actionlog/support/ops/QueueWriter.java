package actionlog.support.ops;

import actionlog.core.QueueLimits;
import actionlog.core.ActionEvent;
import actionlog.core.EventCodec;
import actionlog.core.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts events on the events queue as the edge would (one event per message), in SendMessageBatch calls of up
 * to 10 entries and 256 KiB, optionally rate-limited. Each event is validated first, so a bad line is rejected
 * with its reason instead of travelling to the DLQ. Sending the same events again is harmless: the consumer's
 * keys are derived from the events.
 */
public final class QueueWriter {

    /** What happened to one input. */
    public record Rejection(String where, String reason) {}

    public record Summary(int sent, List<Rejection> rejected) {}

    public interface Pacer {
        void pace(int events) throws InterruptedException;
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final Pacer pacer;
    private final List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    private final List<String> batchOrigins = new ArrayList<>();
    private final List<Rejection> rejected = new ArrayList<>();
    private int batchBytes;
    private int sent;

    public QueueWriter(SqsClient sqs, String queueUrl, Pacer pacer) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.pacer = pacer;
    }

    /** A pacer allowing {@code perSecond} events per second (0 = unlimited). */
    public static Pacer rate(double perSecond, LongSupplier nanoClock) {
        if (perSecond <= 0) return n -> {};
        long start = nanoClock.getAsLong();
        long[] released = {0};
        return n -> {
            released[0] += n;
            long due = start + (long) (released[0] / perSecond * 1e9);
            long wait = due - nanoClock.getAsLong();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        };
    }

    /** Adds one event given as JSON; {@code where} names it in a rejection (e.g. "line 12"). */
    public void add(String json, String where) {
        ActionEvent event;
        try {
            event = EventCodec.decode(json);
        } catch (InvalidEventException e) {
            rejected.add(new Rejection(where, e.getMessage()));
            return;
        }
        String body = event.toJson();
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (batch.size() == QueueLimits.BATCH_ENTRIES || batchBytes + bytes > QueueLimits.BATCH_BYTES) flush();
        batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size())).messageBody(body).build());
        batchOrigins.add(where);
        batchBytes += bytes;
    }

    public void flush() {
        if (batch.isEmpty()) return;
        try {
            pacer.pace(batch.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
        SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        sent += response.successful().size();
        for (BatchResultErrorEntry failed : response.failed()) {
            rejected.add(new Rejection(batchOrigins.get(Integer.parseInt(failed.id())),
                    "queue refused it: " + failed.code() + " " + failed.message()));
        }
        batch.clear();
        batchOrigins.clear();
        batchBytes = 0;
    }

    public int sent() {
        return sent;
    }

    public Summary finish() {
        flush();
        return new Summary(sent, List.copyOf(rejected));
    }
}

package actionlog.support.ops;

import actionlog.core.ActionEvent;
import actionlog.core.BatchPacker;
import actionlog.core.EventCodec;
import actionlog.core.InvalidEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
    private final BatchPacker<SendMessageBatchRequestEntry> batch = new BatchPacker<>();
    private final List<String> batchOrigins = new ArrayList<>();
    private final List<Rejection> rejected = new ArrayList<>();
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
        int bytes = BatchPacker.bytes(body);
        if (!batch.fits(bytes)) flush();
        batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size())).messageBody(body).build(), bytes);
        batchOrigins.add(where);
    }

    public void flush() {
        if (batch.isEmpty()) return;
        try {
            pacer.pace(batch.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<SendMessageBatchRequestEntry> entries = List.copyOf(batch.items());
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            sent += response.successful().size();
            for (BatchResultErrorEntry failed : response.failed()) {
                rejected.add(new Rejection(batchOrigins.get(Integer.parseInt(failed.id())), "queue refused it: " + failed.code()));
            }
        } catch (AwsServiceException e) {
            if (e.statusCode() >= 500 || e.isThrottlingException()) throw new IllegalStateException(refusal(e), e);
            // the queue refused the call for its content: send each entry alone, so only the bad one is rejected
            for (int i = 0; i < entries.size(); i++) {
                String body = entries.get(i).messageBody();
                try {
                    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
                    sent++;
                } catch (AwsServiceException single) {
                    if (single.statusCode() >= 500 || single.isThrottlingException()) throw new IllegalStateException(refusal(single), single);
                    rejected.add(new Rejection(batchOrigins.get(i), refusal(single)));
                }
            }
        }
        batch.clear();
        batchOrigins.clear();
    }

    /** Names the queue's error code only: an SQS error message may quote the message body, i.e. users' data. */
    private static String refusal(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return "queue refused it: " + (code == null ? "HTTP " + e.statusCode() : code);
    }

    public int sent() {
        return sent;
    }

    public Summary finish() {
        flush();
        return new Summary(sent, List.copyOf(rejected));
    }
}

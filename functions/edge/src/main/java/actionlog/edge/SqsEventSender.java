package actionlog.edge;

import actionlog.core.ActionEvent;
import actionlog.core.Threads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Fail-open SQS sender: each send runs on a small pool so it overlaps whatever the request does next; a send
 * that fails or outlives its timeout writes the event to the {@link FallbackSink} instead. A late success after
 * a timeout only means the event exists twice upstream, and the consumer's idempotent keys fold that into one.
 */
public final class SqsEventSender implements EventSender, AutoCloseable {
    private final SqsClient sqs;
    private final String queueUrl;
    private final FallbackSink fallback;
    private final Duration timeout;
    private final ExecutorService pool;

    public SqsEventSender(SqsClient sqs, String queueUrl, FallbackSink fallback, Duration timeout, int threads) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fallback = fallback;
        this.timeout = timeout;
        this.pool = Threads.daemonPool("actionlog-send", threads);
    }

    @Override
    public CompletableFuture<Void> send(ActionEvent event) {
        String body = event.toJson();
        return CompletableFuture
                .runAsync(() -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)), pool)
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    fallback.write(body, reason(failure));
                    return null;
                });
    }

    public static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) return "SQS send timed out";
        if (cause instanceof AwsServiceException refused && refused.awsErrorDetails() != null) {
            return "SQS refused the message: " + refused.awsErrorDetails().errorCode() + " (HTTP " + refused.statusCode() + ")";
        }
        return "SQS send failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}

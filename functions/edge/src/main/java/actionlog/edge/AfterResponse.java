package actionlog.edge;

import java.util.concurrent.CompletableFuture;

/**
 * Who finishes a send after the handler has returned. In Lambda that is the {@link PostResponseFlush}
 * extension; the local runtime's HTTP server keeps running anyway, so it only needs to let sends be.
 */
public interface AfterResponse {
    void track(CompletableFuture<?> send);

    default void invocationFinished() {}

    /** The handler returned from invocation {@code requestId} (Lambda's {@code context.getAwsRequestId()}). */
    default void invocationFinished(String requestId) {
        invocationFinished();
    }

    /** For a process that outlives every request (the local runtime): sends complete on their own. */
    AfterResponse LONG_LIVED_PROCESS = send -> {};
}

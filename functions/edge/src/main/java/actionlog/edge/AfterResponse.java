package actionlog.edge;

import java.util.concurrent.CompletableFuture;

/**
 * Who finishes a send after the handler has returned. In Lambda that is the {@link PostResponseFlush}
 * extension. (The local runtime calls {@link EdgeService} directly: its process outlives every send.)
 */
public interface AfterResponse {
    void track(CompletableFuture<?> send);

    default void invocationFinished() {}

    /** The handler returned from invocation {@code requestId} (Lambda's {@code context.getAwsRequestId()}). */
    default void invocationFinished(String requestId) {
        invocationFinished();
    }
}

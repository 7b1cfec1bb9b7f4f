package actionlog.core;

import java.time.Duration;

/**
 * How long an event takes from the table to the archive, read by the CDK app (which configures the stream's batching
 * window and Firehose's buffer with these), the local runtime (its writer's flush) and {@code forget} (which waits
 * this long, so an event stored just before an erasure is archived before the archive's rows are deleted).
 */
public final class ArchiveDelivery {
    private ArchiveDelivery() {}

    /** The archive function's batching window on the table's stream. */
    public static final int STREAM_WINDOW_SECONDS = 10;
    /**
     * Firehose's buffering interval for the Iceberg table: a commit at most every minute keeps rows queryable within a
     * minute or two; the stack's daily compaction merges the small files this makes.
     */
    public static final int FIREHOSE_BUFFER_SECONDS = 60;
    /** The local runtime's writer: rows gathered this long become one Parquet file per day they fall on. */
    public static final int LOCAL_FLUSH_MS = 1_000;
    /** How often the local runtime reads the table's stream. */
    public static final int LOCAL_STREAM_POLL_MS = 250;

    /** The longest an event stored now may take to reach the archive, with a margin (Firehose retries aside). */
    public static Duration settle(boolean local) {
        return local ? Duration.ofMillis(LOCAL_STREAM_POLL_MS + LOCAL_FLUSH_MS + 2_000)
                : Duration.ofSeconds(STREAM_WINDOW_SECONDS + FIREHOSE_BUFFER_SECONDS + 30);
    }
}

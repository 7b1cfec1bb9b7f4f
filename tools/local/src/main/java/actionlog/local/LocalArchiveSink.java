package actionlog.local;

import actionlog.consumer.ArchiveSink;
import actionlog.core.ArchiveDelivery;
import actionlog.core.Threads;
import actionlog.support.archive.LocalArchive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The local runtime's stand-in for Firehose: takes rows into a buffer and writes them every
 * {@link ArchiveDelivery#LOCAL_FLUSH_MS} as new Parquet files, off the chain's path (a write costs a DuckDB COPY, so
 * one per second instead of one per batch). Rows a write fails on stay buffered and are written with the next; when
 * the buffer is full, new rows are refused, and the stream hands them over again later.
 */
final class LocalArchiveSink implements ArchiveSink, AutoCloseable {
    /** Rows kept while writes fail (e.g. a full disk) before new ones are refused. */
    static final int MAX_BUFFERED = 200_000;

    private final LocalArchive archive;
    private final ScheduledExecutorService flusher = Threads.daemonScheduler("actionlog-archive-writer");
    private final List<Map<String, Object>> buffer = new ArrayList<>();

    LocalArchiveSink(LocalArchive archive) {
        this.archive = archive;
        flusher.scheduleWithFixedDelay(this::flush, ArchiveDelivery.LOCAL_FLUSH_MS, ArchiveDelivery.LOCAL_FLUSH_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized List<Integer> deliver(List<Map<String, Object>> rows, LongSupplier remainingMs) {
        int room = Math.max(0, MAX_BUFFERED - buffer.size());
        buffer.addAll(rows.subList(0, Math.min(room, rows.size())));
        List<Integer> refused = new ArrayList<>();
        for (int i = room; i < rows.size(); i++) refused.add(i);
        return refused;
    }

    /** Writes what is buffered; on failure keeps it for the next flush. */
    void flush() {
        List<Map<String, Object>> rows;
        synchronized (this) {
            if (buffer.isEmpty()) return;
            rows = new ArrayList<>(buffer);
            buffer.clear();
        }
        try {
            archive.append(rows);
        } catch (RuntimeException e) {
            System.err.println("local archive: " + e.getMessage() + "; " + rows.size() + " row(s) kept for the next write");
            synchronized (this) {
                buffer.addAll(0, rows);
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}

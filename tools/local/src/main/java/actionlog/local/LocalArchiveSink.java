package actionlog.local;

import actionlog.consumer.ArchiveSink;
import actionlog.core.ArchiveDelivery;
import actionlog.core.ArchiveSchema;
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
 * one per second instead of one per batch). When the directory cannot be written, rows stay buffered for the next
 * write (when the buffer is full, new rows are refused and the stream hands them over again later); a row the writer
 * refuses on its own is reported and left out, never holding the others back.
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
            if (!archive.dir().toFile().canWrite()) { // the place, not the rows: keep them for the next write
                System.err.println("local archive: " + e.getMessage() + "; " + rows.size() + " row(s) kept for the next write");
                synchronized (this) {
                    buffer.addAll(0, rows);
                }
                return;
            }
            bisect(rows, e); // one row the writer refuses never takes the others with it
        }
    }

    /** Writes the halves apart until the rows the writer refuses stand alone; those are reported and left out. */
    private void bisect(List<Map<String, Object>> rows, RuntimeException cause) {
        if (rows.size() == 1) {
            System.err.println("local archive: event " + rows.get(0).get(ArchiveSchema.EVENT_ID) + " not archived ("
                    + cause.getMessage() + "); the table keeps it");
            return;
        }
        for (List<Map<String, Object>> half : List.of(rows.subList(0, rows.size() / 2), rows.subList(rows.size() / 2, rows.size()))) {
            try {
                archive.append(half);
            } catch (RuntimeException e) {
                bisect(half, e);
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

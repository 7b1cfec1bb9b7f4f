package actionlog.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The one packer for batch calls: by default SQS SendMessageBatch's, at most {@link QueueLimits#BATCH_ENTRIES} entries and
 * {@link QueueLimits#BATCH_BYTES} bytes of message bodies per call. Every place that sends batches (the local
 * edge's sender, replay/recover, the DLQ redrive, the archive's Firehose sender with Firehose's bounds) fills its calls
 * with it. An entry larger than the byte bound on its own travels in a batch of its own, so it is refused alone and
 * never takes others with it.
 *
 * <p>Not thread-safe: one packer per batch being gathered.
 */
public final class BatchPacker<T> {
    private final List<T> items = new ArrayList<>();
    private final int maxEntries;
    private final long maxBytes;
    private int bytes;

    /** SQS's bounds. */
    public BatchPacker() {
        this(QueueLimits.BATCH_ENTRIES, QueueLimits.BATCH_BYTES);
    }

    /** Another service's bounds, e.g. Firehose PutRecordBatch's 500 records and 4 MiB. */
    public BatchPacker(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The size SQS counts for a message body: its UTF-8 bytes. */
    public static int bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Splits {@code items}, in order, into batches within both bounds. */
    public static <T> List<List<T>> pack(List<T> items, ToIntFunction<T> size) {
        return pack(items, size, new BatchPacker<>());
    }

    /** As {@link #pack(List, ToIntFunction)}, within other bounds. */
    public static <T> List<List<T>> pack(List<T> items, ToIntFunction<T> size, int maxEntries, long maxBytes) {
        return pack(items, size, new BatchPacker<>(maxEntries, maxBytes));
    }

    private static <T> List<List<T>> pack(List<T> items, ToIntFunction<T> size, BatchPacker<T> packer) {
        List<List<T>> batches = new ArrayList<>();
        for (T item : items) {
            int n = size.applyAsInt(item);
            if (!packer.fits(n)) batches.add(packer.drain());
            packer.add(item, n);
        }
        if (!packer.isEmpty()) batches.add(packer.drain());
        return batches;
    }

    /** Whether an entry of {@code size} bytes can join this batch; an empty batch takes any entry. */
    public boolean fits(int size) {
        return items.isEmpty() || (items.size() < maxEntries && (long) bytes + size <= maxBytes);
    }

    /** Adds an entry; call {@link #fits} first (and {@link #drain} when it does not fit). */
    public void add(T item, int size) {
        if (!fits(size)) {
            throw new IllegalStateException("the batch is full (" + items.size() + " entries, " + bytes + " bytes); send it first");
        }
        items.add(item);
        bytes += size;
    }

    /** The entries so far, in order (a read-only view). */
    public List<T> items() {
        return Collections.unmodifiableList(items);
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Body bytes so far. */
    public int byteCount() {
        return bytes;
    }

    /** Returns the entries and starts an empty batch. */
    public List<T> drain() {
        List<T> batch = List.copyOf(items);
        clear();
        return batch;
    }

    public void clear() {
        items.clear();
        bytes = 0;
    }
}

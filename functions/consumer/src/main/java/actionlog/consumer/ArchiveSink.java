package actionlog.consumer;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** Where archive rows go: Firehose's Iceberg delivery when deployed, Parquet files of the local runtime locally. */
public interface ArchiveSink {
    /**
     * Delivers rows ({@link actionlog.core.ArchiveSchema#row}), retrying what is refused while {@code remainingMs} allows.
     *
     * @return the positions in {@code rows} that were not delivered, ascending; empty when all were
     */
    List<Integer> deliver(List<Map<String, Object>> rows, LongSupplier remainingMs);
}

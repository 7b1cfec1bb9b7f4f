package actionlog.support.archive;

import actionlog.core.ActionEvent;
import actionlog.core.ArchiveSchema;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Fills the archive from the table: every event of a time range that is not archived yet, each once — run it twice
 * and the second run adds nothing. It reads the table hour by hour through the search index (a Query per hour bucket
 * and shard, then the events by key), so it costs what a {@code search} of the range costs and never Scans.
 * Locally the rows go straight into the Parquet files ({@link LocalArchive#insertMissing}); deployed they are staged as
 * Parquet under {@value ArchiveSchema#BACKFILL_PREFIX} in the archive bucket and MERGEd into the Iceberg table in one
 * statement that inserts only unmatched event ids, then the staged files are deleted.
 */
public final class ArchiveBackfill {
    /** Rows per staged Parquet file (deployed). */
    static final int STAGE_ROWS = 100_000;

    /** @param read events read from the table; @param added rows the archive did not have */
    public record Result(long read, long added) {}

    private interface Target extends AutoCloseable {
        /** Takes one hour's rows. */
        void add(List<Map<String, Object>> rows);

        /** Ends the run; returns the rows added. */
        long finish(TimeRange range);

        @Override
        default void close() { }
    }

    private final EventStore store;
    private final Consumer<String> progress;

    public ArchiveBackfill(EventStore store, Consumer<String> progress) {
        this.store = store;
        this.progress = progress;
    }

    public Result intoLocal(TimeRange range, LocalArchive archive) {
        long[] added = {0};
        return run(range, new Target() {
            @Override
            public void add(List<Map<String, Object>> rows) {
                added[0] += archive.insertMissing(rows);
            }

            @Override
            public long finish(TimeRange r) {
                return added[0];
            }
        });
    }

    /** Deployed: stage in {@code bucket}, MERGE with {@code athena}. */
    public Result intoAthena(TimeRange range, AthenaSql athena, S3Client s3, String bucket) {
        return run(range, new Staging(athena, s3, bucket, progress));
    }

    private Result run(TimeRange range, Target target) {
        if (range.fromMs() <= 0) throw new IllegalArgumentException("a back-fill needs a start; pass --since (e.g. 30d) or --from");
        long to = Math.min(range.toMs(), System.currentTimeMillis());
        long hour = 3_600_000L;
        long read = 0;
        try (target) {
            for (long start = range.fromMs() - Math.floorMod(range.fromMs(), hour); start <= to; start += hour) {
                TimeRange slice = new TimeRange(Math.max(start, range.fromMs()), Math.min(start + hour - 1, to));
                List<ActionEvent> events = store.search(slice, EventStore.Filters.NONE, 0);
                if (!events.isEmpty()) target.add(events.stream().map(ArchiveSchema::row).toList());
                read += events.size();
                progress.accept(Instant.ofEpochMilli(start) + ": " + events.size() + " event(s) read, " + read + " in all");
            }
            return new Result(read, target.finish(new TimeRange(range.fromMs(), to)));
        }
    }

    /** Rows staged as Parquet in the archive bucket, then one MERGE into the Iceberg table. */
    private static final class Staging implements Target {
        private final AthenaSql athena;
        private final S3Client s3;
        private final String bucket;
        private final Consumer<String> progress;
        private final String run = UUID.randomUUID().toString();
        private final List<Map<String, Object>> pending = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final Path scratch;

        Staging(AthenaSql athena, S3Client s3, String bucket, Consumer<String> progress) {
            this.athena = athena;
            this.s3 = s3;
            this.bucket = bucket;
            this.progress = progress;
            try {
                this.scratch = Files.createTempDirectory("actionlog-backfill");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void add(List<Map<String, Object>> rows) {
            pending.addAll(rows);
            if (pending.size() >= STAGE_ROWS) upload();
        }

        private void upload() {
            if (pending.isEmpty()) return;
            Path file = scratch.resolve("part-" + keys.size() + ".parquet");
            new LocalArchive(scratch).writeParquet(pending, file);
            String key = ArchiveSchema.BACKFILL_PREFIX + run + "/" + file.getFileName();
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
            keys.add(key);
            progress.accept("staged " + pending.size() + " row(s) as s3://" + bucket + "/" + key);
            pending.clear();
            try {
                Files.delete(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }

        @Override
        public long finish(TimeRange range) {
            upload();
            if (keys.isEmpty()) return 0;
            String columns = ArchiveSchema.COLUMNS.stream().map(ArchiveSchema.Column::name).collect(Collectors.joining(", "));
            String values = ArchiveSchema.COLUMNS.stream().map(c -> "s." + c.name()).collect(Collectors.joining(", "));
            LocalDate first = Instant.ofEpochMilli(range.fromMs()).atOffset(ZoneOffset.UTC).toLocalDate();
            LocalDate last = Instant.ofEpochMilli(range.toMs()).atOffset(ZoneOffset.UTC).toLocalDate();
            // the day bounds let Athena read only the target's days in range; the event id decides what is new
            String merge = "MERGE INTO " + ArchiveSchema.TABLE + " t USING (SELECT * FROM " + ArchiveSchema.BACKFILL_TABLE
                    + " WHERE \"$path\" LIKE ?) s ON t." + ArchiveSchema.DAY + " BETWEEN ? AND ? AND t." + ArchiveSchema.DAY
                    + " = s." + ArchiveSchema.DAY + " AND t." + ArchiveSchema.EVENT_ID + " = s." + ArchiveSchema.EVENT_ID
                    + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (" + values + ")";
            progress.accept("merging the staged rows into " + ArchiveSchema.TABLE + " (" + athena.describe() + ")");
            return athena.update(merge, List.of("%/" + ArchiveSchema.BACKFILL_PREFIX + run + "/%", first, last));
        }

        @Override
        public void close() {
            for (String key : keys) s3.deleteObject(r -> r.bucket(bucket).key(key));
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }
}

package actionlog.support.archive;

import actionlog.core.ArchiveSchema;
import actionlog.core.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local runtime's archive: the table {@code events} as Parquet files in the layout of the deployed Iceberg table's
 * data, {@code <dir>/events/data/event_date=2026-11-22/part-….parquet} (one directory per UTC day, so a query of one
 * day reads one day), written and read with DuckDB's embedded engine and its built-in Parquet support. Nothing is
 * downloaded: extension auto-install and auto-load are off.
 *
 * <p>Files are immutable; changes (erasure, compaction) write new files and delete the old ones. Every change holds an
 * exclusive lock on {@code <dir>/.lock} and every read a shared one, so the local runtime writing, {@code forget
 * --local} rewriting and {@code sql --local} reading — three processes — never see half a change.
 */
public final class LocalArchive {
    /** A day with more small files than this has them merged into one after a write: reads then open few files. */
    static final int COMPACT_AT_FILES = 32;
    /**
     * Files from this size on are left alone by compaction: merging only the small ones keeps each write's cost
     * bounded however large the day grows (a day ends as a few large files plus fewer than 32 small ones).
     */
    static final long LARGE_FILE_BYTES = 32L * 1024 * 1024;

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;

    /** @param dir the archive directory (created on the first write) */
    public LocalArchive(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** Where the table's data files are: one directory per day. */
    public Path dataDir() {
        return dir.resolve(ArchiveSchema.TABLE).resolve("data");
    }

    /** Every data file, in name order. */
    public List<Path> files() {
        if (!Files.isDirectory(dataDir())) return List.of();
        try (Stream<Path> walk = Files.walk(dataDir(), 2)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDir() + ": " + e.getMessage(), e);
        }
    }

    /** A DuckDB connection that never downloads anything (no extension auto-install or auto-load), in UTC. */
    static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute("SET TimeZone = 'UTC'"); // current_date and timestamps as Athena has them
        }
        return connection;
    }

    /** Appends rows ({@link ArchiveSchema#row}) as new files, one per day they fall on; then compacts crowded days. */
    public void append(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) return;
        try (Lock lock = lock(false); Connection c = connect(); Staged staged = stage(rows)) {
            copyIntoData(c, "SELECT * FROM " + staged.select());
            compactCrowdedDays(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the local archive in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds the rows whose event is not archived yet (same {@code event_id} on the same day), each once: run twice,
     * the second run adds nothing. Returns how many were added.
     */
    public long insertMissing(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) return 0;
        try (Lock lock = lock(false); Connection c = connect(); Staged staged = stage(rows)) {
            String fresh = "SELECT * FROM " + staged.select() + " QUALIFY row_number() OVER (PARTITION BY " + ArchiveSchema.EVENT_ID + ") = 1";
            String missing = files().isEmpty() ? fresh : "SELECT s.* FROM (" + fresh + ") s WHERE NOT EXISTS (SELECT 1 FROM "
                    + readAll() + " a WHERE a." + ArchiveSchema.EVENT_ID + " = s." + ArchiveSchema.EVENT_ID
                    + " AND a." + ArchiveSchema.DAY + " = s." + ArchiveSchema.DAY + ")";
            long added;
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE missing AS " + missing);
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM missing")) {
                    r.next();
                    added = r.getLong(1);
                }
            }
            if (added > 0) copyIntoData(c, "SELECT * FROM missing");
            compactCrowdedDays(c);
            return added;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the local archive in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Right to erasure: rewrites every file holding a row of the user (or an anonymous row of one of their sessions)
     * without those rows, and deletes the old file. Returns how many rows were removed.
     */
    public long erase(String userId, List<ArchiveEraser.Window> windows) {
        try (Lock lock = lock(false); Connection c = connect()) {
            String match = ArchiveEraser.match(windows);
            List<Object> parameters = ArchiveEraser.parameters(userId, windows);
            long removed = 0;
            for (Path file : files()) {
                long hits = count(c, "SELECT count(*) FROM " + readFile(file) + " WHERE " + match, parameters);
                if (hits == 0) continue;
                Path rewritten = file.resolveSibling(file.getFileName() + ".tmp");
                try (PreparedStatement s = c.prepareStatement("COPY (SELECT * FROM " + readFile(file) + " WHERE NOT (" + match
                        + ")) TO '" + sqlPath(rewritten) + "' (FORMAT parquet, COMPRESSION zstd)")) {
                    bind(s, parameters);
                    s.execute();
                }
                Files.move(rewritten, file.resolveSibling(file.getFileName().toString().replace(".parquet", "-e.parquet")));
                Files.delete(file);
                removed += hits;
            }
            return removed;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot erase from the local archive in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes rows as one Parquet file with every column (the day too): what a back-fill stages for Athena to MERGE. */
    public void writeParquet(List<Map<String, Object>> rows, Path file) {
        try (Connection c = connect(); Staged staged = stage(rows); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM " + staged.select() + ") TO '" + sqlPath(file) + "' (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** SQL over the archive; each query reads under a shared lock. */
    public SqlEngine sql() {
        return new DuckDbSql(this);
    }

    /**
     * The relation of every row, as the table {@code events} shows it: the files' columns plus {@code event_date} from
     * the directory names; an empty relation of the same columns when nothing is archived yet.
     */
    String readAll() {
        if (files().isEmpty()) {
            return "(SELECT " + ArchiveSchema.COLUMNS.stream().map(c -> "CAST(NULL AS " + duckType(c.type()) + ") AS " + c.name())
                    .collect(Collectors.joining(", ")) + " WHERE false)";
        }
        return "read_parquet('" + sqlPath(dataDir()) + "/*/*.parquet', hive_partitioning = true, hive_types = {'"
                + ArchiveSchema.DAY + "': DATE}, union_by_name = true)";
    }

    /** One file on its own (the day comes from its directory, not from the file). */
    private static String readFile(Path file) {
        return "read_parquet('" + sqlPath(file) + "', hive_partitioning = false)";
    }

    private static long count(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement s, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) s.setString(i + 1, String.valueOf(parameters.get(i)));
    }

    /** Writes a relation holding every column into new files of the data directory, one per day. */
    private void copyIntoData(Connection c, String select) throws SQLException {
        try {
            Files.createDirectories(dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir() + ": " + e.getMessage(), e);
        }
        try (Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + sqlPath(dataDir()) + "' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ("
                    + ArchiveSchema.DAY + "), APPEND, FILENAME_PATTERN 'part-" + System.currentTimeMillis() + "-{uuid}')");
        }
    }

    /** Days with more than {@link #COMPACT_AT_FILES} small files get them merged into one. */
    private void compactCrowdedDays(Connection c) throws SQLException {
        if (!Files.isDirectory(dataDir())) return;
        List<Path> days;
        try (Stream<Path> list = Files.list(dataDir())) {
            days = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path day : days) {
            List<Path> files = files().stream().filter(f -> f.getParent().equals(day) && size(f) < LARGE_FILE_BYTES).toList();
            if (files.size() <= COMPACT_AT_FILES) continue;
            Path compacted = day.resolve("part-" + System.currentTimeMillis() + "-compacted.parquet");
            Path tmp = compacted.resolveSibling(compacted.getFileName() + ".tmp");
            String list = files.stream().map(f -> "'" + sqlPath(f) + "'").collect(Collectors.joining(", "));
            try (Statement s = c.createStatement()) {
                s.execute("COPY (SELECT * FROM read_parquet([" + list + "], hive_partitioning = false, union_by_name = true)) TO '"
                        + sqlPath(tmp) + "' (FORMAT parquet, COMPRESSION zstd)");
            }
            try {
                Files.move(tmp, compacted);
                for (Path f : files) Files.delete(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compact " + day + ": " + e.getMessage(), e);
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Rows as a newline-delimited JSON file DuckDB reads with the archive's column types. */
    private Staged stage(List<Map<String, Object>> rows) {
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "staged-", ".jsonl");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Map<String, Object> row : rows) {
                    out.write(Json.write(row));
                    out.write('\n');
                }
            }
            return new Staged(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage rows in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A staged file: {@link #select()} reads it as typed columns; closing deletes it. */
    private record Staged(Path file) implements AutoCloseable {
        String select() {
            String types = ArchiveSchema.COLUMNS.stream()
                    .map(c -> "'" + c.name() + "': '" + (c.type() == ArchiveSchema.Type.TIMESTAMP ? "BIGINT" : duckType(c.type())) + "'")
                    .collect(Collectors.joining(", "));
            String columns = ArchiveSchema.COLUMNS.stream()
                    .map(c -> c.type() == ArchiveSchema.Type.TIMESTAMP ? "make_timestamp(" + c.name() + ") AS " + c.name() : c.name())
                    .collect(Collectors.joining(", "));
            return "(SELECT " + columns + " FROM read_json('" + sqlPath(file) + "', format = 'newline_delimited', columns = {"
                    + types + "}))";
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file in the archive directory; the next write leaves it be
            }
        }
    }

    /** The DuckDB type of an archive column. */
    public static String duckType(ArchiveSchema.Type type) {
        return switch (type) {
            case BIGINT -> "BIGINT";
            case STRING -> "VARCHAR";
            case TIMESTAMP -> "TIMESTAMP";
            case DATE -> "DATE";
            case STRING_MAP -> "MAP(VARCHAR, VARCHAR)";
            case STRING_LIST -> "VARCHAR[]";
        };
    }

    /** A path inside a SQL string literal. */
    static String sqlPath(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }

    /**
     * Shared (reads) or exclusive (changes) access to the archive, across processes ({@code <dir>/.lock}) and within
     * this one (file locks are per process, so threads of one process take turns).
     */
    Lock lock(boolean shared) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock file = channel.lock(0, Long.MAX_VALUE, shared);
            return new Lock(local, channel, file);
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw new IllegalStateException("cannot lock the local archive in " + dir + ": " + e.getMessage(), e);
        }
    }

    record Lock(ReentrantLock local, FileChannel channel, FileLock file) implements AutoCloseable {
        @Override
        public void close() {
            try {
                file.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            } finally {
                local.unlock();
            }
        }
    }

    /** The archive's size on disk: bytes of its data files (what a query of everything would read at most). */
    public long bytes() {
        long total = 0;
        for (Path file : files()) {
            try {
                total += Files.size(file);
            } catch (IOException ignored) {
                // removed meanwhile by a compaction
            }
        }
        return total;
    }

    /** Files of one day directory, e.g. to measure what a query of that day reads. */
    public List<Path> filesOf(java.time.LocalDate day) {
        Path d = dataDir().resolve(ArchiveSchema.DAY + "=" + day);
        return files().stream().filter(f -> f.getParent().equals(d)).collect(Collectors.toCollection(ArrayList::new));
    }
}

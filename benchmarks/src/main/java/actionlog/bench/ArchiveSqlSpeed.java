package actionlog.bench;

import actionlog.core.ArchiveSchema;
import actionlog.core.EventCodec;
import actionlog.core.Json;
import actionlog.support.archive.LocalArchive;
import actionlog.support.archive.SqlEngine;
import actionlog.support.archive.SqlResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * `sql --local` over a large archive: N events (default 10,000,000) over D days (default 30) are generated straight into
 * the local archive's layout (Parquet by day, zstd, with DuckDB's own generator: 10 M rows through the JSON writer
 * would measure the generator, not the query), then timed through the engine `sql --local` uses: a day's GROUP BY,
 * the same over every day, and one user across every day (median of 5 after a first, cold run). It also prints what a
 * query of one day would cost on Athena, from the compressed sizes of the column chunks it reads; and what the local
 * archive writer costs per event (rows through {@link LocalArchive#append} in batches of 1,000, as the runtime flushes).
 *
 * <p>Run: {@code benchmarks/run.sh archive [events] [days]}.
 */
public final class ArchiveSqlSpeed {
    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("actionlog-bench-archive");
        LocalArchive archive = new LocalArchive(dir);
        LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        LocalDate first = last.minusDays(days - 1);
        long generate = System.nanoTime();
        generate(archive, n, first, days);
        System.out.printf("generated %,d events over %d days in %.0f s: %,d files, %,d bytes (%.0f bytes per event)%n%n",
                n, days, (System.nanoTime() - generate) / 1e9, archive.files().size(), archive.bytes(), archive.bytes() / (double) n);

        LocalDate day = first.plusDays(days / 2);
        String dayGroupBy = "SELECT url_path, count(*) AS requests, count_if(http_response_status_code >= 500) AS errors FROM events "
                + "WHERE event_date = DATE '" + day + "' GROUP BY url_path ORDER BY requests DESC LIMIT 10";
        String allGroupBy = "SELECT event_date, count(*) AS requests, count_if(http_response_status_code >= 500) AS errors "
                + "FROM events GROUP BY event_date ORDER BY event_date";
        String oneUser = "SELECT count(*) AS n FROM events WHERE user_id = 'user42'";
        System.out.println("| query | rows read | first run | median of 5 |");
        System.out.println("|---|---|---|---|");
        try (SqlEngine sql = archive.sql()) {
            time(sql, "a day's GROUP BY url_path (`event_date = DATE '…'`)", dayGroupBy, n / days);
            time(sql, "every day's GROUP BY event_date", allGroupBy, n);
            time(sql, "one user across every day (`user_id = 'user42'`)", oneUser, n);
        }
        System.out.println();
        athenaBytes(archive, day, n / days);
        System.out.println();
        writerCost(Files.createTempDirectory("actionlog-bench-writer"));
    }

    /** Rows written with DuckDB's generator, every column of the schema, into the archive's day directories. */
    static void generate(LocalArchive archive, long n, LocalDate first, int days) throws Exception {
        long start = first.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        long step = days * 86_400_000_000L / n;
        Map<String, String> values = new LinkedHashMap<>();
        for (ArchiveSchema.Column c : ArchiveSchema.COLUMNS) values.put(c.name(), "NULL");
        values.put("schema_version", "1");
        values.put("event_id", "'e' || i");
        values.put("event_kind", "'http'");
        values.put("event_received_at", "make_timestamp(" + start + " + i * " + step + ")");
        values.put("user_id", "'user' || (hash(i // 40) % 100000)");
        values.put("user_id_source", "CASE WHEN i % 7 = 0 THEN 'anonymous' ELSE 'origin' END");
        values.put("session_id", "'s_' || lpad(printf('%x', hash(i // 20) % 1000000000000), 20, '0')");
        values.put("client_address", "'203.0.' || (i // 256 % 256) || '.' || (i % 256)");
        values.put("client_geo_country_iso_code", "['FR', 'DE', 'US', 'BR', 'JP'][i % 5 + 1]");
        values.put("http_request_method", "CASE WHEN i % 10 = 0 THEN 'POST' ELSE 'GET' END");
        values.put("url_scheme", "'https'");
        values.put("server_address", "'shop.example.com'");
        values.put("url_path", "['/', '/products/' || (i % 500), '/checkout', '/orders/' || (i % 10000), '/static/app.js'][i % 5 + 1]");
        values.put("http_request_header", "MAP {'accept': 'text/html,application/xhtml+xml', 'accept-language': 'en-US,en;q=0.9', "
                + "'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0', 'cookie': 'sid'}");
        values.put("http_request_body_size", "CASE WHEN i % 10 = 0 THEN 42 ELSE 0 END");
        values.put("user_agent_original", "'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0'");
        values.put("http_response_status_code", "CASE WHEN i % 50 = 0 THEN 500 WHEN i % 20 = 0 THEN 404 ELSE 200 END");
        values.put("actionlog_latency_ms", "i % 300");
        values.put("actionlog_mode", "'proxy'");
        values.put("actionlog_request_kind", "CASE WHEN i % 5 = 4 THEN 'asset' ELSE 'navigation' END");
        values.put("trace_id", "md5(i::VARCHAR)");
        values.put("span_id", "substr(md5((i + 1)::VARCHAR), 1, 16)");
        values.put("event_date", "CAST(make_timestamp(" + start + " + i * " + step + ") AS DATE)");
        String select = ArchiveSchema.COLUMNS.stream().map(c -> "CAST(" + values.get(c.name()) + " AS " + LocalArchive.duckType(c.type()) + ") AS " + c.name())
                .collect(Collectors.joining(", "));
        Files.createDirectories(archive.dataDir());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute("COPY (SELECT " + select + " FROM range(" + n + ") t(i)) TO '" + archive.dataDir() + "' (FORMAT parquet, "
                    + "COMPRESSION zstd, PARTITION_BY (event_date), FILENAME_PATTERN 'part-bench-{uuid}')");
        }
    }

    static void time(SqlEngine sql, String what, String query, long rows) {
        long cold = System.nanoTime();
        SqlResult result = sql.query(query);
        double first = (System.nanoTime() - cold) / 1e6;
        double[] runs = new double[5];
        for (int i = 0; i < runs.length; i++) {
            long t = System.nanoTime();
            sql.query(query);
            runs[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(runs);
        System.out.printf("| %s | %,d | %.0f ms | %.0f ms |%n", what, rows, first, runs[2]);
        if (result.rows().isEmpty()) throw new IllegalStateException("no answer to " + query);
    }

    /** What Athena reads for the day's GROUP BY: the compressed chunks of its two columns in that day's files. */
    static void athenaBytes(LocalArchive archive, LocalDate day, long rows) throws Exception {
        List<Path> files = archive.filesOf(day);
        String list = files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "));
        long dayBytes = 0;
        for (Path f : files) dayBytes += Files.size(f);
        long columns;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT sum(total_compressed_size) FROM parquet_metadata([" + list + "]) "
                     + "WHERE path_in_schema IN ('url_path', 'http_response_status_code')")) {
            r.next();
            columns = r.getLong(1);
        }
        System.out.printf("one day (%s, %,d events): %,d bytes in %d file(s); the day's GROUP BY reads %,d bytes of it "
                + "(url_path and http_response_status_code) — on Athena ≈ $%.5f (10 MB minimum: $0.00005)%n",
                day, rows, dayBytes, files.size(), columns, Math.max(columns, 10L * 1024 * 1024) / 1e12 * 5.0);
    }

    /** The local writer: rows as the archive function hands them over, 1,000 per write. */
    static void writerCost(Path dir) throws Exception {
        LocalArchive archive = new LocalArchive(dir);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(ArchiveSchema.row(EventCodec.decode(Json.write(Map.of("schema_version", 1, "event.id", "w" + i,
                    "event.received_at", "2026-11-22T10:00:00.000Z", "user.id", "user" + (i % 50), "user.id_source", "origin",
                    "http.request.method", "GET", "url.path", "/products/" + i, "http.response.status_code", 200,
                    "http.request.header.accept", "text/html", "http.request.header.user-agent", "Mozilla/5.0")))));
        }
        archive.append(batch); // warm-up
        int writes = 100;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime(); // DuckDB writes on threads of its own: the process's CPU, not this thread's
        long t = System.nanoTime();
        for (int i = 0; i < writes; i++) archive.append(batch);
        double wall = (System.nanoTime() - t) / 1e6 / writes;
        double cpuPerEvent = (os.getProcessCpuTime() - cpu) / 1e3 / writes / batch.size();
        System.out.printf("local archive writer: %.0f ms per write of 1,000 rows (wall), %.0f µs of CPU per event, "
                + "compactions included (%d writes, %d files left)%n", wall, cpuPerEvent, writes, archive.files().size());
    }
}

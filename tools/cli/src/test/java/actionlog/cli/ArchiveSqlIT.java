package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Json;
import actionlog.support.archive.LocalArchive;
import actionlog.testkit.Eventually;
import actionlog.testkit.chain.StackFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive on the local runtime, through the command line as a user runs it: what the edge recorded is counted and
 * grouped by `sql --local` (DuckDB over the Parquet files the local archive function wrote) exactly as it was sent;
 * `forget` empties it; a back-fill of a table whose archive was lost gives back the same rows, once.
 */
class ArchiveSqlIT {
    static StackFixture stack;
    /** Sent as user sqa: 15 answered 200, 10 answered 500, 5 answered 404. */
    static final Map<Long, Long> SENT = Map.of(200L, 15L, 500L, 10L, 404L, 5L);

    @BeforeAll
    static void start() throws Exception {
        stack = StackFixture.withTestOrigin();
        SENT.forEach((status, n) -> {
            for (int i = 0; i < n; i++) stack.send("GET", "/status/" + status + "?i=" + i, null, "X-User-Id", "sqa");
        });
        for (int i = 0; i < 4; i++) stack.send("GET", "/other/" + i, null, "X-User-Id", "bystander");
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    static List<Map<String, Object>> sql(String query) {
        CliRun run = CliRun.of("sql", "--local", query, "--output", "json");
        assertEquals(0, run.code(), run.err());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object row : Json.readArray(run.out())) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) row).forEach((k, v) -> copy.put((String) k, v instanceof Number n ? (Object) n.longValue() : v));
            rows.add(copy);
        }
        return rows;
    }

    @Test
    void shouldCountGroupAndThenForget_whenOneUserSentThirtyRequests() {
        String count = "SELECT count(*) AS n FROM events WHERE user_id = 'sqa'";
        Eventually.until(Duration.ofSeconds(60), () -> sql(count), rows -> rows.equals(List.of(Map.of("n", 30L))),
                "30 archived requests of sqa");

        Map<Long, Long> byStatus = new LinkedHashMap<>();
        for (Map<String, Object> row : sql("SELECT http_response_status_code AS status, count(*) AS n FROM events "
                + "WHERE user_id = 'sqa' GROUP BY http_response_status_code ORDER BY 1")) {
            byStatus.put((Long) row.get("status"), (Long) row.get("n"));
        }
        assertEquals(Map.of(200L, 15L, 404L, 5L, 500L, 10L), byStatus, "split exactly as sent");

        CliRun forget = CliRun.of("forget", "--user", "sqa", "--local", "--yes");
        assertEquals(0, forget.code(), forget.err());
        assertTrue(forget.out().contains("erased 30 row(s) from the local archive"), forget.out());
        assertEquals(List.of(Map.of("n", 0L)), sql(count));
        assertEquals(List.of(Map.of("n", 4L)), sql("SELECT count(*) AS n FROM events WHERE user_id = 'bystander'"),
                "the other user's rows stay");
    }

    @Test
    void shouldGiveBackTheSameRowsOnce_whenTheArchiveIsBackFilledFromTheTable() throws Exception {
        String all = "SELECT * FROM events WHERE user_id = 'bystander' ORDER BY event_id";
        List<Map<String, Object>> archived = Eventually.until(Duration.ofSeconds(60), () -> sql(all), rows -> rows.size() == 4,
                "4 archived requests of bystander");
        LocalArchive archive = stack.runtime.archive();
        for (Path file : archive.files()) Files.delete(file); // the archive lost, the table intact
        assertEquals(List.of(), sql(all));

        CliRun first = CliRun.of("archive", "backfill", "--local", "--since", "1h");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("added 4 the archive did not have"), first.out());
        assertEquals(archived, sql(all), "every column as the archive function wrote it");

        CliRun second = CliRun.of("archive", "backfill", "--local", "--since", "1h");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("added 0 the archive did not have"), second.out());
        assertEquals(archived, sql(all), "no duplicates");
    }

    @Test
    void shouldNameTheColumnRuleAndExitOne_whenTheSqlIsWrong() {
        CliRun run = CliRun.of("sql", "--local", "SELECT status FROM events");
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("actionlog: the query failed on the local archive in "), run.err());
        assertTrue(run.err().contains("user.id → user_id"), run.err());
    }
}

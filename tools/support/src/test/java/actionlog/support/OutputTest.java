package actionlog.support;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the table names the user: verified sources plainly, unverified ones and stitched events visibly. */
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
        assertEquals("alice (stitched: anonymous event of this session, anon:1)",
                Output.who(event("1", "anon:1", "anonymous", null).put(ActionEvent.F_STITCHED_TO, "alice")));
    }

    @Test
    void theTableStartsAGroupWhenTheSessionOrTheUserChanges() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Output.print(List.of(event("1", "anon:1", "anonymous", "s_a").put(ActionEvent.F_STITCHED_TO, "alice"),
                event("2", "alice", "origin", "s_a"), event("3", "alice", "origin", "s_a")),
                Output.Format.table, ZoneOffset.UTC, new PrintStream(out, true, StandardCharsets.UTF_8), false);
        List<String> headings = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("──")).toList();
        assertEquals(List.of("── session s_a · user alice (stitched: anonymous event of this session, anon:1) ──",
                "── session s_a · user alice (origin) ──"), headings);
    }
}

package actionlog.support;

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

class OutputTest {
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

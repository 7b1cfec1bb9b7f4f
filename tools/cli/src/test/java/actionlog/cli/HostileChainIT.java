package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EdgeProtocol;
import actionlog.core.Json;
import actionlog.core.Limits;
import actionlog.edge.FallbackSink;
import actionlog.support.LocalRegistry;
import actionlog.testkit.chain.StackFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile tester tried against the whole local chain (edge, SQS, consumer, table, fallback log, CLI): one bad
 * event costs nothing else, erasure holds against recover and replay, errors never print other users' payloads.
 */
class HostileChainIT {
    static StackFixture stack;

    @BeforeAll
    static void start() {
        stack = StackFixture.embedded(null);
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    static long fallbackLines() throws Exception {
        Path log = LocalRegistry.fallbackLog();
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    static String event(String user, String id, String time) {
        return new ActionEvent().put(ActionEvent.F_ID, id).put(ActionEvent.F_TIME, time).put(ActionEvent.F_USER, user)
                .put(ActionEvent.F_METHOD, "GET").put(ActionEvent.F_PATH, "/" + id).toJson();
    }

    /** A receive time {@code seconds} ago: within retention, before any erasure the test makes. */
    static String ago(int seconds) {
        return java.time.Instant.now().minusSeconds(seconds).toString();
    }

    /** Appends lines as the local runtime's fallback sink writes them. */
    static void appendFallback(String... events) throws Exception {
        Files.createDirectories(LocalRegistry.fallbackLog().getParent());
        FallbackSink sink = new FallbackSink(line -> {
            try {
                Files.writeString(LocalRegistry.fallbackLog(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (String event : events) sink.write(event, "SQS send timed out");
    }

    @Test
    void aBeaconWithCharactersSqsRefusesCostsTheOtherEventsNothing() throws Exception {
        long before = fallbackLines();
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String body = "{\"action\":\"click\",\"properties\":{\"n\":" + i + "}}";
            sent.add(CompletableFuture.supplyAsync(() -> stack.send("POST", EdgeProtocol.COLLECT_PATH, body.getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json", "X-User-Id", "innocent").statusCode()));
        }
        for (String hostile : List.of("{\"action\":\"a\uffff\"}", "{\"action\":\"a\\ud800\"}")) {
            sent.add(CompletableFuture.supplyAsync(() -> stack.send("POST", EdgeProtocol.COLLECT_PATH, hostile.getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json", "X-User-Id", "hostile").statusCode()));
        }
        assertEquals(List.of(204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204), sent.stream().map(CompletableFuture::join).toList());
        assertEquals(9, stack.awaitEvents("innocent", 9).size());
        List<String> actions = stack.awaitEvents("hostile", 2).stream().map(e -> e.string(ActionEvent.F_ACTION)).sorted().toList();
        assertEquals(List.of("a\ud800", "a\uffff"), actions);
        assertEquals(before, fallbackLines(), "nothing went to the fallback log");
    }

    @Test
    void forgetPurgesTheFallbackLogAndNeitherRecoverNorReplayBringsTheUserBack() throws Exception {
        stack.send("GET", "/live", null, "X-User-Id", "erase-me");
        stack.awaitEvents("erase-me", 1);
        appendFallback(event("erase-me", "fb-1", ago(590)), event("keep-me", "fb-2", ago(589)),
                event("erase-me", "fb-3", ago(588)));
        Path copy = Files.createTempFile("fallback-copy", ".log"); // e.g. a CloudWatch export made before the erasure
        Files.copy(LocalRegistry.fallbackLog(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CliRun forget = CliRun.of("forget", "--user", "erase-me", "--local", "--yes");
        assertEquals(0, forget.code(), forget.err());
        assertEquals("erased 1 event(s) of user erase-me: 1 named erase-me, 0 anonymous event(s) of 0 link(s);"
                + " and 2 line(s) of the local fallback log\nerased 1 row(s) from the local archive", forget.out().trim());
        String log = Files.readString(LocalRegistry.fallbackLog());
        assertFalse(log.contains("erase-me"), log);
        assertTrue(log.contains("keep-me"), log);

        CliRun recover = CliRun.of("recover", copy.toString(), "--local");
        assertEquals(0, recover.code(), recover.out() + recover.err());
        Path export = Files.createTempFile("export", ".jsonl");
        Files.writeString(export, event("erase-me", "old-1", ago(580)) + "\n" + event("marker", "m-1", ago(580)) + "\n");
        assertEquals(0, CliRun.of("replay", export.toString(), "--local").code());
        stack.awaitEvents("marker", 1);
        stack.awaitEvents("keep-me", 1);
        stack.awaitDrained();
        assertEquals(List.of(), stack.events("erase-me"), "the erased user stays erased");

        stack.send("GET", "/back-again", null, "X-User-Id", "erase-me");
        assertEquals("/back-again", stack.awaitEvents("erase-me", 1).get(0).string(ActionEvent.F_PATH), "new activity is recorded");
    }

    @Test
    void aLongUserIdIsForgottenByTheFullIdTheSupportEngineerHas() {
        String id = "long-" + "x".repeat(300);
        stack.send("GET", "/long", null, "X-User-Id", id);
        ActionEvent stored = stack.awaitEvents(Limits.truncate(id, Limits.MAX_ID), 1).get(0);
        assertEquals(stored.userId(), stored.get(ActionEvent.F_HEADER_PREFIX + "x-user-id"), "the header copy is bounded alike");
        CliRun forget = CliRun.of("forget", "--user", id, "--local", "--yes");
        assertEquals(0, forget.code(), forget.err());
        assertTrue(forget.out().contains("erased 1 event(s) of user " + id), forget.out());
    }

    @Test
    void forgettingAnUnknownUserSaysNoEventsWereFound() {
        CliRun forget = CliRun.of("forget", "--user", "nobody-here", "--local", "--yes");
        assertEquals(0, forget.code(), forget.err());
        assertTrue(forget.out().startsWith("no events found for user nobody-here;"), forget.out());
    }

    @Test
    void recoverSkipsAndReportsBadLinesByNumberAndReasonNeverByContent() throws Exception {
        Path file = Files.createTempFile("fallback-bad", ".log");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String good = Json.write(Map.of("actionlog", "fallback", "event", Json.readObject(event("recovered", "r-1", ago(570)))));
        bytes.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"actionlog\":\"fallback\",\"event\":{\"user.id\":\"OTHER-USERS-DATA-1\",\"x\":\"".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}); // a lone surrogate as CESU bytes: not UTF-8
        bytes.writeBytes("\"}}\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(("{\"actionlog\":\"fallback\",\"event\":{\"schema_version\":1,\"user.id\":\"OTHER-USERS-DATA-2\",\"blob\":\""
                + "y".repeat(18_000) + "\"}}\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());

        CliRun recover = CliRun.of("recover", file.toString(), "--local");
        assertEquals(1, recover.code());
        assertEquals(List.of("recover: 1 sent, 2 rejected (from " + file + ")", "  rejected line 2: not valid UTF-8",
                "  rejected line 3: missing required field event.id"), recover.out().lines().toList());
        assertFalse((recover.out() + recover.err()).contains("OTHER-USERS-DATA"));
        assertEquals(1, stack.awaitEvents("recovered", 1).size());
    }

    @Test
    void whatTheAuditSmuggledThroughRealHttpIsStoredRedacted() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";
        assertEquals(204, stack.send("GET", "/magic-link/" + jwt + "?csrfmiddlewaretoken=c5rf&user%5Bpassword%5D=pw1&q=1", null,
                "X-User-Id", "audited", "Referer", "https://a.example/cb?access_token=tok1&page=2", "X-CSRFToken", "c5rf2",
                "Authorization", "tok3 extra", "X-Amz-Cf-Id", "someone-elses-event-id", "DNT", "1",
                "X-Forwarded-For", "203.0.113.77", "User-Agent", "probe " + jwt).statusCode());
        ActionEvent e = stack.awaitEvents("audited", 1).get(0);
        assertEquals("/magic-link/[REDACTED]", e.string(ActionEvent.F_PATH));
        assertEquals("csrfmiddlewaretoken=[REDACTED]&user%5Bpassword%5D=[REDACTED]&q=1", e.string(ActionEvent.F_QUERY));
        assertEquals("https://a.example/cb?access_token=[REDACTED]&page=2", e.string(ActionEvent.F_HEADER_PREFIX + "referer"));
        assertEquals("[REDACTED]", e.string(ActionEvent.F_HEADER_PREFIX + "x-csrftoken"));
        assertEquals("[REDACTED]", e.string(ActionEvent.F_HEADER_PREFIX + "authorization"));
        assertEquals("203.0.113.0, 127.0.0.0", e.string(ActionEvent.F_HEADER_PREFIX + "x-forwarded-for"), "the adapter appends the socket address");
        assertEquals("probe [REDACTED]", e.string(ActionEvent.F_USER_AGENT));
        assertNotEquals("someone-elses-event-id", e.id());
        assertEquals(List.of(), stack.byEventId("someone-elses-event-id"));
        String json = e.toJson();
        for (String secret : List.of("c5rf", "pw1", "tok1", "tok3", jwt)) assertFalse(json.contains(secret), secret + " in " + json);
    }

    @Test
    void aDeepBeaconIsStoredBoundedAndEveryViewOfItsSessionWorks() {
        // ~900 levels overflowed a fresh JVM's stack at the edge (event lost); 998 made session -o json exit 2
        String body = "{\"action\":\"deep\",\"properties\":" + "{\"a\":".repeat(998) + "1" + "}".repeat(998) + "}";
        assertEquals(204, stack.send("POST", EdgeProtocol.COLLECT_PATH, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "X-User-Id", "deep-beacon", "Cookie", "session=deep-1").statusCode());
        // and one as an older edge stored it, unbounded, straight onto the queue
        String old = "{\"schema_version\":1,\"event.id\":\"deep-old\",\"event.received_at\":\"" + ago(5) + "\",\"user.id\":\"deep-beacon\","
                + "\"session.id\":\"" + actionlog.core.Identity.sessionId("deep-1") + "\",\"http.request.method\":\"POST\",\"url.path\":\"/x\","
                + "\"action.properties\":" + "[".repeat(998) + "]".repeat(998) + "}";
        stack.sendRaw(old);
        for (ActionEvent e : stack.awaitEvents("deep-beacon", 2)) {
            assertEquals(List.of(ActionEvent.F_PROPERTIES), e.get(ActionEvent.F_TRUNCATED), e.toJson());
            assertTrue(e.toJson().contains("{\"" + Limits.TRUNCATED_DEPTH + "\":" + Limits.MAX_JSON_DEPTH + "}"), e.toJson());
        }
        String session = actionlog.core.Identity.sessionId("deep-1");
        for (String format : List.of("json", "jsonl", "csv", "table")) {
            CliRun bySession = CliRun.of("session", session, "--local", "-o", format);
            assertEquals(0, bySession.code(), format + ": " + bySession.err());
            CliRun byUser = CliRun.of("trace", "--user", "deep-beacon", "--local", "-o", format);
            assertEquals(0, byUser.code(), format + ": " + byUser.err());
        }
        List<Object> events = Json.readArray(CliRun.of("session", session, "--local", "-o", "json").out());
        assertEquals(2, events.size());
    }
}

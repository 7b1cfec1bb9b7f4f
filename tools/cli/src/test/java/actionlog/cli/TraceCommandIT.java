package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EventCodec;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import actionlog.support.Output;
import actionlog.testkit.chain.StackFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The support commands against a running local runtime, found through --local like a user would. */
class TraceCommandIT {
    static StackFixture stack;

    @BeforeAll
    static void start() {
        stack = StackFixture.embedded(null);
        stack.send("GET", "/first", null, "X-User-Id", "trace-it", "Authorization", "Bearer s3cr3t", "Cookie", "session=cli-1");
        stack.send("POST", "/orders?token=abc", "{}".getBytes(StandardCharsets.UTF_8), "X-User-Id", "trace-it", "Cookie", "session=cli-1");
        stack.awaitEvents("trace-it", 2);
        stack.send("GET", "/bye", null, "X-User-Id", "forget-it");
        stack.send("GET", "/bye-again", null, "X-User-Id", "forget-it");
        stack.awaitEvents("forget-it", 2);
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void traceAsJsonListsTheUsersEventsNewestLastWithoutSecrets() {
        CliRun run = run("trace", "--user", "trace-it", "--local", "--output", "json");
        assertEquals(0, run.code(), run.err());
        List<Object> events = Json.readArray(run.out());
        assertEquals(List.of("/first", "/orders"), events.stream().map(e -> ((Map<?, ?>) e).get("url.path")).toList());
        assertFalse(run.out().contains("s3cr3t"));
        assertFalse(run.out().contains("token=abc"));
    }

    @Test
    void csvHasAHeaderAndOneRowPerEvent() {
        CliRun run = run("trace", "--user", "trace-it", "--local", "-o", "csv");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(String.join(",", Output.CSV_COLUMNS), lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).contains(",POST,") && lines.get(2).contains(",/orders,token=[REDACTED],"), lines.get(2));
    }

    @Test
    void sessionRequestAndIpFindTheSameEvents() {
        List<Object> byUser = Json.readArray(run("trace", "--user", "trace-it", "--local", "-o", "json").out());
        Map<?, ?> first = (Map<?, ?>) byUser.get(0);
        List<Object> bySession = Json.readArray(run("session", "cli-1", "--local", "-o", "json").out());
        assertEquals(byUser, bySession, "the raw cookie value is hashed like the edge does");
        assertEquals(byUser, Json.readArray(run("session", (String) first.get("session.id"), "--local", "-o", "json").out()));
        List<Object> byRequest = Json.readArray(run("request", (String) first.get("event.id"), "--local", "-o", "json").out());
        assertEquals(List.of(first), byRequest);
        assertEquals(List.of(first), Json.readArray(run("request", (String) first.get("event.id"), "--local", "-o", "json",
                "--since", "1h").out()), "a time range on the event-id index (no sort key) filters instead");
        assertEquals(List.of(), Json.readArray(run("request", (String) first.get("event.id"), "--local", "-o", "json",
                "--to", "2000-01-01T00:00:00Z").out()), "and excludes what is outside it");
        List<Object> byIp = Json.readArray(run("ip", "127.0.0.1", "--local", "-o", "json", "--limit", "0").out());
        assertTrue(byIp.containsAll(byUser));
        // the indexes carry the filter attributes (not the events): filters still run in DynamoDB, then the events
        // are fetched from the table
        assertEquals(List.of(byUser.get(1)), Json.readArray(run("session", "cli-1", "--local", "-o", "json",
                "--method", "post", "--path-prefix", "/ord").out()));
        List<Object> postsByIp = Json.readArray(run("ip", "127.0.0.1", "--local", "-o", "json", "--limit", "0", "--method", "POST").out());
        assertTrue(postsByIp.contains(byUser.get(1)) && !postsByIp.contains(first), postsByIp.toString());
        assertEquals(List.of(byUser.get(1)), Json.readArray(run("session", "cli-1", "--local", "-o", "json", "--limit", "1").out()),
                "--limit keeps the newest");
    }

    @Test
    void shouldReadOlderAndCompactItemsAlike_whenBothShareASessionAndForgetRemovesTheUsersPointers() throws Exception {
        String session = "s_mixedformat0000001";
        long at = System.currentTimeMillis() - 120_000;
        List<ActionEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(EventCodec.decode(Json.write(new java.util.LinkedHashMap<>(Map.of("schema_version", 1, "event.id", "mixed-" + i,
                    "event.received_at", java.time.Instant.ofEpochMilli(at + i * 1000L).toString(),
                    "user.id", i == 3 ? "anon:mixed" : "mixed-it", "http.request.method", "GET", "url.path", "/m/" + i,
                    "session.id", session, "client.address", "198.51.100.9")))));
        }
        // 0 and 2 as an older consumer wrote them (JSON text, in the session index); 1 and 3 through the queue and consumer
        for (int i : new int[] {0, 2}) {
            stack.runtime.dynamo().putItem(r -> r.tableName(stack.runtime.table()).item(ItemMapper.toLegacyItem(events.get(i) ,
                    java.time.Duration.ofDays(30))));
        }
        stack.sendRaw(events.get(1).toJson());
        stack.sendRaw(events.get(3).toJson());
        stack.awaitEvents("anon:mixed", 1);
        stack.awaitEvents("mixed-it", 3);
        List<Object> bySession = Json.readArray(run("session", session, "--local", "-o", "json", "--all").out());
        assertEquals(List.of("mixed-0", "mixed-1", "mixed-2", "mixed-3"), bySession.stream().map(e -> ((Map<?, ?>) e).get("event.id")).toList());
        for (int i = 0; i < 4; i++) {
            List<Object> byRequest = Json.readArray(run("request", "mixed-" + i, "--local", "-o", "json").out());
            assertEquals(List.of(bySession.get(i)), byRequest, "request mixed-" + i);
            assertEquals(events.get(i).fields().get("url.path"), ((Map<?, ?>) byRequest.get(0)).get("url.path"));
        }
        assertEquals(List.of(bySession.get(2)), Json.readArray(run("session", session, "--local", "-o", "json", "--path-prefix", "/m/2").out()));
        assertEquals(List.of(bySession.get(2), bySession.get(3)), Json.readArray(run("session", session, "--local", "-o", "json",
                "--limit", "2").out()), "--limit keeps the newest of both formats");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("export", ".jsonl");
        assertEquals(0, run("export", "--user", "mixed-it", "--local", "--out", file.toString()).code());
        assertEquals(List.of(events.get(0).toJson(), events.get(1).toJson(), events.get(2).toJson()), java.nio.file.Files.readAllLines(file),
                "export gives back the JSON as it came, from either format");
        var pointers = (java.util.function.Supplier<List<String>>) () -> stack.runtime.dynamo().query(r -> r.tableName(stack.runtime.table())
                .keyConditionExpression("pk = :k").expressionAttributeValues(Map.of(":k",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(ItemMapper.sessionPointerKey(session)))))
                .items().stream().map(item -> item.get("sk").s().substring(11)).distinct().sorted().toList();
        assertEquals(List.of("anon:mixed", "mixed-it"), pointers.get());
        assertEquals(0, run("forget", "--user", "mixed-it", "--local", "--yes").code());
        assertEquals(List.of("anon:mixed"), pointers.get(), "the pointer naming the erased user is gone");
        assertEquals(List.of("mixed-3"), Json.readArray(run("session", session, "--local", "-o", "json", "--all").out()).stream()
                .map(e -> ((Map<?, ?>) e).get("event.id")).toList());
    }

    @Test
    void tableOutputSeparatesSessionsAndCounts() {
        CliRun run = run("trace", "--user", "trace-it", "--local");
        assertTrue(run.out().contains("── session s_"), run.out());
        assertTrue(run.out().contains("2 event(s)"), run.out());
        assertFalse(run.out().contains("\u001b["), "no colour when not on a terminal");
    }

    @Test
    void exportWritesLosslessJsonLines() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("export", ".jsonl");
        CliRun run = run("export", "--user", "trace-it", "--local", "--out", file.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("exported 2 event(s)"), run.err());
        List<String> lines = java.nio.file.Files.readAllLines(file);
        List<Object> traced = Json.readArray(run("trace", "--user", "trace-it", "--local", "-o", "json").out());
        assertEquals(traced, lines.stream().map(l -> (Object) Json.readObject(l)).toList());
    }

    @Test
    void forgetErasesEveryEventOfTheUser() {
        CliRun run = run("forget", "--user", "forget-it", "--local", "--yes");
        assertEquals(0, run.code(), run.err());
        assertEquals("erased 2 event(s) of user forget-it: 2 named forget-it, 0 anonymous event(s) of 0 link(s);"
                + " and 0 line(s) of the local fallback log\nerased 2 row(s) from the local archive", run.out().trim());
        assertTrue(run("trace", "--user", "forget-it", "--local").out().contains("no events"));
        assertEquals(2, Json.readArray(run("trace", "--user", "trace-it", "--local", "-o", "json").out()).size(), "others untouched");
    }

    @Test
    void withoutALocalRuntimeTheErrorSaysHowToStartOne() {
        String home = System.getProperty("actionlog.home");
        System.setProperty("actionlog.home", home + "-none");
        try {
            CliRun run = run("trace", "--user", "x", "--local");
            assertEquals(1, run.code());
            assertTrue(run.err().contains("no local runtime is running") && run.err().contains("./actionlog local"), run.err());
        } finally {
            System.setProperty("actionlog.home", home);
        }
    }

    @Test
    void unknownUserPrintsNoEvents() {
        CliRun run = run("trace", "--user", "nobody", "--local");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("no events"));
    }

    @Test
    void usageErrorsExitWith2AndSayHowToFix() {
        CliRun run = run("trace", "--user", "x", "--local", "--since", "yesterday");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("'yesterday' is not a duration"), run.err());
        assertEquals(2, run.code() == 2 ? run("trace", "--local").code() : -1, "missing --user");
    }

    @Test
    void exportLimit1000ExportsTheNewest1000AndNoLimitExportsAll() throws Exception {
        // 1001 events of one user, written straight into the table as the consumer writes them
        List<WriteRequest> writes = new java.util.ArrayList<>();
        long start = java.time.Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        for (int i = 0; i < 1001; i++) {
            ActionEvent event = EventCodec.decode(Json.write(Map.of("schema_version", 1, "event.id", "many-" + i,
                    "event.received_at", java.time.Instant.ofEpochMilli(start + i * 1000L).toString(), "user.id", "many-it",
                    "http.request.method", "GET", "url.path", "/n/" + i)));
            writes.add(WriteRequest.builder().putRequest(p -> p.item(ItemMapper.toItem(event, java.time.Duration.ofDays(30)))).build());
        }
        for (int i = 0; i < writes.size(); i += 25) {
            List<WriteRequest> chunk = writes.subList(i, Math.min(i + 25, writes.size()));
            stack.runtime.dynamo().batchWriteItem(r -> r.requestItems(Map.of(stack.runtime.table(), chunk)));
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("export", ".jsonl");
        CliRun limited = run("export", "--user", "many-it", "--local", "--out", file.toString(), "--limit", "1000");
        assertEquals(0, limited.code(), limited.err());
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertEquals(1000, lines.size());
        assertEquals("/n/1000", Json.readObject(lines.get(lines.size() - 1)).get("url.path"), "the newest are kept");
        assertEquals("/n/1", Json.readObject(lines.get(0)).get("url.path"));
        // stderr is not a terminal here: progress as plain lines, no carriage returns
        assertFalse(limited.err().contains("\r"), limited.err());
        assertTrue(limited.err().endsWith("exported 1000 event(s) to " + file + System.lineSeparator()), limited.err());

        CliRun all = run("export", "--user", "many-it", "--local", "--out", file.toString());
        assertEquals(0, all.code(), all.err());
        assertEquals(1001, java.nio.file.Files.readAllLines(file).size());
    }

    @Test
    void exportHelpStatesTheDefaultItApplies() {
        CliRun help = run("export", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("At most the newest N events (0 = all). Default: 1000 (export: all)."),
                help.out());
    }
}

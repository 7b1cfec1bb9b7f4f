package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Json;
import actionlog.local.StackFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The support commands against a running local runtime, found through --local like a user would. */
class TraceCommandTest {
    static StackFixture stack;

    @BeforeAll
    static void start() {
        stack = StackFixture.embedded(null);
        stack.send("GET", "/first", null, "X-User-Id", "trace-it", "Authorization", "Bearer s3cr3t");
        stack.send("POST", "/orders?token=abc", "{}".getBytes(StandardCharsets.UTF_8), "X-User-Id", "trace-it");
        stack.awaitEvents("trace-it", 2);
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void traceAsJsonListsTheUsersEventsNewestLastWithoutSecrets() {
        Run run = run("trace", "--user", "trace-it", "--local", "--output", "json");
        assertEquals(0, run.code(), run.err());
        List<Object> events = Json.readArray(run.out());
        assertEquals(List.of("/first", "/orders"), events.stream().map(e -> ((Map<?, ?>) e).get("url.path")).toList());
        assertFalse(run.out().contains("s3cr3t"));
        assertFalse(run.out().contains("token=abc"));
    }

    @Test
    void unknownUserPrintsNoEvents() {
        Run run = run("trace", "--user", "nobody", "--local");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("no events"));
    }

    @Test
    void usageErrorsExitWith2AndSayHowToFix() {
        Run run = run("trace", "--user", "x", "--local", "--since", "yesterday");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("'yesterday' is not a duration"), run.err());
        assertEquals(2, run.code() == 2 ? run("trace", "--local").code() : -1, "missing --user");
    }
}

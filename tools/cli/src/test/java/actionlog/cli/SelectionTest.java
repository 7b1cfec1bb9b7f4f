package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.support.EventStore;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command that reads events selects them with the same options; the shortcuts select the same events. */
class SelectionTest {
    static EventStore.Selector parsed(String... args) {
        CommandLine cli = Main.commandLine();
        CommandLine.ParseResult result = cli.parseArgs(args);
        ListCommand command = (ListCommand) result.subcommand().commandSpec().userObject();
        return command.selection().selector();
    }

    @Test
    void shouldSelectTheSameEvents_whenTheIdIsAnArgumentOrAnOption() {
        assertEquals(parsed("session", "s_3f1a9c2b7d4e5f60a1b2"), parsed("trace", "--session", "s_3f1a9c2b7d4e5f60a1b2"));
        assertEquals(parsed("request", "5b0c9d2e"), parsed("trace", "--request", "5b0c9d2e"));
        assertEquals(parsed("ip", "203.0.113.7"), parsed("trace", "--ip", "203.0.113.7"));
        assertEquals(EventStore.Selector.user("alice"), parsed("trace", "-u", "alice"));
        assertEquals(EventStore.Selector.user("alice"), parsed("trace", "--user", "alice"));
    }

    @Test
    void shouldRefuseTwoSelections_whenAnyCommandIsGivenThem() {
        for (String command : new String[] {"trace", "export", "tail"}) {
            CliRun run = CliRun.of(command, "--user", "alice", "--ip", "203.0.113.7", "--local");
            assertEquals(Main.USAGE_ERROR, run.code(), command + ": " + run.err());
            assertTrue(run.err().contains("are mutually exclusive (specify only one)"), command + ": " + run.err());
        }
    }

    @Test
    void shouldAskWhichEvents_whenTraceOrExportIsGivenNone() {
        for (String command : new String[] {"trace", "export"}) {
            CliRun run = CliRun.of(command, "--local");
            assertEquals(Main.USAGE_ERROR, run.code(), command + ": " + run.err());
            assertTrue(run.err().startsWith("Error: Missing required argument (specify one of these): "
                    + "(-u=<user> | --session=<session> | --request=<request> | --ip=<ip>)"), command + ": " + run.err());
        }
    }

    @Test
    void shouldRefuseToTailOneRequest_whenGivenAnEventId() {
        CliRun run = CliRun.of("tail", "--request", "5b0c9d2e", "--local");
        assertEquals(Main.USAGE_ERROR, run.code(), run.err());
        assertEquals("actionlog: a request is stored once, there is nothing to tail; show it with `actionlog request ID`",
                run.err().lines().findFirst().orElse(""));
    }
}

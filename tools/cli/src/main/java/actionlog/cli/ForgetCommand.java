package actionlog.cli;

import actionlog.core.Erasures;
import actionlog.core.Limits;
import actionlog.support.EventStore;
import actionlog.support.LocalRegistry;
import actionlog.support.Output;
import actionlog.support.archive.ArchiveEraser;
import actionlog.support.ops.FallbackLines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Erase every event of a user (right to erasure), with the anonymous pages each of their browsers "
                + "saw before signing in (never another browser's), and those links; the user and those pages go on the "
                + "suppression list so no replay brings them back. Asks for confirmation unless --yes.",
        footer = {"", "Examples:", "  actionlog forget --user alice --local --yes"})
final class ForgetCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @Option(names = {"-u", "--user"}, required = true, description = "User id to erase.")
    String user;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String table = target.table();
        if (!yes) {
            err.print("Erase every event of user '" + Output.terminal(user) + "' from " + table + "? Type the user id to confirm: ");
            err.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!user.equals(answer == null ? null : answer.trim())) {
                err.println("not confirmed; nothing erased");
                return 1;
            }
        }
        String stored = Erasures.storedUserId(user);
        if (!stored.equals(user)) out.println("user ids are stored trimmed and bounded to " + Limits.MAX_ID + " characters; erasing that form");
        EventStore.Erasure erased;
        java.util.List<ArchiveEraser.Window> windows;
        try (DynamoDbClient dynamo = target.dynamo()) {
            EventStore store = new EventStore(dynamo, table, err::println);
            // the links go with the erasure; the archive's erasure needs their windows after it
            windows = store.linksOf(stored).stream().map(l -> new ArchiveEraser.Window(l.key(), l.fromMs(), l.toMs())).toList();
            erased = store.forget(user);
        }
        String archived = ArchiveErasure.run(target, stored, windows, err::println);
        int purged = target.local ? FallbackLines.purgeUser(LocalRegistry.fallbackLog(), stored) : 0;
        String who = "user " + Output.terminal(user);
        if (erased.total() == 0 && purged == 0) {
            out.println("no events found for " + who + "; recorded the erasure anyway, so events still on their way "
                    + "(queue, dead-letter queue, fallback log) are dropped");
        } else {
            out.println("erased " + erased.total() + " event(s) of " + who + ": " + erased.events() + " named "
                    + Output.terminal(user) + ", " + erased.stitched() + " anonymous event(s) of " + erased.links()
                    + " link(s)" + (target.local ? "; and " + purged + " line(s) of the local fallback log" : ""));
        }
        out.println(archived);
        if (!target.local) {
            out.println("events in the edge's fallback log (CloudWatch Logs) are not touched, but can no longer be "
                    + "recovered: the user is on the suppression list");
        }
        return 0;
    }
}

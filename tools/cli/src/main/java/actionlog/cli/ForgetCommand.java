package actionlog.cli;

import actionlog.support.EventStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Erase every event of a user (right to erasure), with the anonymous events of the sessions they "
                + "signed in to, and those session links. Asks for confirmation unless --yes.",
        footer = {"", "Examples:", "  actionlog forget --user alice --local --yes"})
final class ForgetCommand implements Callable<Integer> {
    @Mixin TargetOptions target;

    @Option(names = {"-u", "--user"}, required = true, description = "User id to erase.")
    String user;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        String table = target.table();
        if (!yes) {
            System.err.print("Erase every event of user '" + user + "' from " + table + "? Type the user id to confirm: ");
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!user.equals(answer == null ? null : answer.trim())) {
                System.err.println("not confirmed; nothing erased");
                return 1;
            }
        }
        try (DynamoDbClient dynamo = target.dynamo()) {
            EventStore.Erasure erased = new EventStore(dynamo, table).forget(user);
            System.out.println("erased " + erased.total() + " event(s) of user " + user + ": " + erased.events()
                    + " named " + user + ", " + erased.stitched() + " anonymous event(s) of " + erased.links()
                    + " linked session(s)");
        }
        return 0;
    }
}

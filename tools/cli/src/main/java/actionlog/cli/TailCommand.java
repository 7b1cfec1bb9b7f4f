package actionlog.cli;

import actionlog.core.ActionEvent;
import actionlog.core.RequestKind;
import actionlog.support.EventStore;
import actionlog.support.Output;
import actionlog.support.Tail;
import actionlog.support.TimeRange;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What is this customer doing now? New events as they are stored, until Ctrl-C. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Prints new events of a user, session, address or path prefix as they are stored, until Ctrl-C.",
        footer = {"", "Polls every second with a Query on the newest keys (the last 2 minutes); never a Scan.",
                "", "Examples:", "  actionlog tail --user alice --local",
                "  actionlog tail --path-prefix /checkout --status 5xx", "  actionlog tail --session s_3f1a9c2b7d4e5f60a1b2 -o jsonl"})
final class TailCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Selection which;
    @Option(names = "--path-prefix", description = "Only paths starting with this; alone, the events of all users.")
    String pathPrefix;
    @Option(names = "--method", description = "Only this HTTP method.")
    String method;
    @Option(names = "--status", description = "Only this status: 404, or a class such as 5xx.")
    String status;
    @Option(names = "--all", description = "Also asset requests (images, scripts, styles, fonts); by default actions only.")
    boolean all;
    @Option(names = "--for", paramLabel = "DURATION", description = "Stop after DURATION (e.g. 10m) instead of at Ctrl-C.")
    String duration;
    @Option(names = "--tz", description = "Time zone for display (default: system).")
    ZoneId zone = ZoneId.systemDefault();
    @Option(names = {"-o", "--output"}, description = "table, jsonl or csv. Default: ${DEFAULT-VALUE}.")
    Output.Format output = Output.Format.table;

    @Override
    public Integer call() throws InterruptedException {
        if (which == null && (pathPrefix == null || pathPrefix.isEmpty())) {
            throw new IllegalArgumentException("tail what? pass --user, --session, --ip or --path-prefix");
        }
        if (which != null && which.oneRequest()) {
            throw new IllegalArgumentException("a request is stored once, there is nothing to tail; show it with `actionlog request ID`");
        }
        if (output == Output.Format.json) throw new IllegalArgumentException("a tail is a stream; use -o jsonl (one JSON event a line)");
        EventStore.Selector selector = which == null ? null : which.selector();
        EventStore.Filters filters = new EventStore.Filters(method, pathPrefix == null || pathPrefix.isEmpty() ? null : pathPrefix, status);
        long stopAt = duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + durationMs(duration);
        boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DynamoDbClient dynamo = target.dynamo()) {
            Tail tail = new Tail(new EventStore(dynamo, target.table(), err::println), selector, filters);
            tail.start(System.currentTimeMillis());
            err.println(Output.terminal("tailing " + (selector != null ? selector.label() : "all users")
                    + (filters.pathPrefix() != null ? " under " + filters.pathPrefix() : "")
                    + (duration == null ? "; Ctrl-C stops" : " for " + duration + " (Ctrl-C stops sooner)")));
            if (output == Output.Format.csv) out.println(String.join(",", Output.CSV_COLUMNS));
            while (System.currentTimeMillis() < stopAt) {
                Thread.sleep(Tail.POLL.toMillis());
                List<ActionEvent> fresh = tail.poll(System.currentTimeMillis());
                for (ActionEvent e : fresh) {
                    if (!all && RequestKind.ASSET.equals(RequestKind.of(e))) continue;
                    out.println(Output.line(e, output, zone, color));
                }
                out.flush();
            }
        }
        return 0;
    }

    private static long durationMs(String text) {
        Instant now = Instant.now();
        return now.toEpochMilli() - TimeRange.of(text, null, null, ZoneId.of("UTC"), now).fromMs();
    }
}

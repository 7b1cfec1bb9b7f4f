package actionlog.cli;

import actionlog.core.ActionEvent;
import actionlog.support.EventStore;
import actionlog.support.Folding;
import actionlog.support.Output;
import actionlog.support.TimeRange;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What trace, session, request and ip share: read the {@link Selection}'s events in the range, print them. */
abstract class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;
    @Mixin QueryOptions query;

    @Option(names = {"-o", "--output"}, description = "table, json, jsonl or csv. Default: ${DEFAULT-VALUE}.")
    Output.Format output = Output.Format.table;

    @Option(names = "--all", description = "List every request; by default the assets of each page (images, scripts, "
            + "styles, fonts) are folded under it.")
    boolean all;

    /** The events to list, as the command line named them. */
    abstract Selection selection();

    @Override
    public Integer call() {
        Selection selection = selection();
        EventStore.Selector selector = selection.selector();
        TimeRange range = query.range();
        EventStore.Filters filters = query.filters();
        int limit = query.limit(QueryOptions.DEFAULT_LIMIT);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DynamoDbClient dynamo = target.dynamo()) {
            List<ActionEvent> events = new EventStore(dynamo, target.table(), err::println).find(selector, range, filters, limit, null);
            boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
            if (all) Output.print(events, output, query.zone, out, color);
            else Output.printFolded(Folding.fold(events), output, query.zone, out, color);
            if (output == Output.Format.table && selection.oneRequest()) {
                String template = target.traceLinkTemplate();
                events.stream().map(e -> Output.traceLine(e, template)).filter(java.util.Objects::nonNull).forEach(out::println);
            }
            if (limit > 0 && events.size() == limit && output == Output.Format.table) {
                err.println("showing the newest " + limit + "; use --limit 0 for all, or narrow with --since");
            }
        }
        return 0;
    }
}

package actionlog.cli;

import actionlog.core.ActionEvent;
import actionlog.support.EventStore;
import actionlog.support.Output;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Who touched this? Events of all users by path prefix, method and status, newest first. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Events of all users by path prefix, method and status, newest first, with the user of each.",
        footer = {"", "A time range is required (--since, or --from [--to]); at most 7 days. Each hour searched costs "
                + "one Query per shard of the search index; never a Scan.",
                "", "Examples:", "  actionlog search --path-prefix /orders/4711 --since 1h --local",
                "  actionlog search --path-prefix /checkout --status 5xx --since 1h -o json",
                "  actionlog search --path-prefix /orders/42 --method DELETE --from 2026-11-22T14:00 --to 2026-11-22T16:00"})
final class SearchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;
    @Mixin QueryOptions query;

    @Option(names = {"-o", "--output"}, description = "table, json, jsonl or csv. Default: ${DEFAULT-VALUE}.")
    Output.Format output = Output.Format.table;

    @Override
    public Integer call() {
        if (query.since == null && query.from == null) {
            throw new IllegalArgumentException("a search needs a time range; pass --since (e.g. 1h) or --from");
        }
        EventStore.Filters filters = query.filters();
        var range = query.range();
        try (DynamoDbClient dynamo = target.dynamo()) {
            int limit = query.limit(QueryOptions.DEFAULT_LIMIT);
            List<ActionEvent> events = new EventStore(dynamo, target.table(), spec.commandLine().getErr()::println).search(range, filters, limit);
            boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
            Output.printAcrossUsers(events, output, query.zone, spec.commandLine().getOut(), color);
            if (limit > 0 && events.size() == limit && output == Output.Format.table) {
                spec.commandLine().getErr().println("showing the newest " + limit + "; use --limit 0 for all, or narrow with --since");
            }
        }
        return 0;
    }
}

package actionlog.cli;

import actionlog.support.EventStore;
import actionlog.support.Output;
import actionlog.support.TimeRange;
import actionlog.core.ActionEvent;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Base of trace / session / request / ip: resolve the target, query, print. */
abstract class QueryCommand implements Callable<Integer> {
    @Mixin TargetOptions target;
    @Mixin QueryOptions query;

    @Option(names = {"-o", "--output"}, description = "table, json, jsonl or csv. Default: ${DEFAULT-VALUE}.")
    Output.Format output = Output.Format.table;

    abstract EventStore.Selector selector();

    @Override
    public Integer call() {
        EventStore.Selector selector = selector();
        TimeRange range = query.range();
        EventStore.Filters filters = query.filters();
        int limit = query.limit(QueryOptions.DEFAULT_LIMIT);
        try (DynamoDbClient dynamo = target.dynamo()) {
            List<ActionEvent> events = new EventStore(dynamo, target.table()).find(selector, range, filters, limit, null);
            boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
            Output.print(events, output, query.zone, System.out, color);
            if (limit > 0 && events.size() == limit && output == Output.Format.table) {
                System.err.println("showing the newest " + limit + "; use --limit 0 for all, or narrow with --since");
            }
        }
        return 0;
    }
}

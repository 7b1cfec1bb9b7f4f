package actionlog.cli;

import actionlog.support.Output;
import actionlog.support.RowOutput;
import actionlog.support.archive.SqlEngine;
import actionlog.support.archive.SqlResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Ask the archive anything, over its whole retention: SQL over the table events (one column per "
                + "event field, '.' as '_': user_id, url_path, http_response_status_code, ...; partitioned by event_date). "
                + "Deployed it runs on Amazon Athena in the stack's workgroup and prints the bytes scanned and their cost; "
                + "with --local on DuckDB over the local runtime's archive.",
        footer = {"", "Examples:",
                "  actionlog sql --local \"SELECT count(*) AS n FROM events WHERE user_id = 'alice'\"",
                "  actionlog sql \"SELECT date_trunc('hour', event_received_at) AS hour, count(*) AS errors FROM events"
                        + " WHERE event_date = DATE '2026-11-22' AND url_path LIKE '/checkout%' AND http_response_status_code >= 500"
                        + " GROUP BY 1 ORDER BY 1\" -o csv",
                "", "More questions and their SQL: README, 'Analytics'. Columns: docs/EVENT_SCHEMA.md, 'Archive (SQL)'."})
final class SqlCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @Parameters(paramLabel = "SQL", description = "One SQL statement over the table events.")
    String sql;

    @Option(names = {"-o", "--output"}, description = "table, json, jsonl or csv. Default: ${DEFAULT-VALUE}.")
    Output.Format output = Output.Format.table;

    @Override
    public Integer call() {
        if (sql == null || sql.isBlank()) throw new IllegalArgumentException("no SQL given; e.g. actionlog sql --local \"SELECT count(*) FROM events\"");
        try (SqlEngine engine = target.archiveSql()) {
            SqlResult result = engine.query(sql, List.of());
            RowOutput.print(result.columns(), result.rows(), output, spec.commandLine().getOut());
            if (result.scannedBytes() >= 0) {
                spec.commandLine().getErr().printf("scanned %s on %s, ≈ $%.6f (Athena bills at least 10 MB a query)%n",
                        bytes(result.scannedBytes()), engine.describe(), result.costUsd());
            }
        }
        return 0;
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MiB", n / 1048576.0);
        return String.format("%.2f GiB", n / 1073741824.0);
    }
}

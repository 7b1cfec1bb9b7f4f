package actionlog.cli;

import actionlog.core.ArchiveDelivery;
import actionlog.support.EventStore;
import actionlog.support.Progress;
import actionlog.support.TimeRange;
import actionlog.support.archive.ArchiveBackfill;
import actionlog.support.archive.AthenaSql;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "archive", mixinStandardHelpOptions = true, description = "Operations on the archive (see `actionlog sql`).",
        subcommands = {ArchiveCommand.Backfill.class})
final class ArchiveCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Fill the archive from the table: every event of the range not archived yet, each once (run it twice "
                    + "and the second run adds nothing). For a table that existed before its archive, or after the alarm "
                    + "ArchiveSkipped or ArchiveDeliveryFailures. Reads the table hour by hour through the search index "
                    + "(what a `search` of the range costs; never a Scan); deployed, stages the rows as Parquet in the archive "
                    + "bucket and MERGEs them into the Iceberg table with Athena.",
            footer = {"", "Examples:", "  actionlog archive backfill --local --since 7d",
                    "  actionlog archive backfill --from 2026-11-01 --to 2026-11-22T12:00"})
    static final class Backfill implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin TargetOptions target;

        @Option(names = "--since", description = "The last DURATION, e.g. 7d.")
        String since;

        @Option(names = "--from", description = "Start: ISO-8601 (in --tz, or ...Z) or relative (30d).")
        String from;

        @Option(names = "--to", description = "End (default: now; deployed, minus the archive's delivery delay, so rows "
                + "still on their way are not added twice).")
        String to;

        @Option(names = "--tz", description = "Time zone of --from/--to without one (default: system).")
        ZoneId zone = ZoneId.systemDefault();

        @Override
        public Integer call() {
            if (since == null && from == null) throw new IllegalArgumentException("a back-fill needs a start; pass --since (e.g. 7d) or --from");
            Instant now = Instant.now();
            TimeRange range = TimeRange.of(since, from, to, zone, now);
            if (to == null) { // what is younger may still be on its way to the archive
                range = new TimeRange(range.fromMs(), now.minus(ArchiveDelivery.settle(target.local)).toEpochMilli());
            }
            Progress progress = Progress.stderr(spec.commandLine().getErr());
            ArchiveBackfill.Result result;
            try (DynamoDbClient dynamo = target.dynamo()) {
                ArchiveBackfill backfill = new ArchiveBackfill(new EventStore(dynamo, target.table(), spec.commandLine().getErr()::println),
                        progress::update);
                if (target.local) {
                    result = backfill.intoLocal(range, target.localArchive());
                } else {
                    try (AthenaSql athena = target.athena(); S3Client s3 = target.s3()) {
                        result = backfill.intoAthena(range, athena, s3, target.archiveBucket());
                    }
                }
            }
            progress.done();
            spec.commandLine().getOut().println("read " + result.read() + " event(s) from the table; added " + result.added()
                    + " the archive did not have" + (result.read() > result.added() ? " (the others were archived already)" : ""));
            return 0;
        }
    }
}

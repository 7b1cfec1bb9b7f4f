package actionlog.infra;

import actionlog.core.Mode;
import actionlog.core.StackContract;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The whole product: capture → queue → consumer → store, with alarms. One construct per runtime module. */
public final class ActionlogStack extends Stack {
    public final EventQueue queue;
    public final EventTable table;
    public final CaptureFunction capture;
    public final ConsumerFunction consumer;
    public final Alarms alarms;
    public final AccessPolicies access;

    public static final String OUTPUT_SUPPORT_POLICY = "SupportPolicyArn";
    public static final String OUTPUT_OPERATOR_POLICY = "OperatorPolicyArn";
    public static final String OUTPUT_EDGE_LOG_GROUP = "EdgeLogGroup";
    /** Null with {@code -c archive=false}. */
    public final EventArchive archive;

    public ActionlogStack(Construct scope, String id, StackProps props, StackConfig config) {
        super(scope, id, props);
        queue = new EventQueue(this, "Queue", new EventQueue.Props(ConsumerFunction.TIMEOUT));
        table = new EventTable(this, "Store", config.searchIndex(), config.archive());
        capture = new CaptureFunction(this, "Capture", new CaptureFunction.Props(config, queue.queue));
        consumer = new ConsumerFunction(this, "Consumer", new ConsumerFunction.Props(config, queue.queue, table.table));
        alarms = new Alarms(this, "Alarms", new Alarms.Props(queue.queue, queue.deadLetters, capture.function,
                consumer.function, config.alarmEmail()));
        access = new AccessPolicies(this, "Access", new AccessPolicies.Props(table.table, table.indexNames, queue.queue,
                queue.deadLetters, capture.logGroup));
        archive = config.archive() ? new EventArchive(this, "Archive", new EventArchive.Props(table.table,
                config.archiveRetentionDays(), config.archiveQueryLimitMb())) : null;
        if (archive != null) archiveAlarms(archive);

        output(StackContract.OUTPUT_EDGE_URL, capture.url, "Where users' traffic goes (CloudFront, or the HTTP API without it)");
        output(StackContract.OUTPUT_QUEUE_URL, queue.queue.getQueueUrl(), "Events queue (actionlog replay --queue-url)");
        output(StackContract.OUTPUT_DLQ_URL, queue.deadLetters.getQueueUrl(), "Dead-letter queue (actionlog dlq peek --dlq-url)");
        output(StackContract.OUTPUT_TABLE_NAME, table.table.getTableName(), "Events table (actionlog trace --table)");
        if (config.traceLinkTemplate() != null) {
            output(StackContract.OUTPUT_TRACE_LINK_TEMPLATE, config.traceLinkTemplate(), "Link to the backend's trace of an event (actionlog request, UI)");
        }
        output(OUTPUT_SUPPORT_POLICY, access.support.getManagedPolicyArn(), "Managed policy for support staff: read events (README: Who may run what)");
        output(OUTPUT_OPERATOR_POLICY, access.operator.getManagedPolicyArn(), "Managed policy for operators: queues, recover, forget's writes");
        output(OUTPUT_EDGE_LOG_GROUP, capture.logGroup.getLogGroupName(), "The edge's log group, kept after a teardown: fallback lines for actionlog recover");
        output(StackContract.OUTPUT_MODE, config.origin() == null ? Mode.COLLECT.value() : Mode.PROXY.value() + " to " + config.origin(), "Edge mode");
        if (archive != null) {
            output(StackContract.OUTPUT_ARCHIVE_WORKGROUP, archive.workGroup.getRef(), "Athena workgroup of the archive (actionlog sql)");
            output(StackContract.OUTPUT_ARCHIVE_DATABASE, archive.databaseName, "Glue database of the archive's table events");
            output(StackContract.OUTPUT_ARCHIVE_BUCKET, archive.bucket.getBucketName(), "Archive bucket (actionlog archive backfill stages there)");
        }
    }

    /** What says the archive misses rows, or will: each with the way to repair. */
    private void archiveAlarms(EventArchive archive) {
        var metrics = archive.alarmMetrics();
        String backfill = "; once fixed, run `actionlog archive backfill --from <start> --to <end>` for the period";
        alarms.alarm("ArchiveDeliveryErrors", "Firehose could not write rows into the archive's Iceberg table (they wait under "
                + "s3://<archive bucket>/" + actionlog.core.ArchiveSchema.ERRORS_PREFIX + ", with the reason)" + backfill,
                metrics.get("ArchiveDeliveryErrors"), 0);
        alarms.alarm("ArchiveFreshness", "Rows wait more than 15 minutes in the archive's delivery: Firehose cannot commit to the table",
                metrics.get("ArchiveFreshness"), 900);
        alarms.alarm("ArchiveLag", "The archive function is more than 10 minutes behind the table; records older than 24 hours "
                + "leave the stream unarchived" + backfill, metrics.get("ArchiveLag"), 600_000);
        alarms.alarm("ArchiveSkipped", "Batches of the table's stream were given up on after retries: each message of the Skipped "
                + "queue names its time range" + backfill, metrics.get("ArchiveSkipped"), 0);
        alarms.alarm("ArchiveRefusals", "Firehose refused archive rows; the stream hands them over again (lasting refusals end in "
                + "ArchiveSkipped)", metrics.get("ArchiveRefusals"), 0);
        alarms.alarm("ArchiveErrors", "The archive function failed invocations", metrics.get("ArchiveErrors"), 0);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}

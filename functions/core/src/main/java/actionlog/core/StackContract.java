package actionlog.core;

import java.util.List;

/** What the deployed stack promises the command line: its default name and the outputs the CLI reads. */
public final class StackContract {
    private StackContract() {}

    /** The stack name `cdk deploy` uses and `actionlog --stack` defaults to. */
    public static final String STACK_NAME = "Actionlog";

    public static final String OUTPUT_EDGE_URL = "EdgeUrl";
    public static final String OUTPUT_QUEUE_URL = "QueueUrl";
    public static final String OUTPUT_DLQ_URL = "DeadLetterQueueUrl";
    public static final String OUTPUT_TABLE_NAME = "TableName";
    public static final String OUTPUT_MODE = "Mode";
    /** Every output the CLI may read, in the order the stack declares them (the trace link only when configured). */
    public static final List<String> OUTPUTS = List.of(OUTPUT_EDGE_URL, OUTPUT_QUEUE_URL, OUTPUT_DLQ_URL, OUTPUT_TABLE_NAME, OUTPUT_MODE);
    /** Present when a trace link template is configured; the CLI and the web timeline build trace links with it. */
    public static final String OUTPUT_TRACE_LINK_TEMPLATE = "TraceLinkTemplate";
    /** Present with the archive (context key archive, on by default): where `actionlog sql` runs and what it reads. */
    public static final String OUTPUT_ARCHIVE_WORKGROUP = "ArchiveWorkGroup";
    public static final String OUTPUT_ARCHIVE_DATABASE = "ArchiveDatabase";
    /** The archive bucket: `archive backfill` stages rows there. */
    public static final String OUTPUT_ARCHIVE_BUCKET = "ArchiveBucket";
}

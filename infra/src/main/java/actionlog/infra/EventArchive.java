package actionlog.infra;

import actionlog.core.ArchiveDelivery;
import actionlog.core.ArchiveSchema;
import actionlog.core.Env;
import actionlog.core.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.logs.CfnLogStream;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The archive: every event the table stores, also a row of an Apache Iceberg table on S3 (Glue catalog), asked with SQL
 * on Athena (docs/adr/0006-archive-from-the-table-stream.md). The table's stream feeds the archive function (the consumer
 * jar's {@code ArchiveHandler}), which hands rows to Firehose's Iceberg delivery; Athena runs in a workgroup of its own
 * with encrypted results and a per-query scan limit; a daily schedule deletes rows past the retention, compacts
 * yesterday's small files and expires old snapshots. Buckets are private, TLS-only, SSE-S3 encrypted, access-logged.
 */
public final class EventArchive extends Construct {
    /**
     * @param retentionDays days a row is kept (context key archiveRetentionDays), independent of the table's TTL
     * @param queryLimitMb  the workgroup's per-query scan limit (context key archiveQueryLimitMb)
     */
    public record Props(ITable table, int retentionDays, int queryLimitMb) {}

    public final Bucket bucket;
    public final Bucket results;
    public final CfnDatabase database;
    public final CfnTable events;
    public final CfnDeliveryStream delivery;
    public final Function function;
    public final Queue skipped;
    public final CfnWorkGroup workGroup;
    public final String databaseName;
    public final String workGroupName;

    public EventArchive(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        // names derive from the stack's, so two stacks in one account never share them (Glue and Athena need a name)
        databaseName = stack.getStackName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_archive";
        workGroupName = stack.getStackName() + "-archive";

        Bucket accessLogs = bucket("AccessLogs", null, List.of(LifecycleRule.builder().expiration(Duration.days(90)).build()));
        Nag.accept(accessLogs, "AwsSolutions-S1", "the access-log destination of the archive buckets; logging it into itself would loop");
        bucket = bucket("Bucket", accessLogs, List.of(
                // the scheduled DELETE and VACUUM keep the table within its retention; this only removes what they left
                LifecycleRule.builder().id("DataPastRetention").prefix(ArchiveSchema.TABLE_PREFIX + "data/")
                        .expiration(Duration.days(props.retentionDays() + 30)).build(),
                LifecycleRule.builder().id("DeliveryErrors").prefix(ArchiveSchema.ERRORS_PREFIX)
                        .expiration(Duration.days(props.retentionDays())).build(),
                LifecycleRule.builder().id("AbandonedBackfills").prefix(ArchiveSchema.BACKFILL_PREFIX)
                        .expiration(Duration.days(7)).build(),
                LifecycleRule.builder().id("Uploads").abortIncompleteMultipartUploadAfter(Duration.days(1)).build()));
        // query results hold rows of the archive: kept a week, then gone
        results = bucket("QueryResults", accessLogs, List.of(LifecycleRule.builder().expiration(Duration.days(7)).build()));

        database = CfnDatabase.Builder.create(this, "Database").catalogId(stack.getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder().name(databaseName)
                        .description("actionlog archive: the events table, and the staging table of back-fills").build())
                .build();
        events = icebergTable();
        CfnTable staging = backfillTable();
        staging.getNode().addDependency(database);
        events.getNode().addDependency(database);

        delivery = delivery();
        skipped = Queue.Builder.create(this, "Skipped")
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        Nag.accept(skipped, "AwsSolutions-SQS3", "the failure destination of the archive function's stream mapping: it keeps the "
                + "shard and time range of batches given up on, for `actionlog archive backfill`; nothing consumes it to redrive");
        function = archiveFunction(props.table());
        workGroup = workGroup(props.queryLimitMb());
        maintenance(props.retentionDays());
    }

    /** A private, TLS-only, SSE-S3 bucket, access-logged into {@code logs} (none for the log bucket itself). */
    private Bucket bucket(String id, Bucket logs, List<LifecycleRule> lifecycle) {
        Bucket.Builder builder = Bucket.Builder.create(this, id)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(lifecycle)
                .removalPolicy(RemovalPolicy.RETAIN);
        Bucket bucket = builder.build();
        if (logs != null) {
            // S3 log delivery writes through the log bucket's policy, ACLs stay off (CDK's serverAccessLogsBucket would
            // need ACLs on the log bucket without the serverAccessLogsUseBucketPolicy feature flag)
            ((CfnBucket) bucket.getNode().getDefaultChild()).setLoggingConfiguration(CfnBucket.LoggingConfigurationProperty.builder()
                    .destinationBucketName(logs.getBucketName()).logFilePrefix(id + "/").build());
        } else {
            bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("S3ServerAccessLogs")
                    .principals(List.of(new ServicePrincipal("logging.s3.amazonaws.com")))
                    .actions(List.of("s3:PutObject"))
                    .resources(List.of(bucket.arnForObjects("*")))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                    .build());
        }
        return bucket;
    }

    /** The columns of {@link ArchiveSchema} as Glue columns, the partition column aside. */
    private static List<CfnTable.ColumnProperty> columns(boolean withDay) {
        return ArchiveSchema.COLUMNS.stream().filter(c -> withDay || !c.name().equals(ArchiveSchema.DAY))
                .map(c -> CfnTable.ColumnProperty.builder().name(c.name()).type(c.type().sql).build()).toList();
    }

    /** The Iceberg table (format v2), identity-partitioned by the UTC day; Glue writes its first metadata. */
    private CfnTable icebergTable() {
        String location = "s3://" + bucket.getBucketName() + "/" + ArchiveSchema.TABLE;
        return CfnTable.Builder.create(this, "Events").catalogId(Stack.of(this).getAccount()).databaseName(databaseName)
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(ArchiveSchema.TABLE)
                        .description("every stored actionlog event: one column per field ('.' as '_'), headers as a map")
                        .tableType("EXTERNAL_TABLE")
                        .parameters(ordered("table_type", "ICEBERG", "write.parquet.compression-codec", "zstd"))
                        .partitionKeys(List.of(CfnTable.ColumnProperty.builder().name(ArchiveSchema.DAY)
                                .type(ArchiveSchema.Type.DATE.sql).build()))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location(location).columns(columns(false)).build())
                        .build())
                .openTableFormatInput(CfnTable.OpenTableFormatInputProperty.builder()
                        .icebergInput(CfnTable.IcebergInputProperty.builder().metadataOperation("CREATE").version("2").build())
                        .build())
                .build();
    }

    /** Plain Parquet files a back-fill stages, MERGEd into the Iceberg table by event id (see ArchiveBackfill). */
    private CfnTable backfillTable() {
        return CfnTable.Builder.create(this, "Backfill").catalogId(Stack.of(this).getAccount()).databaseName(databaseName)
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(ArchiveSchema.BACKFILL_TABLE)
                        .description("rows staged by `actionlog archive backfill`, deleted after each run")
                        .tableType("EXTERNAL_TABLE")
                        .parameters(ordered("classification", "parquet"))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location("s3://" + bucket.getBucketName() + "/" + ArchiveSchema.BACKFILL_PREFIX)
                                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe").build())
                                .columns(columns(true)).build())
                        .build())
                .build();
    }

    /**
     * Firehose's Iceberg delivery, append-only (it then scales with the traffic instead of the 1–5 MiB/s of a stream
     * that also updates): a commit every {@link ArchiveDelivery#FIREHOSE_BUFFER_SECONDS} s, retried for 5 minutes, what
     * still fails written to {@value ArchiveSchema#ERRORS_PREFIX} and counted (alarm ArchiveDeliveryErrors).
     */
    private CfnDeliveryStream delivery() {
        LogGroup logs = LogGroup.Builder.create(this, "DeliveryLogs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        CfnLogStream logStream = CfnLogStream.Builder.create(this, "DeliveryLogStream").logGroupName(logs.getLogGroupName())
                .logStreamName("IcebergDelivery").build();
        Role role = Role.Builder.create(this, "DeliveryRole").assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                .description("actionlog archive delivery: writes the events Iceberg table and its error prefix").build();
        Stack stack = Stack.of(this);
        String catalog = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount() + ":catalog";
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:UpdateTable"))
                .resources(List.of(catalog, databaseArn(), tableArn(ArchiveSchema.TABLE))).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket",
                        "s3:ListBucketMultipartUploads", "s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects(ArchiveSchema.TABLE_PREFIX + "*"),
                        bucket.arnForObjects(ArchiveSchema.ERRORS_PREFIX + "*"))).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn())).build());
        Nag.accept(role, "AwsSolutions-IAM5", "object ARNs under the table's and the error prefix: Firehose writes new data and "
                + "metadata files under them, named as it goes");
        CfnDeliveryStream stream = CfnDeliveryStream.Builder.create(this, "Delivery")
                .deliveryStreamType("DirectPut")
                .deliveryStreamEncryptionConfigurationInput(CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
                        .keyType("AWS_OWNED_CMK").build())
                .icebergDestinationConfiguration(CfnDeliveryStream.IcebergDestinationConfigurationProperty.builder()
                        .roleArn(role.getRoleArn())
                        .catalogConfiguration(CfnDeliveryStream.CatalogConfigurationProperty.builder().catalogArn(catalog).build())
                        .appendOnly(true)
                        .destinationTableConfigurationList(List.of(CfnDeliveryStream.DestinationTableConfigurationProperty.builder()
                                .destinationDatabaseName(databaseName).destinationTableName(ArchiveSchema.TABLE)
                                .s3ErrorOutputPrefix(ArchiveSchema.ERRORS_PREFIX).build()))
                        .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                .intervalInSeconds(ArchiveDelivery.FIREHOSE_BUFFER_SECONDS).sizeInMBs(128).build())
                        .retryOptions(CfnDeliveryStream.RetryOptionsProperty.builder().durationInSeconds(300).build())
                        .s3BackupMode("FailedDataOnly")
                        .s3Configuration(CfnDeliveryStream.S3DestinationConfigurationProperty.builder()
                                .bucketArn(bucket.getBucketArn()).roleArn(role.getRoleArn())
                                .errorOutputPrefix(ArchiveSchema.ERRORS_PREFIX).compressionFormat("GZIP").build())
                        .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder().enabled(true)
                                .logGroupName(logs.getLogGroupName()).logStreamName(logStream.getRef()).build())
                        .build())
                .build();
        stream.getNode().addDependency(role);
        stream.getNode().addDependency(events);
        return stream;
    }

    /**
     * The archive function on the table's stream: new images only, from the stream's start, batches of up to 1,000
     * within {@link ArchiveDelivery#STREAM_WINDOW_SECONDS} s, a refused row retried from itself (partial batch
     * responses), a batch still failing after 10 retries split in halves and finally handed to {@link #skipped}.
     */
    private Function archiveFunction(ITable table) {
        LambdaDefaults.Basics basics = LambdaDefaults.basics(this, "actionlog archive: the table's stream to the archive's delivery");
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Env.ARCHIVE_STREAM, delivery.getRef());
        env.put(Env.STACK_NAME, Stack.of(this).getStackName());
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        Function fn = Function.Builder.create(this, "Function")
                .description("actionlog archive: DynamoDB stream → Firehose Iceberg delivery, inserted events only")
                .runtime(Runtime.JAVA_21).architecture(Architecture.ARM_64).memorySize(512).timeout(Duration.seconds(60))
                .handler("actionlog.consumer.ArchiveHandler::handleRequest")
                .code(Code.fromAsset(Artifacts.jar("consumer")))
                .role(basics.role()).logGroup(basics.logGroup()).loggingFormat(LoggingFormat.JSON)
                .environment(env)
                .build();
        Nag.accept(fn, "AwsSolutions-L1", Nag.RUNTIME_REASON);
        fn.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("firehose:PutRecordBatch"))
                .resources(List.of(delivery.getAttrArn())).build());
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"))
                .resources(List.of(table.getTableStreamArn())).build());
        fn.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("dynamodb:ListStreams")).resources(List.of("*")).build());
        fn.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                .resources(List.of(skipped.getQueueArn())).build());
        Nag.accept(basics.role(), "AwsSolutions-IAM5", "dynamodb:ListStreams has no resource-level permission; Lambda's stream poller "
                + "calls it; every other action names the table's stream, the delivery stream or the failure queue");
        EventSourceMapping mapping = fn.addEventSourceMapping("Stream", EventSourceMappingOptions.builder()
                .eventSourceArn(table.getTableStreamArn())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(1000)
                .maxBatchingWindow(Duration.seconds(ArchiveDelivery.STREAM_WINDOW_SECONDS))
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(10)
                .onFailure(failureQueue()) // SqsDlq would also grant GetQueueUrl and GetQueueAttributes, never called
                .build());
        mapping.getNode().addDependency(fn.getRole());
        return fn;
    }

    /** The {@link #skipped} queue as the mapping's failure destination, without a grant beyond sqs:SendMessage. */
    private IEventSourceDlq failureQueue() {
        return new IEventSourceDlq() {
            @Override
            public DlqDestinationConfig bind(IEventSourceMapping target, IFunction handler) {
                return DlqDestinationConfig.builder().destination(skipped.getQueueArn()).build();
            }
        };
    }

    /** Athena engine 3, the stack's result location (SSE-S3) and scan limit enforced on every query of the workgroup. */
    private CfnWorkGroup workGroup(int queryLimitMb) {
        return CfnWorkGroup.Builder.create(this, "WorkGroup").name(workGroupName)
                .description("actionlog archive: SQL over the events table (actionlog sql)")
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(queryLimitMb * 1024L * 1024L)
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder().selectedEngineVersion("Athena engine version 3").build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + results.getBucketName() + "/")
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder().encryptionOption("SSE_S3").build())
                                .build())
                        .build())
                .build();
    }

    /**
     * Daily, in the workgroup: rows past the retention deleted (whole days, so Iceberg drops files instead of writing
     * delete files), yesterday's small files compacted, snapshots older than Athena's default 5 days expired with the
     * files only they referenced. EventBridge Scheduler calls Athena directly; no function of ours runs.
     */
    private void maintenance(int retentionDays) {
        Role role = Role.Builder.create(this, "MaintenanceRole").assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .description("actionlog archive maintenance: retention, compaction and snapshot expiry through Athena").build();
        Stack stack = Stack.of(this);
        String workGroupArn = "arn:" + stack.getPartition() + ":athena:" + stack.getRegion() + ":" + stack.getAccount()
                + ":workgroup/" + workGroupName;
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution"))
                .resources(List.of(workGroupArn)).build());
        String catalog = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount() + ":catalog";
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:UpdateTable"))
                .resources(List.of(catalog, databaseArn(), tableArn(ArchiveSchema.TABLE))).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation",
                        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects(ArchiveSchema.TABLE_PREFIX + "*"),
                        results.getBucketArn(), results.arnForObjects("*"))).build());
        Nag.accept(role, "AwsSolutions-IAM5", "object ARNs under the table's prefix and in the results bucket: Athena reads and "
                + "rewrites the table's files and writes each query's result, all named as it goes");
        String table = ArchiveSchema.TABLE;
        schedule("Retention", "cron(15 3 * * ? *)", "DELETE FROM " + table + " WHERE " + ArchiveSchema.DAY
                + " < current_date - INTERVAL '" + retentionDays + "' DAY", role);
        schedule("Compaction", "cron(15 4 * * ? *)", "OPTIMIZE " + table + " REWRITE DATA USING BIN_PACK WHERE "
                + ArchiveSchema.DAY + " = current_date - INTERVAL '1' DAY", role);
        schedule("SnapshotExpiry", "cron(15 5 * * ? *)", "VACUUM " + table, role);
    }

    private void schedule(String id, String cron, String sql, Role role) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("QueryString", sql);
        input.put("WorkGroup", workGroupName);
        input.put("QueryExecutionContext", Map.of("Database", databaseName));
        CfnSchedule schedule = CfnSchedule.Builder.create(this, id)
                .description("actionlog archive: " + sql)
                .scheduleExpression(cron)
                .scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("FLEXIBLE").maximumWindowInMinutes(30).build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn("arn:" + Stack.of(this).getPartition() + ":scheduler:::aws-sdk:athena:startQueryExecution")
                        .roleArn(role.getRoleArn())
                        .input(Json.write(input))
                        .build())
                .build();
        schedule.getNode().addDependency(workGroup);
        schedule.getNode().addDependency(role);
    }

    private String databaseArn() {
        Stack stack = Stack.of(this);
        return "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount() + ":database/" + databaseName;
    }

    private String tableArn(String table) {
        Stack stack = Stack.of(this);
        return "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount() + ":table/" + databaseName + "/" + table;
    }

    /** Archive metrics the alarms watch, by name. */
    public Map<String, IMetric> alarmMetrics() {
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        Map<String, String> streamDimension = Map.of("DeliveryStreamName", delivery.getRef());
        metrics.put("ArchiveDeliveryErrors", Metric.Builder.create().namespace("AWS/Firehose").metricName("DeliveryToIceberg.FailedRowCount")
                .dimensionsMap(streamDimension).statistic("Sum").period(Duration.minutes(5)).build());
        metrics.put("ArchiveFreshness", Metric.Builder.create().namespace("AWS/Firehose").metricName("DeliveryToIceberg.DataFreshness")
                .dimensionsMap(streamDimension).statistic("Maximum").period(Duration.minutes(5)).build());
        metrics.put("ArchiveLag", function.metric("IteratorAge", software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                .statistic("Maximum").period(Duration.minutes(5)).build()));
        metrics.put("ArchiveSkipped", skipped.metricApproximateNumberOfMessagesVisible());
        metrics.put("ArchiveRefusals", Metric.Builder.create().namespace(actionlog.core.Metrics.NAMESPACE)
                .metricName(actionlog.core.Metrics.ARCHIVE_DELIVERY_FAILURES)
                .dimensionsMap(Map.of(actionlog.core.Metrics.STACK_DIMENSION, Stack.of(this).getStackName()))
                .statistic("Sum").period(Duration.minutes(5)).build());
        metrics.put("ArchiveErrors", function.metricErrors());
        return metrics;
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put(keyValues[i], keyValues[i + 1]);
        return map;
    }
}

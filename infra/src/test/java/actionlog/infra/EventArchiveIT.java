package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ArchiveDelivery;
import actionlog.core.ArchiveSchema;
import actionlog.core.Env;
import actionlog.core.SettingCatalog;
import actionlog.core.StackContract;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The archive in the synthesized template: its table, its delivery, its workgroup, its grants and its retention. */
class EventArchiveIT {
    static Template template;

    @BeforeAll
    static void synth() {
        template = ActionlogStackIT.synth(Map.of("archiveRetentionDays", "500", "archiveQueryLimitMb", "2048"));
    }

    @Test
    void shouldStreamNewImagesOfTheTableToTheArchiveFunction_whenTheArchiveIsOn() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE")));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("StoreEvents.*"), "StreamArn")),
                "StartingPosition", "TRIM_HORIZON", "BatchSize", 1000,
                "MaximumBatchingWindowInSeconds", ArchiveDelivery.STREAM_WINDOW_SECONDS,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 10,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("ArchiveSkipped.*"), "Arn"))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "actionlog.consumer.ArchiveHandler::handleRequest",
                "Runtime", "java21", "Architectures", List.of("arm64"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(Env.ARCHIVE_STREAM,
                        Map.of("Ref", Match.stringLikeRegexp("ArchiveDelivery.*")))))));
    }

    @Test
    void shouldDeliverAppendOnlyIntoTheIcebergTableWithFailuresKept_whenFirehoseWrites() {
        Capture table = new Capture();
        template.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Map.of(
                "DeliveryStreamType", "DirectPut",
                "DeliveryStreamEncryptionConfigurationInput", Map.of("KeyType", "AWS_OWNED_CMK"),
                "IcebergDestinationConfiguration", Match.objectLike(Map.of(
                        "AppendOnly", true,
                        "BufferingHints", Map.of("IntervalInSeconds", ArchiveDelivery.FIREHOSE_BUFFER_SECONDS, "SizeInMBs", 128),
                        "DestinationTableConfigurationList", List.of(Map.of("DestinationDatabaseName", "actionlog_archive",
                                "DestinationTableName", table, "S3ErrorOutputPrefix", ArchiveSchema.ERRORS_PREFIX)),
                        "s3BackupMode", "FailedDataOnly")))); // so spelt in CloudFormation's Iceberg destination
        assertEquals(ArchiveSchema.TABLE, table.asString());
    }

    @Test
    void shouldDeclareTheIcebergTableWithEveryColumnOfTheSchema_whenRegisteredInGlue() {
        Capture columns = new Capture();
        template.hasResourceProperties("AWS::Glue::Table", Map.of("TableInput", Match.objectLike(Map.of(
                "Name", ArchiveSchema.TABLE,
                "Parameters", Map.of("table_type", "ICEBERG", "write.parquet.compression-codec", "zstd"),
                "PartitionKeys", List.of(Map.of("Name", ArchiveSchema.DAY, "Type", "date")),
                "StorageDescriptor", Match.objectLike(Map.of("Columns", columns)))),
                "OpenTableFormatInput", Map.of("IcebergInput", Map.of("MetadataOperation", "CREATE", "Version", "2"))));
        List<Object> expected = ArchiveSchema.COLUMNS.stream().filter(c -> !c.name().equals(ArchiveSchema.DAY))
                .map(c -> (Object) Map.of("Name", c.name(), "Type", c.type().sql)).toList();
        assertEquals(expected, columns.asArray());
        template.hasResourceProperties("AWS::Glue::Table", Map.of("TableInput", Match.objectLike(Map.of(
                "Name", ArchiveSchema.BACKFILL_TABLE, "Parameters", Map.of("classification", "parquet")))));
    }

    @Test
    void shouldLimitAndEncryptEveryQuery_whenTheWorkgroupRunsThem() {
        template.hasResourceProperties("AWS::Athena::WorkGroup", Map.of("Name", "Actionlog-archive",
                "WorkGroupConfiguration", Match.objectLike(Map.of(
                        "EnforceWorkGroupConfiguration", true,
                        "BytesScannedCutoffPerQuery", 2048L * 1024 * 1024,
                        "EngineVersion", Map.of("SelectedEngineVersion", "Athena engine version 3"),
                        "ResultConfiguration", Map.of("OutputLocation", Match.anyValue(),
                                "EncryptionConfiguration", Map.of("EncryptionOption", "SSE_S3"))))));
        for (String output : List.of(StackContract.OUTPUT_ARCHIVE_WORKGROUP, StackContract.OUTPUT_ARCHIVE_DATABASE,
                StackContract.OUTPUT_ARCHIVE_BUCKET)) {
            assertFalse(template.findOutputs(output).isEmpty(), output);
        }
    }

    @Test
    void shouldKeepBucketsPrivateEncryptedAndRetainedByTheirOwnRule_whenStoringTheArchive() {
        template.resourceCountIs("AWS::S3::Bucket", 3);
        template.allResourcesProperties("AWS::S3::Bucket", Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Effect", "Deny", "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))), "Version", "2012-10-17")));
        template.hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Id", "DataPastRetention", "Prefix", "events/data/", "ExpirationInDays", 530)))))));
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("Target", Match.objectLike(Map.of(
                "Arn", Match.anyValue(),
                "Input", Match.stringLikeRegexp(".*DELETE FROM events WHERE event_date < current_date - INTERVAL '500' DAY.*")))));
        template.resourceCountIs("AWS::Scheduler::Schedule", 3);
    }

    @Test
    void shouldGrantEachRoleOnlyWhatItCalls_whenTheArchiveRuns() {
        Template t = template;
        assertEquals(new TreeSet<>(List.of("logs:CreateLogStream", "logs:PutLogEvents", "firehose:PutRecordBatch",
                "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
                "sqs:SendMessage")), ActionlogStackIT.actionsOf(t, "ArchiveRoleDefault"));
        assertEquals(new TreeSet<>(List.of("glue:GetDatabase", "glue:GetTable", "glue:UpdateTable", "s3:AbortMultipartUpload",
                "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject",
                "s3:DeleteObject", "logs:PutLogEvents")), ActionlogStackIT.actionsOf(t, "ArchiveDeliveryRoleDefault"));
        assertFalse(t.toJSON().toString().contains("FullAccess"));
        t.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void shouldCreateNoArchive_whenSwitchedOff() {
        Template off = ActionlogStackIT.synth(Map.of("archive", "false"));
        off.resourceCountIs("AWS::KinesisFirehose::DeliveryStream", 0);
        off.resourceCountIs("AWS::Athena::WorkGroup", 0);
        off.resourceCountIs("AWS::S3::Bucket", 0);
        assertTrue(off.findOutputs(StackContract.OUTPUT_ARCHIVE_WORKGROUP).isEmpty());
        Map<?, ?> table = (Map<?, ?>) off.findResources("AWS::DynamoDB::Table").values().iterator().next();
        assertNull(((Map<?, ?>) table.get("Properties")).get("StreamSpecification"), "no stream without the archive");
    }

    @Test
    void shouldShareDefaultsAndBoundsWithTheSettings_whenRead() {
        StackConfig defaults = StackConfig.from(Map.<String, Object>of()::get);
        assertTrue(defaults.archive());
        assertEquals(SettingCatalog.ARCHIVE_RETENTION_DAYS.fallback(), defaults.archiveRetentionDays());
        assertEquals(SettingCatalog.ARCHIVE_QUERY_LIMIT_MB.fallback(), defaults.archiveQueryLimitMb());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("archiveQueryLimitMb", "5")::get));
        assertTrue(e.getMessage().startsWith("context key 'archiveQueryLimitMb'='5' must be a whole number from 10 to"), e.getMessage());
    }
}

package actionlog.infra;

import actionlog.core.Env;
import actionlog.core.TableSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** The consumer stage: SQS event source with partial-batch responses, writing the table and nothing else. */
public final class ConsumerFunction extends Construct {
    /** Long enough for a batch of 100 with retries of unprocessed items; the queue's visibility is 6× this. */
    public static final Duration TIMEOUT = Duration.seconds(60);

    public record Props(StackConfig config, IQueue queue, ITable table) {}

    public final Function function;

    public ConsumerFunction(Construct scope, String id, Props props) {
        super(scope, id);
        LambdaDefaults.Basics basics = LambdaDefaults.basics(this, "actionlog consumer: writes events from its queue to its table");
        function = Function.Builder.create(this, "Function")
                .description("actionlog consumer: SQS → DynamoDB, idempotent, partial-batch failures")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                // batches of up to 100 JSON events: 1024 MB gives the CPU to parse and write them quickly
                .memorySize(1024)
                .timeout(TIMEOUT)
                .handler("actionlog.consumer.ConsumerHandler::handleRequest")
                .code(Code.fromAsset(Artifacts.jar("consumer")))
                .role(basics.role())
                .logGroup(basics.logGroup())
                .loggingFormat(LoggingFormat.JSON)
                .environment(environment(props))
                .build();
        Nag.accept(function, "AwsSolutions-L1", Nag.RUNTIME_REASON);
        // writes items, nothing else: no deletes, no index ARNs; the only read is the suppression list (erased users)
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:BatchWriteItem"))
                .resources(List.of(props.table().getTableArn()))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:BatchGetItem"))
                .resources(List.of(props.table().getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(TableSchema.ERASURE_PK))))
                .build());
        // the mapping without SqsEventSource's grant, which adds GetQueueUrl and ChangeMessageVisibility: Lambda's
        // poller needs these three actions only
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"))
                .resources(List.of(props.queue().getQueueArn()))
                .build());
        EventSourceMapping mapping = function.addEventSourceMapping("Events", EventSourceMappingOptions.builder()
                .eventSourceArn(props.queue().getQueueArn())
                .batchSize(props.config().consumerBatchSize())
                .maxBatchingWindow(Duration.seconds(props.config().consumerBatchingWindowSeconds()))
                .reportBatchItemFailures(true)
                // caps parallel writers so a backlog cannot throttle the table
                .maxConcurrency(props.config().consumerMaxConcurrency())
                .build());
        // the role's policy must exist before the mapping is created
        mapping.getNode().addDependency(function.getRole());
    }

    private static Map<String, String> environment(Props props) {
        // ordered: the template's bytes must not depend on a JVM's hash seed
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Env.TABLE_NAME, props.table().getTableName());
        env.putAll(props.config().consumerEnvironment());
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return env;
    }
}

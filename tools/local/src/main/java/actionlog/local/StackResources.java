package actionlog.local;

import actionlog.core.QueueLimits;
import actionlog.core.TableSchema;
import actionlog.core.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the queue, its DLQ and the table on any SQS/DynamoDB endpoint (embedded emulators or LocalStack),
 * with the same key schema and indexes the CDK app declares (both read {@link Names}).
 */
public final class StackResources {
    public record Created(String queueUrl, String dlqUrl, String table) {}

    private StackResources() {}

    public static Created create(SqsClient sqs, DynamoDbClient dynamo, String prefix, int visibilityTimeoutSeconds) {
        String dlqUrl = sqs.createQueue(r -> r.queueName(prefix + "-dlq")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = Json.write(Map.of("deadLetterTargetArn", dlqArn, "maxReceiveCount", String.valueOf(QueueLimits.MAX_RECEIVE_COUNT)));
        String queueUrl = sqs.createQueue(r -> r.queueName(prefix + "-events").attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeoutSeconds)))).queueUrl();
        String table = prefix + "-events";
        createTable(dynamo, table);
        return new Created(queueUrl, dlqUrl, table);
    }

    public static void createTable(DynamoDbClient dynamo, String table) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        attributes.add(string(TableSchema.PK));
        attributes.add(string(TableSchema.SK));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSchema.Index index : TableSchema.INDEXES) {
            attributes.add(string(index.partitionKey()));
            List<KeySchemaElement> keys = new ArrayList<>();
            keys.add(KeySchemaElement.builder().attributeName(index.partitionKey()).keyType(KeyType.HASH).build());
            if (index.sortKey() != null) {
                keys.add(KeySchemaElement.builder().attributeName(index.sortKey()).keyType(KeyType.RANGE).build());
            }
            indexes.add(GlobalSecondaryIndex.builder().indexName(index.name()).keySchema(keys)
                    .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(TableSchema.INDEX_ATTRIBUTES)).build());
        }
        try {
            dynamo.createTable(r -> r.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes.stream().distinct().toList())
                    .keySchema(KeySchemaElement.builder().attributeName(TableSchema.PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(TableSchema.SK).keyType(KeyType.RANGE).build())
                    .globalSecondaryIndexes(indexes));
        } catch (ResourceInUseException alreadyThere) {
            return; // a persisted --data directory already has it
        }
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}

package actionlog.local;

import actionlog.core.Json;
import actionlog.core.QueueLimits;
import actionlog.core.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the queue, its DLQ and the table on any SQS/DynamoDB endpoint (embedded emulators, LocalStack, moto),
 * or takes the ones already there when they mean the same,
 * with the same key schema and indexes the CDK app declares (both read {@link TableSchema}).
 */
public final class StackResources {
    public record Created(String queueUrl, String dlqUrl, String table) {}

    private StackResources() {}

    public static Created create(SqsClient sqs, DynamoDbClient dynamo, String prefix, int visibilityTimeoutSeconds) {
        Map<QueueAttributeName, String> dlqAttributes = new LinkedHashMap<>();
        dlqAttributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600");
        String dlqUrl = createQueue(sqs, prefix + "-dlq", dlqAttributes);
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqArn));
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeoutSeconds));
        String queueUrl = createQueue(sqs, prefix + "-events", attributes);
        String table = prefix + "-events";
        createTable(dynamo, table);
        return new Created(queueUrl, dlqUrl, table);
    }

    /**
     * The redrive policy as text in one fixed key order: services and emulators compare it as text when a queue
     * is created again, so the same policy must always read the same.
     */
    static String redrivePolicy(String dlqArn) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put(DEAD_LETTER_TARGET, dlqArn);
        policy.put(MAX_RECEIVE_COUNT, String.valueOf(QueueLimits.MAX_RECEIVE_COUNT));
        return Json.write(policy);
    }

    private static final String DEAD_LETTER_TARGET = "deadLetterTargetArn";
    private static final String MAX_RECEIVE_COUNT = "maxReceiveCount";

    /**
     * Creates the queue, or takes the one already there (an endpoint that keeps its data) when its attributes
     * mean the same; a queue with other settings is a conflict that names the queue and the fix.
     */
    static String createQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException exists) {
            String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            Map<QueueAttributeName, String> found = sqs.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(attributes.keySet())).attributes();
            for (Map.Entry<QueueAttributeName, String> wanted : attributes.entrySet()) {
                String actual = found.get(wanted.getKey());
                if (!sameMeaning(wanted.getKey(), wanted.getValue(), actual)) {
                    throw new IllegalStateException("queue " + name + " already exists (" + url + ") with " + wanted.getKey()
                            + " " + actual + " where this runtime needs " + wanted.getValue() + "; delete it (e.g. `aws sqs "
                            + "delete-queue --queue-url " + url + " --endpoint-url <endpoint>`) or use an endpoint without it");
                }
            }
            return url;
        }
    }

    static boolean sameMeaning(QueueAttributeName name, String wanted, String actual) {
        if (actual == null) return false;
        if (name != QueueAttributeName.REDRIVE_POLICY) return wanted.equals(actual);
        try {
            Map<String, Object> a = Json.readObject(wanted);
            Map<String, Object> b = Json.readObject(actual);
            return String.valueOf(a.get(DEAD_LETTER_TARGET)).equals(String.valueOf(b.get(DEAD_LETTER_TARGET)))
                    && String.valueOf(a.get(MAX_RECEIVE_COUNT)).equals(String.valueOf(b.get(MAX_RECEIVE_COUNT)));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    public static void createTable(DynamoDbClient dynamo, String table) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        attributes.add(string(TableSchema.PK));
        attributes.add(string(TableSchema.SK));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSchema.Index index : TableSchema.INDEXES) {
            attributes.add(string(index.partitionKey()));
            if (index.sortKey() != null) attributes.add(string(index.sortKey()));
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
                    .globalSecondaryIndexes(indexes)
                    .streamSpecification(STREAM));
        } catch (ResourceInUseException alreadyThere) {
            // a persisted --data directory, or an endpoint that keeps its data, already has it: the same keys and
            // indexes are fine, anything else is a conflict
            TableDescription found = dynamo.describeTable(r -> r.tableName(table)).table();
            List<String> wantedIndexes = indexes.stream().map(GlobalSecondaryIndex::indexName).sorted().toList();
            List<String> foundIndexes = found.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                    .sorted().toList();
            List<String> foundKeys = found.keySchema().stream().map(KeySchemaElement::attributeName).toList();
            if (!foundKeys.equals(List.of(TableSchema.PK, TableSchema.SK)) || !foundIndexes.equals(wantedIndexes)) {
                throw new IllegalStateException("table " + table + " already exists with keys " + foundKeys + " and indexes "
                        + foundIndexes + " where this runtime needs " + List.of(TableSchema.PK, TableSchema.SK) + " and " + wantedIndexes
                        + "; delete it (e.g. `aws dynamodb delete-table --table-name " + table
                        + " --endpoint-url <endpoint>`) or use an endpoint or --data directory without it");
            }
        }
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
        if (streamArn(dynamo, table) == null) { // a table kept from before the archive: give it its stream
            dynamo.updateTable(r -> r.tableName(table).streamSpecification(STREAM));
            dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
        }
    }

    /** New images of changed items, as the stack's table streams them to the archive function. */
    static final StreamSpecification STREAM = StreamSpecification.builder().streamEnabled(true)
            .streamViewType(StreamViewType.NEW_IMAGE).build();

    /** The ARN of the table's stream, or null when it has none. */
    public static String streamArn(DynamoDbClient dynamo, String table) {
        TableDescription description = dynamo.describeTable(r -> r.tableName(table)).table();
        boolean enabled = description.streamSpecification() != null && Boolean.TRUE.equals(description.streamSpecification().streamEnabled());
        return enabled ? description.latestStreamArn() : null;
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}

package actionlog.local;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.QueueLimits;
import actionlog.support.Clients;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Queue, DLQ and table on moto's server, an endpoint that keeps its data between runs of the local runtime and
 * compares a queue's attributes as text when it is created again. Skipped where moto_server is absent.
 */
@EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
class StackResourcesMotoIT {
    static MotoServer moto;
    static SqsClient sqs;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        sqs = Clients.sqs(moto.endpoint());
        dynamo = Clients.dynamo(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        if (sqs != null) sqs.close();
        if (dynamo != null) dynamo.close();
        if (moto != null) moto.close();
    }

    @Test
    void theRedrivePolicyIsWrittenInOneFixedKeyOrder() {
        assertEquals("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:x-dlq\",\"maxReceiveCount\":\"5\"}",
                StackResources.redrivePolicy("arn:aws:sqs:us-east-1:123456789012:x-dlq"));
    }

    @Test
    void creatingTwiceOnAnEndpointThatKeepsThemTakesTheSameQueuesAndTable() {
        StackResources.Created first = StackResources.create(sqs, dynamo, "twice", 5);
        StackResources.Created second = StackResources.create(sqs, dynamo, "twice", 5);
        assertEquals(first, second);
    }

    @Test
    void aQueueWhosePolicyReadsInAnotherKeyOrderMeansTheSameAndIsTaken() {
        String dlqUrl = sqs.createQueue(r -> r.queueName("order-dlq")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // as an earlier run may have written it: the other key order, the count as a number
        String reversed = "{\"maxReceiveCount\":" + QueueLimits.MAX_RECEIVE_COUNT + ",\"deadLetterTargetArn\":\"" + dlqArn + "\"}";
        String queueUrl = sqs.createQueue(r -> r.queueName("order-events").attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, reversed, QueueAttributeName.VISIBILITY_TIMEOUT, "5"))).queueUrl();

        StackResources.Created created = StackResources.create(sqs, dynamo, "order", 5);
        assertEquals(new StackResources.Created(queueUrl, dlqUrl, "order-events"), created);
    }

    @Test
    void aQueueWithOtherSettingsIsAConflictThatNamesTheQueueAndTheFix() {
        StackResources.create(sqs, dynamo, "conflict", 5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StackResources.create(sqs, dynamo, "conflict", 7));
        String url = sqs.getQueueUrl(r -> r.queueName("conflict-events")).queueUrl();
        assertEquals("queue conflict-events already exists (" + url + ") with VisibilityTimeout 5 where this runtime needs 7; "
                + "delete it (e.g. `aws sqs delete-queue --queue-url " + url + " --endpoint-url <endpoint>`) or use an endpoint "
                + "without it", e.getMessage());
    }

    @Test
    void aTableWithOtherKeysIsAConflictThatNamesTheTableAndTheFix() {
        dynamo.createTable(r -> r.tableName("other-events").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StackResources.createTable(dynamo, "other-events"));
        assertTrue(e.getMessage().startsWith("table other-events already exists with keys [id] and indexes [] where this runtime "
                + "needs [pk, sk] and [byClientIp, byEventId, byPathTime, bySession]; delete it"), e.getMessage());
    }

    /** The local runtime restarted ten times against one moto server (which keeps queues and table) comes up each time. */
    @Test
    void theLocalRuntimeRestartsTenTimesAgainstOneServer() throws Exception {
        System.setProperty("actionlog.home", Files.createTempDirectory("actionlog-home").toString());
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.options().endpoint(moto.endpoint()).collect(true).pollers(1))) {
                seen.add(List.of(runtime.queueUrl(), runtime.dlqUrl(), runtime.table()));
                assertTrue(runtime.external());
            }
        }
        assertEquals(1, seen.size(), "the same queues and table every time: " + seen);
    }
}

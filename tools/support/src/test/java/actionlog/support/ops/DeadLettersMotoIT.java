package actionlog.support.ops;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.support.Clients;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The redrive against moto's SQS, which has no message move task: the receive/send/delete fallback, with DLQ
 * messages far larger than events. Skipped where moto_server is absent.
 */
@EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
class DeadLettersMotoIT {
    static MotoServer moto;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        sqs = Clients.sqs(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        if (sqs != null) sqs.close();
        if (moto != null) moto.close();
    }

    @Test
    void largeMessagesAreMovedBackInBatchesWithinTheBatchBound() {
        String dlq = sqs.createQueue(r -> r.queueName("large-dlq")).queueUrl();
        String queue = sqs.createQueue(r -> r.queueName("large-events")).queueUrl();
        List<String> bodies = new ArrayList<>();
        for (char c = 'a'; c < 'e'; c++) bodies.add(String.valueOf(c).repeat(100 * 1024)); // 4 × 100 KiB: 400 KiB together
        for (String body : bodies) sqs.sendMessage(r -> r.queueUrl(dlq).messageBody(body));

        DeadLetters.Redrive result = new DeadLetters(sqs, dlq, queue).redrive();
        assertEquals("receive/send/delete", result.method());
        assertEquals(4, result.moved());
        assertEquals("0", sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        List<String> back = new ArrayList<>();
        for (int i = 0; i < 10 && back.size() < 4; i++) {
            sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().stream()
                    .map(Message::body).forEach(back::add);
        }
        assertEquals(bodies, back.stream().sorted().toList());
    }

    @Test
    void peekNeedsOnlyTheDeadLetterQueue() {
        String dlq = sqs.createQueue(r -> r.queueName("peek-only-dlq")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(dlq).messageBody("not an event"));
        DeadLetters dlqOnly = new DeadLetters(sqs, dlq, null);
        assertEquals(List.of("not an event"), dlqOnly.peek(10).stream().map(DeadLetters.Waiting::body).toList());
        assertEquals(1, dlqOnly.depth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, dlqOnly::redrive);
        assertEquals("a redrive needs the events queue; pass --queue-url", e.getMessage());
    }
}

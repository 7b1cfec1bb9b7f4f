package actionlog.infra;

import actionlog.core.QueueLimits;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** The events queue and its dead-letter queue: encrypted, TLS-only, 1 MiB messages, redrive after 5 receives. */
public final class EventQueue extends Construct {
    /** @param consumerTimeout the consumer's timeout; the visibility timeout is 6× it, as Lambda recommends */
    public record Props(Duration consumerTimeout) {}

    public final Queue queue;
    public final Queue deadLetters;

    public EventQueue(Construct scope, String id, Props props) {
        super(scope, id);
        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        queue = Queue.Builder.create(this, "Events")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .maxMessageSizeBytes(1_048_576)
                .retentionPeriod(Duration.days(4))
                .visibilityTimeout(Duration.seconds(props.consumerTimeout().toSeconds().intValue() * 6))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(QueueLimits.MAX_RECEIVE_COUNT).build())
                .build();
    }
}

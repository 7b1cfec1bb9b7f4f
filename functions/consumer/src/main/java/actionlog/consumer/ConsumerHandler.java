package actionlog.consumer;

import actionlog.core.Env;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for the SQS event source (ReportBatchItemFailures). Builds once, then delegates. */
public final class ConsumerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final BatchWriter writer;

    public ConsumerHandler() {
        this(DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Settings.fromEnvironment().required(Env.AWS_REGION, "Lambda sets it; locally export AWS_REGION")))
                .build(), Settings.fromEnvironment());
    }

    public ConsumerHandler(DynamoDbClient dynamo, Settings settings) {
        this.writer = new BatchWriter(dynamo,
                settings.required(Env.TABLE_NAME, "the CDK stack sets it; locally `./actionlog local` does"),
                Duration.ofDays(settings.get(SettingCatalog.RETENTION_DAYS)),
                Thread::sleep, new java.util.Random(), System.out::println, 4);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return writer.write(records(event), context::getRemainingTimeInMillis);
    }

    /**
     * The messages of an SQS event; anything else (a direct invocation with another payload) is refused at once with
     * its reason: a batch response could not name its messages, and nothing of it may be written.
     */
    static List<SQSEvent.SQSMessage> records(SQSEvent event) {
        if (event == null || event.getRecords() == null) throw notSqs("no \"Records\"");
        for (int i = 0; i < event.getRecords().size(); i++) {
            SQSEvent.SQSMessage message = event.getRecords().get(i);
            if (message == null || message.getMessageId() == null || message.getMessageId().isBlank()) {
                throw notSqs("record " + i + " has no messageId");
            }
        }
        return event.getRecords();
    }

    private static IllegalArgumentException notSqs(String why) {
        return new IllegalArgumentException("not an SQS event (" + why + "): the consumer is invoked by its queue's event "
                + "source mapping; to store events, send them to the queue (actionlog replay)");
    }
}

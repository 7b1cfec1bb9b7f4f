package actionlog.consumer;

import actionlog.core.Env;
import actionlog.core.Settings;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for the SQS event source (ReportBatchItemFailures). Builds once, then delegates. */
public final class ConsumerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final BatchWriter writer;

    public ConsumerHandler() {
        this(DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Settings.fromEnvironment().required("AWS_REGION", "Lambda sets it; locally export AWS_REGION")))
                .build(), Settings.fromEnvironment());
    }

    public ConsumerHandler(DynamoDbClient dynamo, Settings settings) {
        this.writer = new BatchWriter(dynamo,
                settings.required(Env.TABLE_NAME, "the CDK stack sets it; locally `./actionlog local` does"),
                Duration.ofDays(settings.integer(Env.RETENTION_DAYS, 90, 1, 3650)),
                Thread::sleep, new java.util.Random(), System.out::println, 4);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return writer.write(event.getRecords(), context::getRemainingTimeInMillis);
    }
}

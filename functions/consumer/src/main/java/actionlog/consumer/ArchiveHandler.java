package actionlog.consumer;

import actionlog.core.Env;
import actionlog.core.Settings;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** Lambda entry point for the table's stream (ReportBatchItemFailures): builds once, then delegates to {@link Archiver}. */
public final class ArchiveHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final Archiver archiver;

    public ArchiveHandler() {
        this(Settings.fromEnvironment());
    }

    ArchiveHandler(Settings settings) {
        this(new Archiver(new FirehoseArchiveSink(FirehoseClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.of(settings.required(Env.AWS_REGION, "Lambda sets it; locally export AWS_REGION")))
                        .build(),
                settings.required(Env.ARCHIVE_STREAM, "the CDK stack sets it to its archive delivery stream"),
                Thread::sleep, new java.util.Random()), System.out::println, settings.string(Env.STACK_NAME, "local")));
    }

    /** Over another sink: the local runtime archives into Parquet files instead of Firehose. */
    public ArchiveHandler(Archiver archiver) {
        this.archiver = archiver;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return archiver.archive(event, context::getRemainingTimeInMillis);
    }
}

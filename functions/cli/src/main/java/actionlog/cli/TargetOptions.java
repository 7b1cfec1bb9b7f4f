package actionlog.cli;

import actionlog.local.Clients;
import actionlog.local.LocalRegistry;
import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the events live, chosen like the AWS CLI does: default credential chain, {@code --profile},
 * {@code --region}, {@code --endpoint-url} (and the SDK's AWS_ENDPOINT_URL variables); or {@code --local}.
 */
public final class TargetOptions {
    @Option(names = "--local", description = "Use the running `actionlog local` runtime.")
    boolean local;

    @Option(names = "--table", description = "Events table name (default: $ACTIONLOG_TABLE).")
    String table;

    @Option(names = "--endpoint-url", description = "Endpoint for DynamoDB and SQS, e.g. a LocalStack URL.")
    URI endpoint;

    @Option(names = "--region", description = "AWS region (default: the SDK's region chain, e.g. $AWS_REGION).")
    String region;

    @Option(names = "--profile", description = "Named profile from ~/.aws/config.")
    String profile;

    @Option(names = "--queue-url", description = "Events queue URL (default: $ACTIONLOG_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--dlq-url", description = "Dead-letter queue URL (default: $ACTIONLOG_DLQ_URL).")
    String dlqUrl;

    private LocalRegistry registry;

    private LocalRegistry registry() {
        if (registry == null) registry = LocalRegistry.read();
        return registry;
    }

    public String table() {
        if (local) return registry().table();
        String name = table != null ? table : System.getenv("ACTIONLOG_TABLE");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("which table? pass --table NAME (the stack output TableName), "
                    + "set ACTIONLOG_TABLE, or use --local for the local runtime");
        }
        return name;
    }

    public String queueUrl() {
        if (local) return registry().queueUrl();
        return required(queueUrl, "ACTIONLOG_QUEUE_URL", "--queue-url (the stack output QueueUrl)");
    }

    public String dlqUrl() {
        if (local) return registry().dlqUrl();
        return required(dlqUrl, "ACTIONLOG_DLQ_URL", "--dlq-url (the stack output DeadLetterQueueUrl)");
    }

    public DynamoDbClient dynamo() {
        if (local) return Clients.dynamo(registry().dynamoEndpoint());
        var builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials());
        if (region != null) builder.region(Region.of(region));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }

    public SqsClient sqs() {
        if (local) return Clients.sqs(registry().sqsEndpoint());
        var builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials());
        if (region != null) builder.region(Region.of(region));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        return profile != null ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
    }

    private static String required(String value, String env, String option) {
        String v = value != null ? value : System.getenv(env);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("pass " + option + ", set " + env + ", or use --local");
        }
        return v;
    }
}

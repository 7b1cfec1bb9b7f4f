package actionlog.support;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for an emulator endpoint: fixed dummy credentials, the URL-connection client, and a region: the
 * embedded emulators always use {@link #LOCAL_REGION}; another endpoint (LocalStack, moto) uses {@link #endpointRegion()}.
 */
public final class Clients {
    public static final String LOCAL_REGION_ID = "us-east-1";
    public static final Region LOCAL_REGION = Region.of(LOCAL_REGION_ID);
    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private Clients() {}

    public static SqsClient sqs(URI endpoint) {
        return sqs(endpoint, LOCAL_REGION);
    }

    public static SqsClient sqs(URI endpoint, Region region) {
        return SqsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static DynamoDbClient dynamo(URI endpoint) {
        return dynamo(endpoint, LOCAL_REGION);
    }

    public static DynamoDbClient dynamo(URI endpoint, Region region) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The table's stream on the same endpoint as its DynamoDB. */
    public static DynamoDbStreamsClient dynamoStreams(URI endpoint, Region region) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** CloudFormation on an emulator endpoint (moto), e.g. to create a stack whose outputs the CLI reads. */
    public static CloudFormationClient cloudformation(URI endpoint) {
        return CloudFormationClient.builder().endpointOverride(endpoint).region(endpointRegion()).credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * The region for an AWS-compatible endpoint, as the SDK would pick it without a profile: the {@code aws.region}
     * system property, else {@code $AWS_REGION}, else {@link #LOCAL_REGION}. Emulators keep resources per region.
     */
    public static Region endpointRegion() {
        for (String value : new String[] {System.getProperty("aws.region"), System.getenv("AWS_REGION")}) {
            if (value != null && !value.isBlank()) return Region.of(value.trim());
        }
        return LOCAL_REGION;
    }
}

package actionlog.support;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for an emulator endpoint: fixed dummy credentials, a fixed region, the URL-connection client. */
public final class Clients {
    public static final Region LOCAL_REGION = Region.US_EAST_1;
    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private Clients() {}

    public static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(LOCAL_REGION).credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static DynamoDbClient dynamo(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(LOCAL_REGION).credentialsProvider(DUMMY)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}

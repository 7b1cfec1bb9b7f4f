package actionlog.support;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** DescribeStacks through the SDK client against a scripted CloudFormation answer (the exact request is checked). */
class StackOutputsTest {
    static final String FOUND = """
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult><Stacks><member>
                <StackName>Actionlog</StackName>
                <Outputs>
                  <member><OutputKey>TableName</OutputKey><OutputValue>Actionlog-StoreEvents-1ABC</OutputValue></member>
                  <member><OutputKey>QueueUrl</OutputKey><OutputValue>https://sqs.eu-west-3.amazonaws.com/1/q</OutputValue></member>
                </Outputs>
              </member></Stacks></DescribeStacksResult>
            </DescribeStacksResponse>""";
    static final String MISSING = """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id Nope does not exist</Message></Error>
            </ErrorResponse>""";

    HttpServer server;
    final AtomicReference<String> authorization = new AtomicReference<>();
    final AtomicReference<String> body = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/", ex -> {
            try (ex) {
                authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
                body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                boolean missing = body.get().contains("StackName=Nope");
                byte[] answer = (missing ? MISSING : FOUND).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(missing ? 400 : 200, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    CloudFormationClient client(String region) {
        return CloudFormationClient.builder().endpointOverride(endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void readsTheOutputsWithASignedDescribeStacks() {
        Map<String, String> outputs;
        try (CloudFormationClient cfn = client("eu-west-3")) {
            outputs = StackOutputs.describe(cfn, "Actionlog", "--table");
        }
        assertEquals("Actionlog-StoreEvents-1ABC", outputs.get("TableName"));
        assertEquals("https://sqs.eu-west-3.amazonaws.com/1/q", outputs.get("QueueUrl"));
        assertEquals("Action=DescribeStacks&Version=2010-05-15&StackName=Actionlog", body.get());
        assertTrue(authorization.get().startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), authorization.get());
        assertTrue(authorization.get().contains("/eu-west-3/cloudformation/aws4_request"), authorization.get());
    }

    @Test
    void aMissingStackSaysHowToFixItWithTheOptionTheCallerNeeds() {
        try (CloudFormationClient cfn = client("eu-west-3")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StackOutputs.describe(cfn, "Nope", "--queue-url"));
            assertEquals("stack Nope not found in eu-west-3; deploy it with `npx cdk deploy`, pass --stack NAME / --region, "
                    + "or pass --queue-url", e.getMessage());
        }
    }
}

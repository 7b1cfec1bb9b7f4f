package actionlog.support;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.StackContract;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The stack lookup against moto's CloudFormation: a stack created there with the outputs the CDK app declares
 * ({@link StackContract#OUTPUTS}). Skipped where moto_server is absent.
 */
@EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
class StackOutputsMotoIT {
    static MotoServer moto;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        if (moto != null) moto.close();
    }

    static Map<String, String> outputs(String prefix) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String name : StackContract.OUTPUTS) outputs.put(name, prefix + "-" + name);
        return outputs;
    }

    @Test
    void readsEveryOutputTheStackDeclaresThroughAWS_ENDPOINT_URL() {
        Map<String, String> expected = outputs("found");
        try (CloudFormationClient setup = Clients.cloudformation(moto.endpoint())) {
            setup.createStack(r -> r.stackName("ActionlogFound").templateBody(MotoServer.stackTemplate(expected)));
        }
        // no endpoint override: the SDK's endpoint setting (AWS_ENDPOINT_URL, here as its system property) is honoured
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        try (CloudFormationClient cfn = CloudFormationClient.builder().region(Clients.LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertEquals(expected, StackOutputs.describe(cfn, "ActionlogFound", "--table"));
        } finally {
            System.clearProperty("aws.endpointUrl");
        }
    }

    @Test
    void aMissingStackNamesTheRegionAndTheOptionThatDoesWithoutIt() {
        try (CloudFormationClient cfn = Clients.cloudformation(moto.endpoint())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StackOutputs.describe(cfn, "Absent", "--dlq-url"));
            assertEquals("stack Absent not found in us-east-1; deploy it with `npx cdk deploy`, pass --stack NAME / --region, "
                    + "or pass --dlq-url", e.getMessage());
        }
    }
}

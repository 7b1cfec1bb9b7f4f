package actionlog.support;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The outputs of the deployed stack (TableName, QueueUrl, ...; see {@code StackContract.OUTPUTS}), read with the SDK's
 * CloudFormation client, so the CLI finds its table from the stack name alone. The client brings what the SDK
 * gives every client: the endpoint variables ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_CLOUDFORMATION}),
 * retries, proxies and the partition of the region (e.g. {@code amazonaws.com.cn}).
 */
public final class StackOutputs {
    private StackOutputs() {}

    /**
     * DescribeStacks of {@code stack}. {@code option} names what the caller looks for and the option that gives it
     * directly (e.g. "--table"), so a failed lookup says how to do without it.
     */
    public static Map<String, String> describe(CloudFormationClient cloudformation, String stack, String option) {
        String region = cloudformation.serviceClientConfiguration().region().id();
        Stack found;
        try {
            found = cloudformation.describeStacks(r -> r.stackName(stack)).stacks().stream().findFirst()
                    .orElseThrow(() -> notFound(stack, region, option));
        } catch (CloudFormationException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            if ("ValidationError".equals(code) && message != null && message.contains("does not exist")) {
                throw notFound(stack, region, option);
            }
            if (code != null && (code.contains("Expired") || code.contains("InvalidClientTokenId") || code.contains("SignatureDoesNotMatch")
                    || code.contains("UnrecognizedClient"))) {
                throw new IllegalStateException("AWS refused the credentials (" + code + ": " + message
                        + "); run `aws sso login` or refresh them, pass --profile, or pass " + option, e);
            }
            throw new IllegalStateException("CloudFormation answered " + e.statusCode() + " (" + code + ": " + message
                    + ") to DescribeStacks of " + stack + "; pass " + option + " to do without the stack", e);
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).contains("Unable to execute HTTP request")) {
                throw new IllegalStateException("cannot reach CloudFormation (" + e.getMessage() + "); check your network, "
                        + "--endpoint-url or AWS_ENDPOINT_URL, or pass " + option, e);
            }
            throw e;
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : found.outputs()) outputs.put(output.outputKey(), output.outputValue());
        return outputs;
    }

    private static IllegalStateException notFound(String stack, String region, String option) {
        return new IllegalStateException("stack " + stack + " not found in " + region
                + "; deploy it with `npx cdk deploy`, pass --stack NAME / --region, or pass " + option);
    }
}

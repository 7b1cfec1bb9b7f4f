package actionlog.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The outputs of the deployed stack (TableName, QueueUrl, ...), read with CloudFormation's DescribeStacks over
 * its Query API and signed with the SDK's SigV4 signer, so the CLI finds its table from the stack name alone.
 */
public final class StackOutputs {
    private StackOutputs() {}

    /** {@code endpoint} null means the regional CloudFormation endpoint. */
    public static Map<String, String> describe(String stack, String region, AwsCredentialsIdentity credentials, URI endpoint) {
        URI uri = endpoint != null ? endpoint : URI.create("https://cloudformation." + region + ".amazonaws.com/");
        if (uri.getPath() == null || uri.getPath().isEmpty()) uri = uri.resolve("/");
        String body = "Action=DescribeStacks&Version=2010-05-15&StackName=" + URLEncoder.encode(stack, StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cloudformation")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) values.forEach(v -> http.header(name, v));
        });
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach CloudFormation at " + uri + " (" + e.getMessage()
                    + "); check your network or pass --table", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Document xml = parse(response.body());
        if (response.statusCode() != 200) {
            String code = text(xml, "Code");
            String message = text(xml, "Message");
            if ("ValidationError".equals(code) && message != null && message.contains("does not exist")) {
                throw new IllegalStateException("stack " + stack + " not found in " + region
                        + "; deploy it with `npx cdk deploy`, or pass --stack NAME / --region / --table");
            }
            if (code != null && (code.contains("Expired") || code.contains("InvalidClientTokenId") || code.contains("SignatureDoesNotMatch"))) {
                throw new IllegalStateException("AWS refused the credentials (" + code + ": " + message
                        + "); run `aws sso login` or refresh them, or pass --profile");
            }
            throw new IllegalStateException("CloudFormation answered " + response.statusCode() + " (" + code + ": " + message + ")");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        NodeList members = xml.getElementsByTagName("Outputs");
        if (members.getLength() > 0) {
            NodeList entries = ((Element) members.item(0)).getElementsByTagName("member");
            for (int i = 0; i < entries.getLength(); i++) {
                Element e = (Element) entries.item(i);
                outputs.put(text(e, "OutputKey"), text(e, "OutputValue"));
            }
        }
        return outputs;
    }

    private static Document parse(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable answer from CloudFormation: " + e.getMessage(), e);
        }
    }

    private static String text(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}

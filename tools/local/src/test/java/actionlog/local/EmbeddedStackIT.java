package actionlog.local;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.support.Clients;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The emulators hold captured data: they answer on loopback and nowhere else. */
class EmbeddedStackIT {
    static Optional<InetAddress> networkAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    static boolean accepts(InetAddress address, int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    @Test
    void dynamoDbLocalAndElasticMqListenOnLoopbackOnly() throws Exception {
        Optional<InetAddress> lan = networkAddress();
        Assumptions.assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to probe");
        try (EmbeddedStack stack = EmbeddedStack.start(null)) {
            int dynamo = stack.dynamoEndpoint().getPort();
            int sqs = stack.sqsEndpoint().getPort();
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            assertTrue(accepts(loopback, dynamo), "DynamoDB Local on loopback");
            assertTrue(accepts(loopback, sqs), "ElasticMQ on loopback");
            assertFalse(accepts(lan.get(), dynamo), "DynamoDB Local must not answer on " + lan.get());
            assertFalse(accepts(lan.get(), sqs), "ElasticMQ must not answer on " + lan.get());
        }
    }

    /** Sends raw bytes, returns the whole answer (the emulators close or answer within the timeout). */
    static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder out = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            // the head, then as much body as Content-Length says
            while (!out.toString().contains("\r\n\r\n") && (n = in.read(buffer)) > 0) out.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(out);
            if (length.find()) {
                int bodyStart = out.indexOf("\r\n\r\n") + 4;
                int missing = Integer.parseInt(length.group(1)) - (out.length() - bodyStart);
                if (missing > 0) out.append(new String(in.readNBytes(missing), StandardCharsets.ISO_8859_1));
            }
            return out.toString();
        }
    }

    static String formPost(int port, String host, String origin, String authorization, String body) {
        return "POST / HTTP/1.1\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
    }

    static final String SIGNED = "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00";

    /**
     * The cross-site attack of the privacy issue: a page posts a form to the local SQS port ({@code Action=SendMessage})
     * to plant an event. Refused with 403 and nothing enqueued, as are a request without a signature and one naming a
     * foreign Host (DNS rebinding); the SDK still sends and receives.
     */
    @Test
    void shouldRefuseWith403AndEnqueueNothing_whenAWebPagePostsAFormToTheLocalSqs() throws Exception {
        boolean blockedPortFree = EmbeddedStack.internalPortCandidates().size() > 2;
        try (EmbeddedStack stack = EmbeddedStack.start(null);
             SqsClient sqs = Clients.sqs(stack.sqsEndpoint(), Clients.LOCAL_REGION)) {
            if (blockedPortFree) {
                assertTrue(java.util.Arrays.stream(EmbeddedStack.BROWSER_BLOCKED_PORTS).anyMatch(p -> p == stack.sqsInternalPort()),
                        "ElasticMQ behind the guard listens on a port browsers refuse: " + stack.sqsInternalPort());
            }
            String queueUrl = sqs.createQueue(r -> r.queueName("guarded")).queueUrl();
            assertEquals(stack.sqsEndpoint().getPort(), URI.create(queueUrl).getPort(), "queue URLs name the port clients use");
            int port = stack.sqsEndpoint().getPort();
            String form = "Action=SendMessage&QueueUrl=" + java.net.URLEncoder.encode(queueUrl, StandardCharsets.UTF_8)
                    + "&MessageBody=%7B%22planted%22%3Atrue%7D";
            String crossSite = raw(port, formPost(port, "127.0.0.1:" + port, "http://evil.example", null, form));
            assertTrue(crossSite.startsWith("HTTP/1.1 403 Forbidden\r\n"), crossSite);
            assertTrue(crossSite.contains("Origin header (http://evil.example)"), crossSite);
            String unsigned = raw(port, formPost(port, "127.0.0.1:" + port, null, null, form));
            assertTrue(unsigned.startsWith("HTTP/1.1 403 Forbidden\r\n") && unsigned.contains("AWS4-HMAC-SHA256"), unsigned);
            String rebound = raw(port, formPost(port, "evil.example:" + port, null, SIGNED, form));
            assertTrue(rebound.startsWith("HTTP/1.1 403 Forbidden\r\n") && rebound.contains("not as Host \"evil.example:" + port + "\""), rebound);
            String depth = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            assertEquals("0", depth, "nothing was enqueued");

            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("from the SDK"));
            assertEquals(List.of("from the SDK"), sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(5)).messages()
                    .stream().map(software.amazon.awssdk.services.sqs.model.Message::body).toList());
        }
    }

    @Test
    void shouldRefuseWith403_whenAWebPageCallsTheLocalDynamoDb() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(null);
             DynamoDbClient dynamo = Clients.dynamo(stack.dynamoEndpoint(), Clients.LOCAL_REGION)) {
            int port = stack.dynamoEndpoint().getPort();
            String crossSite = raw(port, formPost(port, "127.0.0.1:" + port, "http://evil.example", null, "{}"));
            assertTrue(crossSite.startsWith("HTTP/1.1 403 Forbidden\r\n") && crossSite.contains("local DynamoDB emulator"), crossSite);
            String unsigned = raw(port, "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                    + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertTrue(unsigned.startsWith("HTTP/1.1 403 Forbidden\r\n"), unsigned);
            dynamo.createTable(r -> r.tableName("guarded").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            assertEquals(List.of("guarded"), dynamo.listTables().tableNames(), "the SDK still works");
        }
    }
}

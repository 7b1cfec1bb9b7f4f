package actionlog.local;

import static org.junit.jupiter.api.Assertions.*;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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
}

package actionlog.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The embedded emulators, in this JVM, no Docker: ElasticMQ (SQS API) and AWS's DynamoDB Local.
 * Both leave non-daemon threads, so {@link #close()} must run (the local runtime does it on Ctrl-C). Neither
 * answers a web page ({@link EmulatorGuard}).
 * DynamoDB Local's usage telemetry is switched off: nothing leaves the machine.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final SQSRestServer sqs;
    private final EmulatorGuard sqsGuard;
    private final int sqsInternalPort;
    private final DynamoDBProxyServer dynamo;
    private final URI sqsEndpoint;
    private final URI dynamoEndpoint;

    private EmbeddedStack(SQSRestServer sqs, EmulatorGuard sqsGuard, DynamoDBProxyServer dynamo, int sqsPort, int dynamoPort,
                          int sqsInternalPort) {
        this.sqsInternalPort = sqsInternalPort;
        this.sqs = sqs;
        this.sqsGuard = sqsGuard;
        this.dynamo = dynamo;
        this.sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        this.dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
    }

    /**
     * Starts both emulators on free loopback ports; {@code dataDir} persists the table, null keeps it in memory. Both
     * refuse what no AWS SDK sends ({@link EmulatorGuard}): ElasticMQ listens on an internal port behind the guard's.
     */
    public static EmbeddedStack start(Path dataDir) {
        int dynamoPort = freePort();
        EmulatorGuard sqsGuard = null;
        SQSRestServer sqs = null;
        int sqsInternal = -1;
        RuntimeException failed = null;
        for (int candidate : internalPortCandidates()) {
            sqsGuard = EmulatorGuard.forwardTo("SQS", URI.create("http://127.0.0.1:" + candidate));
            try {
                // queue URLs name the guard's port, the one clients are given
                sqs = SQSRestServerBuilder.withPort(candidate).withInterface("127.0.0.1")
                        .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsGuard.port(), "")).start();
                sqs.waitUntilStarted();
                sqsInternal = candidate;
                break;
            } catch (RuntimeException e) { // taken between the check and the bind
                if (sqs != null) sqs.stopAndWait();
                sqs = null;
                sqsGuard.close();
                failed = e;
            }
        }
        if (sqs == null) throw new IllegalStateException("ElasticMQ did not start on a loopback port: " + failed, failed);
        DynamoDBProxyServer dynamo;
        try {
            String[] args = dataDir == null
                    ? new String[] {"-inMemory", "-port", String.valueOf(dynamoPort), "-disableTelemetry"}
                    : new String[] {"-dbPath", dataDir.toAbsolutePath().toString(), "-port", String.valueOf(dynamoPort), "-disableTelemetry"};
            dynamo = ServerRunner.createServerFromCommandLineArgs(args);
            org.eclipse.jetty.server.Server jetty = jetty(dynamo);
            bindLoopback(jetty);
            EmulatorGuard.guardJetty("DynamoDB", jetty, dynamoPort);
            dynamo.start();
        } catch (Exception e) {
            sqs.stopAndWait();
            sqsGuard.close();
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage()
                    + (dataDir == null ? "" : " (with --data, check that " + dataDir + " is writable)"), e);
        }
        return new EmbeddedStack(sqs, sqsGuard, dynamo, sqsGuard.port(), dynamoPort, sqsInternal);
    }

    /**
     * Ports every browser refuses to connect to (the Fetch standard's "bad ports" at or above 1024: Chromium,
     * Firefox and Safari block them for every request a page makes). ElasticMQ's own port, behind the guard, is
     * taken from these when one is free, so no web page can reach ElasticMQ around the guard.
     */
    static final int[] BROWSER_BLOCKED_PORTS = {10080, 6697, 6679, 6669, 6668, 6667, 6666, 6665, 6566, 6000, 5061, 5060,
            4190, 4045, 3659, 2049, 1723, 1720, 1719};

    /** The blocked ports free on loopback now, then two random free ports if none is (never a failure to start). */
    static List<Integer> internalPortCandidates() {
        List<Integer> out = new ArrayList<>();
        for (int port : BROWSER_BLOCKED_PORTS) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                out.add(port);
            } catch (IOException taken) {
                // in use by another program (or another local runtime): the next one
            }
            if (out.size() == 3) break;
        }
        out.add(freePort());
        out.add(freePort());
        return out;
    }

    /** The port ElasticMQ itself listens on, behind the guard. */
    int sqsInternalPort() {
        return sqsInternalPort;
    }

    /** DynamoDB Local's Jetty server, built with a port only and not reachable through its API. */
    static org.eclipse.jetty.server.Server jetty(DynamoDBProxyServer dynamo) throws ReflectiveOperationException {
        java.lang.reflect.Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        return (org.eclipse.jetty.server.Server) field.get(dynamo);
    }

    /**
     * DynamoDB Local 2.6 has no option for the listening address and listens on all interfaces, where anyone on the
     * network could read the captured data (it accepts any signature). Its server is a Jetty {@code Server} built
     * with a port only; before it starts, its connector is bound to the loopback address instead.
     */
    static void bindLoopback(org.eclipse.jetty.server.Server jetty) {
        int bound = 0;
        for (org.eclipse.jetty.server.Connector connector : jetty.getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.ServerConnector network) {
                network.setHost("127.0.0.1");
                bound++;
            }
        }
        if (bound == 0) throw new IllegalStateException("DynamoDB Local has no network connector to bind to loopback");
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    @Override
    public void close() {
        try {
            dynamo.stop();
        } catch (Exception e) {
            System.err.println("DynamoDB Local did not stop cleanly: " + e.getMessage());
        }
        sqsGuard.close();
        sqs.stopAndWait();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port: " + e.getMessage(), e);
        }
    }
}

package actionlog.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
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
    private final DynamoDBProxyServer dynamo;
    private final URI sqsEndpoint;
    private final URI dynamoEndpoint;

    private EmbeddedStack(SQSRestServer sqs, EmulatorGuard sqsGuard, DynamoDBProxyServer dynamo, int sqsPort, int dynamoPort) {
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
        int sqsInternal = freePort();
        int dynamoPort = freePort();
        EmulatorGuard sqsGuard = EmulatorGuard.forwardTo("SQS", URI.create("http://127.0.0.1:" + sqsInternal));
        SQSRestServer sqs;
        try {
            // queue URLs name the guard's port, the one clients are given
            sqs = SQSRestServerBuilder.withPort(sqsInternal).withInterface("127.0.0.1")
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsGuard.port(), "")).start();
            sqs.waitUntilStarted();
        } catch (RuntimeException e) {
            sqsGuard.close();
            throw e;
        }
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
        return new EmbeddedStack(sqs, sqsGuard, dynamo, sqsGuard.port(), dynamoPort);
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

package actionlog.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The embedded emulators, in this JVM, no Docker: ElasticMQ (SQS API) and AWS's DynamoDB Local.
 * Both leave non-daemon threads, so {@link #close()} must run (the local runtime does it on Ctrl-C).
 * DynamoDB Local's usage telemetry is switched off: nothing leaves the machine.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final SQSRestServer sqs;
    private final DynamoDBProxyServer dynamo;
    private final URI sqsEndpoint;
    private final URI dynamoEndpoint;

    private EmbeddedStack(SQSRestServer sqs, DynamoDBProxyServer dynamo, int sqsPort, int dynamoPort) {
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        this.dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
    }

    /** Starts both emulators on free loopback ports; {@code dataDir} persists the table, null keeps it in memory. */
    public static EmbeddedStack start(Path dataDir) {
        int sqsPort = freePort();
        int dynamoPort = freePort();
        SQSRestServer sqs = SQSRestServerBuilder.withPort(sqsPort).withInterface("127.0.0.1").start();
        sqs.waitUntilStarted();
        DynamoDBProxyServer dynamo;
        try {
            String[] args = dataDir == null
                    ? new String[] {"-inMemory", "-port", String.valueOf(dynamoPort), "-disableTelemetry"}
                    : new String[] {"-dbPath", dataDir.toAbsolutePath().toString(), "-port", String.valueOf(dynamoPort), "-disableTelemetry"};
            dynamo = ServerRunner.createServerFromCommandLineArgs(args);
            bindLoopback(dynamo);
            dynamo.start();
        } catch (Exception e) {
            sqs.stopAndWait();
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage()
                    + (dataDir == null ? "" : " (with --data, check that " + dataDir + " is writable)"), e);
        }
        return new EmbeddedStack(sqs, dynamo, sqsPort, dynamoPort);
    }

    /**
     * DynamoDB Local 2.6 has no option for the listening address and listens on all interfaces, where anyone on the
     * network could read the captured data (it accepts any signature). Its server is a Jetty {@code Server} built
     * with a port only; before it starts, its connector is bound to the loopback address instead.
     */
    static void bindLoopback(DynamoDBProxyServer dynamo) throws ReflectiveOperationException {
        java.lang.reflect.Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        org.eclipse.jetty.server.Server jetty = (org.eclipse.jetty.server.Server) field.get(dynamo);
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

package actionlog.local;

import actionlog.core.Env;
import actionlog.cli.EventStore;
import actionlog.consumer.ConsumerHandler;
import actionlog.core.Settings;
import actionlog.edge.AfterResponse;
import actionlog.edge.EdgeConfig;
import actionlog.edge.EdgeHandler;
import actionlog.edge.EdgeService;
import actionlog.edge.FallbackSink;
import actionlog.edge.BatchingEventSender;
import java.time.Duration;
import actionlog.ui.UiServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole chain in one JVM: emulators (or LocalStack), queue + DLQ + table, the real edge handler over
 * HTTP, the real consumer fed by an emulated event source mapping, and the demo app as default origin.
 */
public final class LocalRuntime implements AutoCloseable {

    /**
     * @param port       edge port (0 picks a free one)
     * @param origin     application to proxy to; null with {@code collect} false starts the demo app
     * @param collect    collect mode: answer 204 instead of proxying
     * @param data       persist the table here; null keeps everything in memory
     * @param localstack use this LocalStack endpoint instead of the embedded emulators
     * @param edgeEnv    extra edge settings (the same environment variables the CDK app writes)
     * @param register   record the endpoints for `--local` (see {@link LocalRegistry})
     * @param uiPort     port of the web timeline (0 picks a free one)
     * @param pollers    parallel pollers of the emulated event source mapping (Lambda scales these with the backlog)
     * @param hooks      seams for fault injection; {@link Hooks#NONE} in normal use
     */
    public record Options(int port, String origin, boolean collect, Path data, URI localstack,
                          Map<String, String> edgeEnv, int visibilityTimeoutSeconds, boolean register, int uiPort,
                          int pollers, Hooks hooks) {
    }

    /**
     * Seams for fault-injection tests and benchmarks: the route every client takes to SQS and to DynamoDB
     * (e.g. through a proxy that can go down), and a wrapper around the consumer handler.
     */
    public record Hooks(UnaryOperator<URI> sqsRoute, UnaryOperator<URI> dynamoRoute,
                        UnaryOperator<RequestHandler<SQSEvent, SQSBatchResponse>> consumer) {
        public static final Hooks NONE = new Hooks(u -> u, u -> u, h -> h);
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final StackResources.Created created;
    private final String edgeUrl;
    private final String uiUrl;
    private final String originUrl;
    private final URI sqsEndpoint;
    private final URI dynamoEndpoint;
    private final Hooks hooks;
    private final int pollers;
    private final List<EventSourceMapping> mappings = new ArrayList<>();
    private LocalRegistry registry;

    private LocalRuntime(Options options) {
        if (options.localstack() == null) {
            EmbeddedStack stack = EmbeddedStack.start(options.data());
            resources.add(stack);
            sqsEndpoint = stack.sqsEndpoint();
            dynamoEndpoint = stack.dynamoEndpoint();
        } else {
            sqsEndpoint = options.localstack();
            dynamoEndpoint = options.localstack();
        }
        sqs = Clients.sqs(options.hooks().sqsRoute().apply(sqsEndpoint));
        dynamo = Clients.dynamo(options.hooks().dynamoRoute().apply(dynamoEndpoint));
        hooks = options.hooks();
        pollers = options.pollers();
        resources.add(sqs);
        resources.add(dynamo);
        created = StackResources.create(sqs, dynamo, "actionlog-local", options.visibilityTimeoutSeconds());

        if (options.collect()) {
            originUrl = null;
        } else if (options.origin() != null) {
            originUrl = options.origin();
        } else {
            DemoApp demo = DemoApp.start(0);
            resources.add(demo);
            originUrl = demo.url();
        }
        Map<String, String> env = new HashMap<>();
        env.put(Env.QUEUE_URL, created.queueUrl());
        if (originUrl != null) env.put(Env.ORIGIN_URL, originUrl);
        env.put(Env.IDENTITY_COOKIE, "uid");
        env.put(Env.CORS_ORIGINS, "*");
        env.putAll(options.edgeEnv());
        EdgeConfig config = EdgeConfig.fromEnvironment(new Settings(env), null);
        FallbackSink fallback = new FallbackSink(LocalRuntime::appendFallback);
        // many requests at once here (one at a time in a Lambda environment): batch the sends; lingering 20 ms
        // (never on the response path) fills batches at moderate rates, and each call costs ElasticMQ far more than each entry
        BatchingEventSender sender = new BatchingEventSender(sqs, created.queueUrl(), fallback, config.sendTimeout(),
                Duration.ofMillis(20), 4, 100_000);
        resources.add(sender);
        EdgeHandler edge = new EdgeHandler(new EdgeService(config, sender, System::currentTimeMillis),
                AfterResponse.LONG_LIVED_PROCESS, config.sendTimeout());
        EdgeHttpServer server = EdgeHttpServer.start(edge, "127.0.0.1", options.port(), 64);
        resources.add(server);
        edgeUrl = "http://127.0.0.1:" + server.port();

        startConsumer();
        UiServer ui = UiServer.start(new EventStore(dynamo, created.table()), options.uiPort(), e -> String.valueOf(e.getMessage()));
        resources.add(ui);
        uiUrl = ui.url();
        if (options.register()) {
            registry = new LocalRegistry(sqsEndpoint, dynamoEndpoint, created.queueUrl(), created.dlqUrl(),
                    created.table(), edgeUrl, uiUrl, ProcessHandle.current().pid());
            registry.write();
        }
    }

    public static LocalRuntime start(Options options) {
        return new LocalRuntime(options);
    }

    /** Starts (again) the emulated event source mapping that feeds the real consumer handler. */
    public synchronized void startConsumer() {
        if (!mappings.isEmpty()) return;
        RequestHandler<SQSEvent, SQSBatchResponse> consumer = hooks.consumer().apply(
                new ConsumerHandler(dynamo, new Settings(Map.of(Env.TABLE_NAME, created.table()))));
        for (int i = 0; i < pollers; i++) {
            // batches of up to 100 gathered within 50 ms, as the stack's event source mapping does (within 1 s);
            // the extra pollers only work while there is a backlog
            mappings.add(new EventSourceMapping(sqs, created.queueUrl(), consumer, 30_000, 100, 50, i == 0).start());
        }
    }

    /** Stops the consumer, as a crash or a deployment would; messages wait in the queue. */
    public synchronized void stopConsumer() {
        mappings.forEach(EventSourceMapping::close);
        mappings.clear();
    }

    private static void appendFallback(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(LocalRegistry.home());
            Files.writeString(LocalRegistry.fallbackLog(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot append to " + LocalRegistry.fallbackLog() + ": " + e.getMessage());
        }
    }

    public String edgeUrl() { return edgeUrl; }
    public String uiUrl() { return uiUrl; }
    public String originUrl() { return originUrl; }
    public String queueUrl() { return created.queueUrl(); }
    public String dlqUrl() { return created.dlqUrl(); }
    public String table() { return created.table(); }
    public SqsClient sqs() { return sqs; }
    public DynamoDbClient dynamo() { return dynamo; }
    public URI sqsEndpoint() { return sqsEndpoint; }
    public URI dynamoEndpoint() { return dynamoEndpoint; }

    @Override
    public synchronized void close() {
        if (registry != null) registry.delete();
        stopConsumer();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("shutdown: " + e.getMessage());
            }
        }
        resources.clear();
    }
}

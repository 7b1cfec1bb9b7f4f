package actionlog.local;

import actionlog.consumer.ArchiveHandler;
import actionlog.consumer.Archiver;
import actionlog.consumer.ConsumerHandler;
import actionlog.core.Env;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.edge.EdgeConfig;
import actionlog.edge.EdgeService;
import actionlog.edge.FallbackSink;
import actionlog.support.Clients;
import actionlog.support.LocalRegistry;
import actionlog.support.archive.LocalArchive;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole chain in one JVM: emulators (or LocalStack), queue + DLQ + table, the real edge handler over
 * HTTP, the real consumer fed by an emulated event source mapping, and the demo app as default origin. The web
 * timeline is not part of it: the command line starts one over {@link #dynamo()} and {@link #table()}.
 */
public final class LocalRuntime implements AutoCloseable {

    /**
     * How to start the chain; build with {@link #options()}.
     *
     * @param port       edge port (0 picks a free one)
     * @param origin     application to proxy to; null with {@code collect} false starts the demo app
     * @param collect    collect mode: answer 204 instead of proxying
     * @param data       persist the table here; null keeps everything in memory
     * @param endpoint   use this AWS-compatible endpoint (LocalStack, moto, ...) instead of the embedded emulators
     * @param edgeEnv    the edge's and the consumer's settings (the environment variables the CDK app writes)
     * @param visibilityTimeoutSeconds visibility timeout of the events queue
     * @param register   record the endpoints for `--local` (see {@link LocalRegistry})
     * @param pollers    parallel pollers of the emulated event source mapping (Lambda scales these with the backlog)
     * @param hooks      seams for fault injection; {@link Hooks#NONE} in normal use
     */
    public record Options(int port, String origin, boolean collect, Path data, URI endpoint,
                          Map<String, String> edgeEnv, int visibilityTimeoutSeconds, boolean register,
                          int pollers, Hooks hooks) {
        public Options {
            edgeEnv = Map.copyOf(edgeEnv);
            if (origin != null && collect) throw new IllegalArgumentException("use either an origin or collect mode, not both");
        }

        public Options port(int value) { return new Options(value, origin, collect, data, endpoint, edgeEnv, visibilityTimeoutSeconds, register, pollers, hooks); }
        public Options origin(String value) { return new Options(port, value, collect, data, endpoint, edgeEnv, visibilityTimeoutSeconds, register, pollers, hooks); }
        public Options collect(boolean value) { return new Options(port, origin, value, data, endpoint, edgeEnv, visibilityTimeoutSeconds, register, pollers, hooks); }
        public Options data(Path value) { return new Options(port, origin, collect, value, endpoint, edgeEnv, visibilityTimeoutSeconds, register, pollers, hooks); }
        public Options endpoint(URI value) { return new Options(port, origin, collect, data, value, edgeEnv, visibilityTimeoutSeconds, register, pollers, hooks); }
        public Options edgeEnv(Map<String, String> value) { return new Options(port, origin, collect, data, endpoint, value, visibilityTimeoutSeconds, register, pollers, hooks); }
        public Options visibilityTimeoutSeconds(int value) { return new Options(port, origin, collect, data, endpoint, edgeEnv, value, register, pollers, hooks); }
        public Options register(boolean value) { return new Options(port, origin, collect, data, endpoint, edgeEnv, visibilityTimeoutSeconds, value, pollers, hooks); }
        public Options pollers(int value) { return new Options(port, origin, collect, data, endpoint, edgeEnv, visibilityTimeoutSeconds, register, value, hooks); }
        public Options hooks(Hooks value) { return new Options(port, origin, collect, data, endpoint, edgeEnv, visibilityTimeoutSeconds, register, pollers, value); }
    }

    /** Defaults: free port, demo app, in memory, embedded emulators, 5 s visibility, not registered, 4 pollers. */
    public static Options options() {
        return new Options(0, null, false, null, null, Map.of(), 5, false, 4, Hooks.NONE);
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
    private final String originUrl;
    private final URI sqsEndpoint;
    private final URI dynamoEndpoint;
    private final Region region;
    private final boolean external;
    private final Hooks hooks;
    private final int pollers;
    private final Map<String, String> settings;
    private final List<EventSourceMapping> mappings = new ArrayList<>();
    private LocalRegistry registry;
    private LocalArchive archive;

    private LocalRuntime(Options options) {
        external = options.endpoint() != null;
        if (options.endpoint() == null) {
            EmbeddedStack stack = EmbeddedStack.start(options.data());
            resources.add(stack);
            sqsEndpoint = stack.sqsEndpoint();
            dynamoEndpoint = stack.dynamoEndpoint();
            region = Clients.LOCAL_REGION;
        } else {
            sqsEndpoint = options.endpoint();
            dynamoEndpoint = options.endpoint();
            region = Clients.endpointRegion();
        }
        sqs = Clients.sqs(options.hooks().sqsRoute().apply(sqsEndpoint), region);
        dynamo = Clients.dynamo(options.hooks().dynamoRoute().apply(dynamoEndpoint), region);
        hooks = options.hooks();
        pollers = options.pollers();
        settings = options.edgeEnv();
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
        if (originUrl != null) env.put(SettingCatalog.ORIGIN.env(), originUrl);
        env.put(SettingCatalog.CORS_ORIGINS.env(), "*");
        env.putAll(options.edgeEnv());
        EdgeConfig config = EdgeConfig.fromEnvironment(new Settings(env), null);
        FallbackSink fallback = new FallbackSink(LocalRuntime::appendFallback);
        // many requests at once here (one at a time in a Lambda environment): batch the sends; lingering 20 ms
        // (never on the response path) fills batches at moderate rates, and each call costs ElasticMQ far more than each entry
        BatchingEventSender sender = new BatchingEventSender(sqs, created.queueUrl(), fallback, config.sendTimeout(),
                Duration.ofMillis(20), 4, 100_000);
        resources.add(sender);
        EdgeService edge = EdgeService.builder(config, sender).originSecrets(null)
                .browserKeys(BrowserKeyFile.keys(options.data() != null ? options.data() : LocalRegistry.home())).build();
        EdgeHttpServer server = EdgeHttpServer.start(edge, "127.0.0.1", options.port());
        resources.add(server);
        edgeUrl = "http://127.0.0.1:" + server.port();

        archive = new LocalArchive(archiveDir(options));
        startArchive();
        startConsumer();
        if (options.register()) {
            registry = new LocalRegistry(sqsEndpoint, dynamoEndpoint, region.id(), created.queueUrl(), created.dlqUrl(),
                    created.table(), edgeUrl, ProcessHandle.current().pid(), archive.dir().toString());
            registry.write();
        }
    }

    public static LocalRuntime start(Options options) {
        return new LocalRuntime(options);
    }

    /**
     * Where the archive's Parquet files go: beside a persisted table ({@code --data DIR}: {@code DIR/archive}); with an
     * endpoint that keeps its table, in {@code ~/.actionlog/archive}; otherwise, like the in-memory table, in a
     * temporary directory removed at shutdown.
     */
    private Path archiveDir(Options options) {
        if (options.data() != null) return options.data().resolve("archive");
        if (options.endpoint() != null) return LocalRegistry.home().resolve("archive");
        try {
            Path temporary = Files.createTempDirectory("actionlog-archive");
            resources.add(0, () -> deleteTree(temporary)); // closed last
            return temporary;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for the local archive: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * The archive as deployed: the table's stream read by an emulated event source mapping, handed to the real archive
     * function, whose rows go to Parquet files instead of Firehose.
     */
    private void startArchive() {
        String streamArn = StackResources.streamArn(dynamo, created.table());
        if (streamArn == null) throw new IllegalStateException("the table " + created.table() + " has no stream; the archive needs one");
        LocalArchiveSink sink = new LocalArchiveSink(archive);
        resources.add(sink);
        DynamoDbStreamsClient streams = Clients.dynamoStreams(hooks.dynamoRoute().apply(dynamoEndpoint), region);
        resources.add(streams);
        ArchiveHandler handler = new ArchiveHandler(new Archiver(sink, System.err::println, FallbackSink.LOCAL_STACK));
        resources.add(new StreamSourceMapping(streams, streamArn, handler).start());
    }

    private Map<String, String> consumerEnvironment() {
        Map<String, String> env = new HashMap<>(settings);
        env.put(Env.TABLE_NAME, created.table());
        return env;
    }

    /** Starts (again) the emulated event source mapping that feeds the real consumer handler. */
    public synchronized void startConsumer() {
        if (!mappings.isEmpty()) return;
        RequestHandler<SQSEvent, SQSBatchResponse> consumer = hooks.consumer().apply(
                new ConsumerHandler(dynamo, new Settings(consumerEnvironment())));
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

    /** The sink's lines are SQS-safe JSON; encoding with replacement (never a strict encoder) means no string can fail it. */
    static synchronized void appendFallback(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(LocalRegistry.home());
            Files.write(LocalRegistry.fallbackLog(), (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot append to " + LocalRegistry.fallbackLog() + ": " + e.getMessage());
        }
    }

    public String edgeUrl() { return edgeUrl; }
    /** The archive of what the table stored: Parquet files by day, queried with {@code actionlog sql --local}. */
    public LocalArchive archive() { return archive; }
    public String originUrl() { return originUrl; }
    public String queueUrl() { return created.queueUrl(); }
    public String dlqUrl() { return created.dlqUrl(); }
    public String table() { return created.table(); }
    public SqsClient sqs() { return sqs; }
    public DynamoDbClient dynamo() { return dynamo; }
    public URI sqsEndpoint() { return sqsEndpoint; }
    public URI dynamoEndpoint() { return dynamoEndpoint; }
    /** The region of the queues and the table: fixed for the embedded emulators, else $AWS_REGION (see {@link Clients#endpointRegion()}). */
    public Region region() { return region; }
    /** Whether the queues and the table live on an endpoint given in the options rather than on the embedded emulators. */
    public boolean external() { return external; }

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

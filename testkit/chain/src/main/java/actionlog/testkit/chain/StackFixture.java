package actionlog.testkit.chain;

import actionlog.core.ActionEvent;
import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import actionlog.support.ops.DeadLetters;
import actionlog.testkit.Eventually;
import actionlog.testkit.TestOrigin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One running chain for a test class, on the embedded emulators or on an AWS-compatible endpoint (LocalStack, moto), with the helpers every
 * pipeline test uses: send HTTP through the edge, wait for items, look at queues.
 */
public final class StackFixture implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);

    public final LocalRuntime runtime;
    public final EventStore store;
    /** The test origin this fixture started and closes with itself ({@link #withTestOrigin}); null otherwise. */
    public final TestOrigin origin;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public StackFixture(LocalRuntime.Options options) {
        this(options, null);
    }

    private StackFixture(LocalRuntime.Options options, TestOrigin origin) {
        this.origin = origin;
        try {
            System.setProperty("actionlog.home", Files.createTempDirectory("actionlog-home").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        runtime = LocalRuntime.start(options);
        store = new EventStore(runtime.dynamo(), runtime.table());
    }

    /**
     * The pipeline tests name their users with an {@code X-User-Id} request header, trusted explicitly here as a
     * deployment behind an authenticating proxy would configure it (the edge trusts no request header by default).
     */
    public static final Map<String, String> TRUSTED_USER_HEADER = Map.of(SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id");

    /** Embedded emulators, proxying to {@code origin} (null: collect mode), 1 s visibility so retries are quick. */
    public static StackFixture embedded(String origin) {
        return new StackFixture(LocalRuntime.options().origin(origin).collect(origin == null)
                .visibilityTimeoutSeconds(1).register(true).pollers(1).edgeEnv(TRUSTED_USER_HEADER));
    }

    /** {@link #embedded} in front of a {@link TestOrigin} of its own, which {@link #close} stops too. */
    public static StackFixture withTestOrigin() throws IOException {
        TestOrigin origin = new TestOrigin();
        try {
            return new StackFixture(LocalRuntime.options().origin(origin.url()).visibilityTimeoutSeconds(1).register(true)
                    .pollers(1).edgeEnv(TRUSTED_USER_HEADER), origin);
        } catch (RuntimeException e) {
            origin.close();
            throw e;
        }
    }

    public static StackFixture localstack(URI endpoint, String origin) {
        return endpoint(endpoint, origin);
    }

    /** Any AWS-compatible endpoint (LocalStack, moto's server), proxying to {@code origin} (null: collect mode). */
    public static StackFixture endpoint(URI endpoint, String origin) {
        return new StackFixture(LocalRuntime.options().origin(origin).collect(origin == null).endpoint(endpoint)
                .visibilityTimeoutSeconds(1).pollers(1).edgeEnv(TRUSTED_USER_HEADER));
    }

    public HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.edgeUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) request.headers(headers);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("request to the local edge failed: " + e, e);
        }
    }

    public List<ActionEvent> events(String user) {
        return store.find(EventStore.Selector.user(user), TimeRange.ALL, EventStore.Filters.NONE, 0, null);
    }

    public List<ActionEvent> awaitEvents(String user, int count) {
        return Eventually.until(WAIT, () -> events(user), e -> e.size() >= count, count + " event(s) of " + user);
    }

    public List<ActionEvent> byEventId(String id) {
        return store.find(EventStore.Selector.request(id), TimeRange.ALL, EventStore.Filters.NONE, 0, null);
    }

    /** Visible plus in-flight messages of a queue. */
    public int depth(String queueUrl) {
        Map<QueueAttributeName, String> a = runtime.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    public void awaitDrained() {
        Eventually.until(WAIT, () -> depth(runtime.queueUrl()), d -> d == 0, "the events queue to drain");
    }

    /** What waits in the DLQ now, left in place (the `dlq peek` code path). */
    public List<DeadLetters.Waiting> peekDlq() {
        return new DeadLetters(runtime.sqs(), runtime.dlqUrl(), runtime.queueUrl()).peek(50);
    }

    public void sendRaw(String body) {
        runtime.sqs().sendMessage(r -> r.queueUrl(runtime.queueUrl()).messageBody(body));
    }

    public static Path home() {
        return Path.of(System.getProperty("actionlog.home"));
    }

    @Override
    public void close() {
        runtime.close();
        if (origin != null) origin.close();
    }
}

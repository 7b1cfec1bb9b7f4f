package actionlog.chain;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.cli.CliRun;
import actionlog.core.ActionEvent;
import actionlog.local.LocalRuntime;
import actionlog.support.Clients;
import actionlog.support.LocalRegistry;
import actionlog.testkit.Eventually;
import actionlog.testkit.FaultProxy;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults survived with nothing lost, on the embedded stack: the queue down for 10 s, the table down for 10 s,
 * the consumer killed mid-batch, every message delivered twice. Each ends with exactly N distinct events stored.
 */
class FaultInjectionIT {
    static final int N = 100;
    static final Duration OUTAGE = Duration.ofSeconds(10);

    static TestOrigin origin;
    static FaultProxy sqsProxy;
    static FaultProxy dynamoProxy;
    static StackFixture stack;
    /** How many upcoming consumer invocations die after writing half their batch. */
    static final AtomicInteger crashes = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin();
        LocalRuntime.Hooks hooks = new LocalRuntime.Hooks(
                endpoint -> proxy(endpoint, true), endpoint -> proxy(endpoint, false),
                consumer -> (SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) -> {
                    if (crashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        SQSEvent half = new SQSEvent();
                        half.setRecords(event.getRecords().subList(0, event.getRecords().size() / 2));
                        consumer.handleRequest(half, context);
                        throw new IllegalStateException("consumer killed mid-batch");
                    }
                    return consumer.handleRequest(event, context);
                });
        // visibility 5 s: a 10 s outage costs at most 3 receives of the 5 before the DLQ
        stack = new StackFixture(LocalRuntime.options().origin(origin.url()).edgeEnv(StackFixture.TRUSTED_USER_HEADER).register(true).pollers(2).hooks(hooks));
    }

    static URI proxy(URI endpoint, boolean sqs) {
        try {
            FaultProxy proxy = new FaultProxy(endpoint);
            if (sqs) sqsProxy = proxy;
            else dynamoProxy = proxy;
            return proxy.uri();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) stack.close();
        if (sqsProxy != null) sqsProxy.close();
        if (dynamoProxy != null) dynamoProxy.close();
        if (origin != null) origin.close();
    }

    /** Sends N requests for {@code user}, spread over {@code spread}; every answer must be the origin's. */
    static void sendEvents(String user, Duration spread) throws InterruptedException {
        long pause = spread.toMillis() / N;
        for (int i = 0; i < N; i++) {
            HttpResponse<byte[]> response = stack.send("GET", "/" + user + "/" + i, null, "X-User-Id", user);
            assertEquals(200, response.statusCode(), "request " + i + " must not notice the fault");
            if (pause > 0) Thread.sleep(pause);
        }
    }

    static void assertExactlyNStored(String user) {
        List<ActionEvent> events = stack.awaitEvents(user, N);
        stack.awaitDrained();
        events = stack.events(user);
        assertEquals(N, events.size(), "stored items");
        assertEquals(N, new HashSet<>(events.stream().map(ActionEvent::id).toList()).size(), "distinct events");
        List<String> paths = events.stream().map(e -> e.string(ActionEvent.F_PATH)).sorted().toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < N; i++) expected.add("/" + user + "/" + i);
        assertEquals(expected.stream().sorted().toList(), paths, "every request, once");
    }

    @Test
    void queueDownForTenSecondsFailsOpenAndRecoverRestoresEverything() throws Exception {
        Path fallback = LocalRegistry.fallbackLog();
        long before = Files.exists(fallback) ? Files.readAllLines(fallback).size() : 0;
        sqsProxy.down();
        List<String> lines;
        try {
            sendEvents("queue-down", OUTAGE);
            // the sender writes to the fallback sink when its send times out, after the answers: wait for it while
            // the queue is still down, so no event slips through to the queue once it is back
            lines = Eventually.until(Duration.ofSeconds(30), () -> readLines(fallback), l -> l.size() - before >= N,
                    N + " fallback lines");
        } finally {
            sqsProxy.up();
        }
        assertEquals(N, lines.size() - before, "every event the queue refused is in the fallback sink");

        // what an operator does: `actionlog recover` on the lines the outage left
        Path outage = Files.createTempFile("fallback-outage", ".log");
        Files.write(outage, lines.subList((int) before, lines.size()));
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        CliRun recover = CliRun.of("recover", outage.toString(), "--endpoint-url", stack.runtime.sqsEndpoint().toString(),
                "--region", Clients.LOCAL_REGION.id(), "--queue-url", stack.runtime.queueUrl());
        assertEquals(0, recover.code(), recover.out() + recover.err());
        assertTrue(recover.out().startsWith("recover: " + N + " sent, 0 rejected (from "), recover.out());
        assertExactlyNStored("queue-down");
    }

    @Test
    void tableDownForTenSecondsIsRetriedUntilEverythingIsStored() throws Exception {
        dynamoProxy.down();
        try {
            sendEvents("table-down", OUTAGE);
        } finally {
            dynamoProxy.up();
        }
        assertExactlyNStored("table-down");
        assertTrue(stack.peekDlq().isEmpty(), "nothing reached the DLQ");
    }

    @Test
    void aConsumerKilledMidBatchLosesAndDuplicatesNothing() throws Exception {
        crashes.set(3);
        sendEvents("killed", Duration.ZERO);
        assertExactlyNStored("killed");
        assertEquals(0, crashes.get(), "the crashes happened");
    }

    @Test
    void everyMessageDeliveredTwiceIsStoredOnce() throws Exception {
        sendEvents("twice", Duration.ZERO);
        List<ActionEvent> first = stack.awaitEvents("twice", N);
        for (ActionEvent e : first) stack.sendRaw(e.toJson()); // the second delivery of every event
        stack.awaitDrained();
        assertExactlyNStored("twice");
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

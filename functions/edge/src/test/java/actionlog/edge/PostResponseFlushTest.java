package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a fake Extensions API: the extension asks for its next event only once the invocation's sends are done. */
class PostResponseFlushTest {
    /** Far beyond any wait below: an extension that waits for it fails the test instead of passing late. */
    static final long LONG_DEADLINE_MS = 120_000;

    /** Serves queued INVOKE events to event/next, blocking like Lambda between invocations; logs each call. */
    static final class FakeExtensionsApi implements AutoCloseable {
        final HttpServer server;
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Integer> nextCalls = new LinkedBlockingQueue<>();
        final List<String> protocolHeaders = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        FakeExtensionsApi() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            server.createContext("/2020-01-01/extension/register", ex -> {
                try (ex) {
                    record(ex.getRequestHeaders());
                    assertEquals(PostResponseFlush.NAME, ex.getRequestHeaders().getFirst("Lambda-Extension-Name"));
                    ex.getResponseHeaders().add("Lambda-Extension-Identifier", "ext-1");
                    ex.sendResponseHeaders(200, -1);
                }
            });
            server.createContext("/2020-01-01/extension/event/next", ex -> {
                try (ex) {
                    record(ex.getRequestHeaders());
                    nextCalls.add(calls.incrementAndGet());
                    String event = events.take();
                    byte[] body = event.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }

        private void record(com.sun.net.httpserver.Headers headers) {
            for (String name : List.of("Upgrade", "HTTP2-Settings", "Connection")) {
                if (headers.containsKey(name)) protocolHeaders.add(name + ": " + headers.getFirst(name));
            }
        }

        String runtimeApi() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        void invoke(String requestId, long deadlineInMs) {
            events.add("{\"eventType\":\"INVOKE\",\"requestId\":\"" + requestId + "\",\"deadlineMs\":"
                    + (System.currentTimeMillis() + deadlineInMs) + "}");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    FakeExtensionsApi api;
    PostResponseFlush flush;

    @BeforeEach
    void register() throws Exception {
        api = new FakeExtensionsApi();
        flush = PostResponseFlush.register(api.runtimeApi());
        assertNotNull(flush);
        assertEquals(1, api.nextCalls.poll(5, TimeUnit.SECONDS), "ready after registration");
    }

    @AfterEach
    void stop() {
        for (int i = 0; i < 10; i++) api.invoke("shutdown-" + i, LONG_DEADLINE_MS); // releases a waiting next call
        api.close();
    }

    @Test
    void holdsTheInvocationOpenUntilTheHandlerReturnedAndItsSendsFinished() throws Exception {
        api.invoke("req-1", LONG_DEADLINE_MS);
        CompletableFuture<Void> send = new CompletableFuture<>();
        flush.track(send);
        flush.invocationFinished("req-1"); // handler returned: the response is already on its way
        assertNull(api.nextCalls.poll(300, TimeUnit.MILLISECONDS), "must not finish while the send is in flight");
        send.complete(null);
        assertEquals(2, api.nextCalls.poll(5, TimeUnit.SECONDS), "finishes once the send is done");
    }

    @Test
    void anInvocationWhoseHandlerNeverRanCostsOnlyItself() throws Exception {
        // e.g. a payload the runtime could not deserialise: the handler is never called for it
        api.invoke("bad-1", 1_000);
        assertEquals(2, api.nextCalls.poll(10, TimeUnit.SECONDS), "the bad invocation ends at its deadline");
        for (int i = 1; i <= 3; i++) {
            api.invoke("good-" + i, LONG_DEADLINE_MS);
            flush.invocationFinished("good-" + i);
            assertEquals(2 + i, api.nextCalls.poll(10, TimeUnit.SECONDS),
                    "good-" + i + " ends when its handler returns, not at its deadline");
        }
    }

    @Test
    void theHandlerMayReturnBeforeTheExtensionSeesTheInvokeEvent() throws Exception {
        flush.invocationFinished("early-1");
        api.invoke("early-1", LONG_DEADLINE_MS);
        assertEquals(2, api.nextCalls.poll(10, TimeUnit.SECONDS));
        api.invoke("late-2", LONG_DEADLINE_MS);
        assertNull(api.nextCalls.poll(300, TimeUnit.MILLISECONDS), "late-2's handler has not returned yet");
        flush.invocationFinished("late-2");
        assertEquals(3, api.nextCalls.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void speaksPlainHttp11() throws Exception {
        api.invoke("req-1", LONG_DEADLINE_MS);
        flush.invocationFinished("req-1");
        assertEquals(2, api.nextCalls.poll(10, TimeUnit.SECONDS));
        assertEquals(List.of(), api.protocolHeaders, "no Upgrade: h2c to the Extensions API");
    }

    @Test
    void withoutARuntimeApiThereIsNoExtension() {
        assertNull(PostResponseFlush.register(null));
        assertNull(PostResponseFlush.register("127.0.0.1:9"));
    }
}

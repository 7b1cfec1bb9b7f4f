package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Against a fake Extensions API: the extension asks for its next event only once the invocation's sends are done. */
class PostResponseFlushTest {

    @Test
    void holdsTheInvocationOpenUntilTheHandlerReturnedAndItsSendsFinished() throws Exception {
        AtomicInteger nextCalls = new AtomicInteger();
        LinkedBlockingQueue<Integer> nextCallLog = new LinkedBlockingQueue<>();
        Semaphore invokes = new Semaphore(0);
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        api.createContext("/2020-01-01/extension/register", ex -> {
            try (ex) {
                assertEquals(PostResponseFlush.NAME, ex.getRequestHeaders().getFirst("Lambda-Extension-Name"));
                ex.getResponseHeaders().add("Lambda-Extension-Identifier", "ext-1");
                ex.sendResponseHeaders(200, -1);
            }
        });
        api.createContext("/2020-01-01/extension/event/next", ex -> {
            try (ex) {
                int n = nextCalls.incrementAndGet();
                nextCallLog.add(n);
                invokes.acquireUninterruptibly(); // blocks like Lambda until the next invocation
                byte[] body = ("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + (System.currentTimeMillis() + 20_000) + "}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        api.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        api.start();
        try {
            PostResponseFlush flush = PostResponseFlush.register("127.0.0.1:" + api.getAddress().getPort());
            assertNotNull(flush);
            assertEquals(1, nextCallLog.poll(5, TimeUnit.SECONDS), "ready after registration");

            invokes.release(); // invocation 1 starts
            CompletableFuture<Void> send = new CompletableFuture<>();
            flush.track(send);
            flush.invocationFinished(); // handler returned: the response is already on its way
            assertNull(nextCallLog.poll(300, TimeUnit.MILLISECONDS), "must not finish while the send is in flight");
            send.complete(null);
            assertEquals(2, nextCallLog.poll(5, TimeUnit.SECONDS), "finishes once the send is done");
        } finally {
            invokes.release(10);
            api.stop(0);
        }
    }

    @Test
    void withoutARuntimeApiThereIsNoExtension() {
        assertNull(PostResponseFlush.register(null));
        assertNull(PostResponseFlush.register("127.0.0.1:9"));
    }
}

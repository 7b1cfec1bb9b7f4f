package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Env;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The edge handler and its post-response extension under AWS's own Java runtime interface client, in a separate
 * JVM, against an emulation of the Lambda Runtime and Extensions APIs: an invocation ends when the runtime has
 * asked for the next one and the extension has too, as in Lambda. A payload the runtime cannot deserialise (the
 * handler never runs) must not make the later invocations wait until their deadlines.
 */
class RuntimeInterfaceClientIT {
    static final long GOOD_DEADLINE_MS = 120_000;

    record Invocation(String requestId, String payload, long deadlineMs) {}

    /** The Runtime API (runtime side) and the Extensions API on one address, as AWS_LAMBDA_RUNTIME_API names it. */
    static final class FakeLambda implements AutoCloseable {
        final HttpServer server;
        final Semaphore runtimeWaiting = new Semaphore(0);
        final Semaphore extensionWaiting = new Semaphore(0);
        final LinkedBlockingQueue<Invocation> toRuntime = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Invocation> toExtension = new LinkedBlockingQueue<>();
        final Map<String, String> results = new ConcurrentHashMap<>();

        FakeLambda() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/2018-06-01/runtime/invocation/", this::runtime);
            server.createContext("/2018-06-01/runtime/init/error", ex -> {
                results.put("init", "error: " + body(ex));
                reply(ex, 202, "{}");
            });
            server.createContext("/2020-01-01/extension/register", ex -> {
                body(ex);
                ex.getResponseHeaders().add("Lambda-Extension-Identifier", "ext-1");
                reply(ex, 200, "{\"functionName\":\"edge\",\"functionVersion\":\"1\",\"handler\":\"h\"}");
            });
            server.createContext("/2020-01-01/extension/event/next", ex -> {
                extensionWaiting.release();
                Invocation next = take(toExtension);
                reply(ex, 200, "{\"eventType\":\"INVOKE\",\"deadlineMs\":" + next.deadlineMs() + ",\"requestId\":\""
                        + next.requestId() + "\",\"invokedFunctionArn\":\"arn:aws:lambda:eu-west-3:123456789012:function:edge\","
                        + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-0-0\"}}");
            });
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-lambda");
                t.setDaemon(true);
                return t;
            }));
            server.start();
        }

        private void runtime(HttpExchange ex) throws IOException {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/invocation/next")) {
                runtimeWaiting.release();
                Invocation next = take(toRuntime);
                ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.requestId());
                ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadlineMs()));
                ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-3:123456789012:function:edge");
                ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-0-0");
                reply(ex, 200, next.payload());
            } else {
                // /2018-06-01/runtime/invocation/{id}/response or /error
                String[] parts = path.split("/");
                results.put(parts[4], parts[5] + ": " + body(ex));
                reply(ex, 202, "{}");
            }
        }

        /** Waits until the previous invocation is over (runtime and extension both ask again), then starts this one. */
        boolean start(Invocation invocation, long waitSeconds) throws InterruptedException {
            if (!runtimeWaiting.tryAcquire(waitSeconds, TimeUnit.SECONDS)) return false;
            if (!extensionWaiting.tryAcquire(waitSeconds, TimeUnit.SECONDS)) return false;
            toRuntime.add(invocation);
            toExtension.add(invocation);
            return true;
        }

        boolean previousEnded(long waitSeconds) throws InterruptedException {
            return runtimeWaiting.tryAcquire(waitSeconds, TimeUnit.SECONDS) && extensionWaiting.tryAcquire(waitSeconds, TimeUnit.SECONDS);
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        private static Invocation take(LinkedBlockingQueue<Invocation> queue) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String body(HttpExchange ex) throws IOException {
            return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        }

        private static void reply(HttpExchange ex, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json"); // the runtime client reads it unchecked
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void aPayloadTheRuntimeCannotDeserialiseCostsOnlyItsOwnInvocation() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String beacon = Files.readString(Path.of("src/test/resources/events/function-url-beacon.json"));
        try (FakeLambda lambda = new FakeLambda()) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", EdgeHandler.class.getName() + "::handleRequest")
                    .redirectErrorStream(true)
                    .redirectOutput(Files.createDirectories(Path.of("target")).resolve("ric-edge.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("AWS_LAMBDA_RUNTIME_API", lambda.address());
            env.put("AWS_REGION", "eu-west-3");
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            env.put("AWS_LAMBDA_FUNCTION_NAME", "edge");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            // the queue is unreachable: every send fails fast into the fallback sink (the function's log)
            env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + closedPort);
            env.put(Env.QUEUE_URL, "http://127.0.0.1:" + closedPort + "/123456789012/events");
            env.put(Env.SEND_TIMEOUT_MS, "1000");
            env.remove(Env.ORIGIN_SECRET_ARN);
            env.remove(Env.ORIGIN_URL);
            Process runtime = pb.start();
            try {
                long now = System.currentTimeMillis();
                assertTrue(lambda.start(new Invocation("bad-1", "this is not JSON", now + 2_000), 60),
                        "the runtime and the extension ask for their first invocation: " + lambda.results);
                for (int i = 1; i <= 3; i++) {
                    String id = "good-" + i;
                    // each start waits for the previous invocation's end: well before a good one's 120 s deadline
                    assertTrue(lambda.start(new Invocation(id, beacon, System.currentTimeMillis() + GOOD_DEADLINE_MS), 30),
                            "the invocation before " + id + " did not end: " + lambda.results);
                }
                assertTrue(lambda.previousEnded(30), "good-3 did not end: " + lambda.results);
                assertTrue(lambda.results.get("bad-1").startsWith("error: "), lambda.results.toString());
                for (int i = 1; i <= 3; i++) {
                    String result = lambda.results.get("good-" + i);
                    assertNotNull(result, lambda.results.toString());
                    assertTrue(result.startsWith("response: ") && result.contains("\"statusCode\":204"), result);
                }
            } finally {
                runtime.destroyForcibly();
                runtime.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

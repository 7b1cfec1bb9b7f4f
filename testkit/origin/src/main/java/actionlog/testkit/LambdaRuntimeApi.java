package actionlog.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An emulation of the Lambda Runtime API (the runtime's side) and Extensions API on one loopback address, as
 * {@code AWS_LAMBDA_RUNTIME_API} names it, and a launcher that runs a function's deployment jar under AWS's own Java
 * runtime interface client in a separate JVM the way Lambda's java runtime does: the jar unpacked as the task root
 * (the working directory, which the client's class loader reads), the client and its libraries on the class path.
 * An invocation ends, as in Lambda, when the runtime has asked for the next one and so has every registered extension.
 */
public final class LambdaRuntimeApi implements AutoCloseable {
    public record Invocation(String requestId, String payload, long deadlineMs) {}

    /** What the runtime posted for an invocation: {@code response} or {@code error}, and the body. */
    public record Result(String kind, String body) {}

    static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-3:123456789012:function:under-test";

    private final HttpServer server;
    private final Semaphore runtimeWaiting = new Semaphore(0);
    private final Semaphore extensionWaiting = new Semaphore(0);
    private volatile boolean extensionRegistered;
    private final LinkedBlockingQueue<Invocation> toRuntime = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Invocation> toExtension = new LinkedBlockingQueue<>();
    private final Map<String, Result> results = new ConcurrentHashMap<>();

    public LambdaRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/2018-06-01/runtime/invocation/", this::runtime);
        server.createContext("/2018-06-01/runtime/init/error", ex -> {
            results.put("init", new Result("error", body(ex)));
            reply(ex, 202, "{}");
        });
        server.createContext("/2020-01-01/extension/register", ex -> {
            body(ex);
            extensionRegistered = true;
            ex.getResponseHeaders().add("Lambda-Extension-Identifier", "ext-1");
            reply(ex, 200, "{\"functionName\":\"under-test\",\"functionVersion\":\"1\",\"handler\":\"h\"}");
        });
        server.createContext("/2020-01-01/extension/event/next", ex -> {
            extensionWaiting.release();
            Invocation next = take(toExtension);
            reply(ex, 200, "{\"eventType\":\"INVOKE\",\"deadlineMs\":" + next.deadlineMs() + ",\"requestId\":\""
                    + next.requestId() + "\",\"invokedFunctionArn\":\"" + FUNCTION_ARN + "\","
                    + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-0-0\"}}");
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Waits until the previous invocation is over (the runtime, and the extension if one registered, ask for the
     * next), then starts this one; false if that did not happen within {@code waitSeconds}.
     */
    public boolean start(Invocation invocation, long waitSeconds) throws InterruptedException {
        if (!previousEnded(waitSeconds)) return false;
        toRuntime.add(invocation);
        if (extensionRegistered) toExtension.add(invocation);
        return true;
    }

    /** Whether the invocation under way ended within {@code waitSeconds}. */
    public boolean previousEnded(long waitSeconds) throws InterruptedException {
        if (!runtimeWaiting.tryAcquire(waitSeconds, TimeUnit.SECONDS)) return false;
        return !extensionRegistered || extensionWaiting.tryAcquire(waitSeconds, TimeUnit.SECONDS);
    }

    /** What the runtime posted for {@code requestId} ("init" for an initialisation error), or null. */
    public Result result(String requestId) {
        return results.get(requestId);
    }

    public Map<String, Result> results() {
        return Map.copyOf(results);
    }

    /**
     * Starts {@code handler} of the deployment jar {@code functionJar} under the runtime interface client, with
     * {@code environment} added to the variables Lambda sets; its output goes to {@code log}.
     */
    public Process launch(Path functionJar, String handler, Map<String, String> environment, Path log) throws IOException {
        Path taskRoot = Files.createTempDirectory(log.toAbsolutePath().getParent(), "task-root");
        unzip(functionJar, taskRoot);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", runtimeClassPath(), "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("ACTIONLOG_") || name.startsWith("AWS_"));
        env.put("AWS_LAMBDA_RUNTIME_API", address());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_REGION", "eu-west-3");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "under-test");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.putAll(environment);
        return pb.start();
    }

    /** The jars of the runtime interface client and of its dependencies (its pom's), as on Lambda's class path. */
    static final List<String> RUNTIME_JARS = List.of("aws-lambda-java-runtime-interface-client-", "aws-lambda-java-core-",
            "aws-lambda-java-serialization-", "utils-lite-");

    /** This JVM's copies of {@link #RUNTIME_JARS}. */
    static String runtimeClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (RUNTIME_JARS.stream().anyMatch(name::startsWith)) entries.add(entry);
        }
        if (entries.stream().noneMatch(e -> e.contains("runtime-interface-client"))) {
            throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the test class path; add it as a test dependency");
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void unzip(Path jar, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) throw new IOException("entry outside the task root: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void runtime(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.endsWith("/invocation/next")) {
            runtimeWaiting.release();
            Invocation next = take(toRuntime);
            ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.requestId());
            ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadlineMs()));
            ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
            ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-0-0");
            reply(ex, 200, next.payload());
        } else {
            // /2018-06-01/runtime/invocation/{id}/response or /error
            String[] parts = path.split("/");
            results.put(parts[4], new Result(parts[5], body(ex)));
            reply(ex, 202, "{}");
        }
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
        try (InputStream in = ex.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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

package actionlog.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * moto's server (a third-party AWS emulator: SQS, DynamoDB, CloudFormation and more on one port), started as a
 * separate process on a free loopback port. Tests that use it carry
 * {@code @EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)}, so they are reported as
 * skipped, with the reason, where {@code moto_server} is not on the PATH; nothing installs it.
 */
public final class MotoServer implements AutoCloseable {
    public static final String COMMAND = "moto_server";
    public static final String INSTALL = "pip install 'moto[server]'";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static MotoServer start() {
        int port = freePort();
        Path log;
        Process process;
        try {
            log = Files.createTempFile("moto", ".log");
            process = new ProcessBuilder(COMMAND, "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + COMMAND + ": " + e.getMessage(), e);
        }
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitUp(Duration.ofSeconds(60));
        return server;
    }

    private void awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(COMMAND + " exited with " + process.exitValue() + "; its output: " + output());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() > 0) {
                    c.disconnect();
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(COMMAND + " did not answer within " + timeout + "; its output: " + output());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + COMMAND, e);
            }
        }
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * A minimal CloudFormation template (JSON) with one placeholder resource and the given outputs as literal
     * values: moto's CloudFormation gives a stack created from it (CreateStack) exactly these outputs.
     */
    public static String stackTemplate(java.util.Map<String, String> outputs) {
        StringBuilder json = new StringBuilder("{\"Resources\":{\"Placeholder\":{\"Type\":\"AWS::SQS::Queue\"}},\"Outputs\":{");
        String separator = "";
        for (java.util.Map.Entry<String, String> o : outputs.entrySet()) {
            json.append(separator).append('"').append(o.getKey()).append("\":{\"Value\":\"").append(o.getValue()).append("\"}");
            separator = ",";
        }
        return json.append("}}").toString();
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port: " + e.getMessage(), e);
        }
    }
}

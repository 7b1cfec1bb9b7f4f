package actionlog.chain;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.local.LocalRuntime;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import actionlog.testkit.Eventually;
import actionlog.testkit.chain.StackFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edge in front of a real web server that names no one: whatever a viewer claims, nobody is recorded under it. */
class NginxOriginIdentityIT {
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static Process nginx;
    static StackFixture stack;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NGINX), "nginx is not installed (apt-get install nginx)");
        Path dir = Files.createTempDirectory("nginx-origin");
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("www/index.html"), "<h1>static site</h1>\n");
        for (Path p : List.of(dir, dir.resolve("www"), dir.resolve("www/index.html"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String t = dir.resolve("tmp").toString();
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off; worker_processes 1; pid %1$s/nginx.pid; error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                  access_log off; client_body_temp_path %2$s; proxy_temp_path %2$s; fastcgi_temp_path %2$s;
                  uwsgi_temp_path %2$s; scgi_temp_path %2$s;
                  server { listen 127.0.0.1:%3$d; root %1$s/www; }
                }
                """.formatted(dir, t, port));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        int bound = port;
        Eventually.until(Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket("127.0.0.1", bound)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, up -> up, "nginx to listen on " + port);
        stack = new StackFixture(LocalRuntime.options().origin("http://127.0.0.1:" + port)
                .visibilityTimeoutSeconds(1).register(true).pollers(1));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (nginx != null) nginx.destroy();
    }

    @Test
    void claimsFromTheViewerRecordNothingUnderTheClaimedName() {
        HttpResponse<byte[]> response = stack.send("GET", "/", null, "X-User-Id", "mallory", "X-Actionlog-User", "mallory");
        assertEquals(200, response.statusCode());
        assertEquals("<h1>static site</h1>\n", new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        ActionEvent event = Eventually.until(StackFixture.WAIT, () -> stack.store.find(EventStore.Selector.ip("127.0.0.1"),
                TimeRange.ALL, EventStore.Filters.NONE, 0, null), e -> e.size() == 1, "the request").get(0);
        assertEquals(Identity.ANONYMOUS, event.get(F_USER_SOURCE));
        assertEquals(List.of(), stack.events("mallory"));
    }
}

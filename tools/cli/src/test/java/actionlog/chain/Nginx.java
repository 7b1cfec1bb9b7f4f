package actionlog.chain;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's nginx as a real third-party origin, unprivileged on a free loopback port, everything it writes in a
 * temporary directory. Configured like many production sites: absolute redirects built from its own name, a
 * cookie with a Domain, gzip, static files with ETag and Range, and an echo of the request target as received.
 */
final class Nginx implements AutoCloseable {
    static final String COMMAND = "nginx";
    /** Debian installs it in /usr/sbin, which is on root's PATH (add it to yours to run these tests as another user). */
    static final String INSTALL = "apt-get install nginx-light; it goes to /usr/sbin";
    static final byte[] BIG = "line of a static text file that gzip compresses well\n".repeat(400).getBytes(StandardCharsets.US_ASCII);

    final int port;
    private final Process process;
    final Path dir;

    Nginx() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("nginx-origin");
        Path html = Files.createDirectories(dir.resolve("html"));
        Files.writeString(html.resolve("index.html"), "<!doctype html><title>nginx origin</title><p>hello</p>\n");
        Files.createDirectories(html.resolve("dir"));
        Files.writeString(html.resolve("dir/index.html"), "<p>directory index</p>\n");
        Files.write(html.resolve("big.txt"), BIG);
        for (String t : new String[] {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) Files.createDirectories(dir.resolve("tmp/" + t));
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String conf = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp/client_body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  types { text/html html; text/plain txt; }
                  default_type application/octet-stream;
                  gzip on;
                  gzip_types text/plain;
                  gzip_min_length 100;
                  gzip_vary on;
                  if_modified_since before;
                  server {
                    listen 127.0.0.1:%2$d;
                    server_name 127.0.0.1;
                    absolute_redirect on;
                    server_name_in_redirect on;
                    port_in_redirect on;
                    root %1$s/html;
                    location = /cookie {
                      add_header Set-Cookie "session=n1; Domain=127.0.0.1; Path=/; HttpOnly" always;
                      add_header Set-Cookie "theme=dark; Domain=.127.0.0.1; Path=/" always;
                      return 302 /dir/;
                    }
                    location = /from-host { return 302 "http://$http_host/account"; }
                    location = /refresh { add_header Refresh "0; url=http://127.0.0.1:%2$d/dir/"; return 200 "refreshing\\n"; }
                    location /echo/ { default_type text/plain; return 200 "$request_uri\\n"; }
                    location = /forwarded { default_type text/plain; return 200 "$http_x_forwarded_for|$http_x_forwarded_host|$http_x_forwarded_proto|$http_forwarded|$host\\n"; }
                    location = /upload { client_max_body_size 10m; default_type text/plain; return 201 "stored $content_length\\n"; }
                  }
                }
                """.formatted(dir, port);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        process = new ProcessBuilder(COMMAND, "-p", dir.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("stdout.log"))
                            + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
                }
                Thread.sleep(50);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package actionlog.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event-driven HTTP server on its own: framing, keep-alive, deadlines and capacity, with raw sockets. */
class RawHttpServerTest {
    final List<RawHttpServer.Request> served = new CopyOnWriteArrayList<>();
    RawHttpServer server;

    private RawHttpServer start(int maxConnections, Duration headTimeout) throws IOException {
        server = RawHttpServer.start("127.0.0.1", 0, new RawHttpServer.Limits(maxConnections, headTimeout,
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5), 1024, 4), request -> {
            served.add(request);
            byte[] body = ("served " + request.rawTarget() + " " + request.body().length).getBytes(StandardCharsets.UTF_8);
            return new RawHttpServer.Response(200, List.of(Map.entry("Content-Type", "text/plain")), body, -1);
        });
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One answer: its head (lines) and its body, read by its Content-Length. */
    record Answer(List<String> head, String body) {
        String header(String name) {
            return head.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(h -> h.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        List<String> head = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String l = line.toString().strip();
                line.setLength(0);
                if (l.isEmpty()) break;
                head.add(l);
            } else {
                line.append((char) c);
            }
        }
        if (head.isEmpty()) return null;
        Answer answer = new Answer(head, "");
        String length = answer.header("Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Answer(head, new String(body, StandardCharsets.UTF_8));
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void shouldRunAfterWrite_onlyOnceTheClientHasTheAnswer() throws Exception {
        java.util.concurrent.CountDownLatch clientHasAnswer = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean answerFirst = new java.util.concurrent.atomic.AtomicBoolean();
        server = RawHttpServer.start("127.0.0.1", 0, new RawHttpServer.Limits(16, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5), 1024, 1),
                request -> new RawHttpServer.Response(200, List.of(), "done".getBytes(StandardCharsets.UTF_8), -1, () -> {
                    try { // were this run before the write, the client would wait for its answer in vain
                        answerFirst.set(clientHasAnswer.await(5, java.util.concurrent.TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ran.countDown();
                }));
        try (Socket socket = connect()) {
            socket.setSoTimeout(3_000);
            send(socket, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("done", read(socket.getInputStream()).body());
            clientHasAnswer.countDown();
            assertTrue(ran.await(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(answerFirst.get());
            // the one worker is free again: the connection serves the next request
            send(socket, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("done", read(socket.getInputStream()).body());
        }
    }

    @Test
    void shouldAnswerTwoRequestsOnOneConnection_whenHttp10AsksForKeepAlive() throws Exception {
        start(100, Duration.ofSeconds(5));
        try (Socket socket = connect()) {
            send(socket, "GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Answer first = read(socket.getInputStream());
            assertEquals("HTTP/1.1 200 OK", first.head().get(0));
            assertEquals("keep-alive", first.header("Connection"));
            assertEquals("served /one 0", first.body());
            send(socket, "GET /two HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Answer second = read(socket.getInputStream());
            assertEquals("served /two 0", second.body());
            assertEquals(1, server.openConnections());
        }
        assertEquals(2, served.size());
    }

    @Test
    void shouldCloseAfterTheAnswer_whenHttp10DoesNotAskForKeepAlive() throws Exception {
        start(100, Duration.ofSeconds(5));
        try (Socket socket = connect()) {
            send(socket, "GET /once HTTP/1.0\r\n\r\n");
            Answer answer = read(socket.getInputStream());
            assertEquals("close", answer.header("Connection"));
            assertEquals(-1, socket.getInputStream().read(), "closed after the answer");
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder_whenHttp11SendsThemAtOnce() throws Exception {
        start(100, Duration.ofSeconds(5));
        try (Socket socket = connect()) {
            send(socket, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n3;x=y\r\nfgh\r\n0\r\n\r\n"
                    + "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertEquals("served /a 3", read(in).body());
            assertEquals("served /b 5", read(in).body());
            Answer last = read(in);
            assertEquals("served /c 0", last.body());
            assertEquals("close", last.header("Connection"));
        }
        assertArrayEquals("defgh".getBytes(StandardCharsets.US_ASCII), served.get(1).body());
    }

    @Test
    void shouldSendContinue_whenTheClientExpectsIt() throws Exception {
        start(100, Duration.ofSeconds(5));
        try (Socket socket = connect()) {
            send(socket, "PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 100 Continue", read(in).head().get(0));
            send(socket, "body");
            assertEquals("served /up 4", read(in).body());
        }
    }

    @Test
    void shouldNeverServeTheRequest_whenTheClientHalfClosesBeforeTheHeadEnds() throws Exception {
        start(100, Duration.ofSeconds(5));
        try (Socket socket = connect()) {
            send(socket, "GET /half HTTP/1.1\r\nHost: x\r\nX-A: b\r\n");
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
        }
        try (Socket socket = connect()) { // and a body cut short is not served either
            send(socket, "POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
        }
        try (Socket socket = connect()) { // a complete one before the half-close is
            send(socket, "GET /whole HTTP/1.1\r\nHost: x\r\n\r\n");
            socket.shutdownOutput();
            assertEquals("served /whole 0", read(socket.getInputStream()).body());
        }
        assertEquals(List.of("/whole"), served.stream().map(RawHttpServer.Request::rawTarget).toList());
    }

    @Test
    void shouldCloseASlowHead_whenItsDeadlinePasses() throws Exception {
        start(100, Duration.ofMillis(500));
        try (Socket socket = connect()) {
            send(socket, "GET /slow HTTP/1.1\r\nHost: x\r\n");
            long start = System.nanoTime();
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, read, "closed without an answer");
            assertTrue(ms >= 300 && ms < 5_000, "closed at the head deadline, after " + ms + " ms");
        }
        assertEquals(0, served.size());
    }

    @Test
    void shouldServeANewClient_whenSlowConnectionsFillTheCap() throws Exception {
        start(50, Duration.ofSeconds(30));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 120; i++) {
                Socket s = connect();
                send(s, "GET /slow-" + i + " HTTP/1.1\r\nHost: x\r\nX-A: ");
                slow.add(s);
            }
            for (int i = 0; i < 20; i++) {
                try (Socket socket = connect()) {
                    send(socket, "GET /patient-" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    Answer answer = read(socket.getInputStream());
                    assertEquals("served /patient-" + i + " 0", answer == null ? "no answer" : answer.body());
                }
            }
            assertTrue(server.openConnections() <= 50, "at most the cap: " + server.openConnections());
        } finally {
            for (Socket s : slow) s.close();
        }
        assertEquals(20, served.size(), "only the complete requests");
    }

    @Test
    void shouldRefuseTheOldestStalledBody_whenBodiesBeingReceivedExceedTheirMemory() throws Exception {
        server = RawHttpServer.start("127.0.0.1", 0, new RawHttpServer.Limits(100, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5), 1024, 4, 1500), request -> {
            served.add(request);
            return new RawHttpServer.Response(200, List.of(), ("served " + request.body().length).getBytes(StandardCharsets.UTF_8), -1);
        });
        try (Socket stalled = connect(); Socket fresh = connect()) {
            send(stalled, "POST /stalled HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "a".repeat(900));
            Thread.sleep(300); // received, and older
            send(fresh, "POST /fresh HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "b".repeat(700));
            Answer refused = read(stalled.getInputStream());
            assertEquals("HTTP/1.1 503 Service Unavailable", refused.head().get(0));
            assertTrue(refused.body().contains("use all the memory set aside for them (1500 bytes)"), refused.body());
            send(fresh, "b".repeat(300));
            assertEquals("served 1000", read(fresh.getInputStream()).body());
        }
        assertEquals(List.of("/fresh"), served.stream().map(RawHttpServer.Request::rawTarget).toList());
    }

    @Test
    void shouldRefuseWithTheCause_whenTheHeadIsMalformedOrTooLarge() throws Exception {
        start(100, Duration.ofSeconds(5));
        assertEquals("HTTP/1.1 400 Bad Request", status("GARBAGE\r\n\r\n"));
        assertEquals("HTTP/1.1 505 HTTP Version Not Supported", status("GET / HTTP/2.0\r\n\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request", status("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request", status("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals("HTTP/1.1 413 Request Entity Too Large", status("POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n"));
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 201; i++) many.append("X-").append(i).append(": v\r\n");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", status(many + "\r\n"));
        assertEquals(0, served.size());
    }

    private String status(String request) throws IOException {
        try (Socket socket = connect()) {
            send(socket, request);
            Answer answer = read(socket.getInputStream());
            assertEquals("close", answer.header("Connection"));
            return answer.head().get(0);
        }
    }

    @Test
    void shouldAnswerHeadWithTheLengthOfTheGetAndNoBody() throws Exception {
        byte[] body = RawHttpServer.serialize(new RawHttpServer.Response(200, List.of(), new byte[0], 1234), true, true, 1, null);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\r\nContent-Length: 1234\r\n") && text.endsWith("\r\n\r\n"), text);
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        none.writeBytes(RawHttpServer.serialize(new RawHttpServer.Response(304, List.of(), new byte[0], -1), false, true, 1, null));
        assertTrue(!none.toString(StandardCharsets.ISO_8859_1).contains("Content-Length"), "no length on 304");
    }
}

package actionlog.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import actionlog.core.ActionEvent;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local edge's HTTP adapter takes what browsers and tools really send: raw characters a URL may not hold,
 * raw UTF-8 and invalid bytes in the target, UTF-8 header values; and slow clients cannot starve it.
 */
class LocalEdgeHttpIT {
    static StackFixture stack;
    static TestOrigin origin;

    @BeforeAll
    static void start() throws Exception {
        stack = StackFixture.withTestOrigin();
        origin = stack.origin;
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    private static Socket connect() throws IOException {
        URI edge = URI.create(stack.runtime.edgeUrl());
        Socket socket = new Socket(edge.getHost(), edge.getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String statusLine(byte[] request) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') line.append((char) c);
            return line.toString().trim();
        }
    }

    @Test
    void rawTargetsReachTheOriginByteForByteAndAreRecordedPercentEncoded() throws Exception {
        // raw space, " < > [ ] \ ^ ` { | }, raw UTF-8 (é) and an invalid byte (FF), as browsers and tools send them
        String target = "/a b/\"<x>\"/[1]/caf\u00c3\u00a9\u00ff?q=|{}^\\`&s=a b&t=%7C";
        byte[] head = ("GET " + target + " HTTP/1.1\r\nHost: shop.local\r\nX-User-Id: raw-target\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 200 OK", statusLine(head));
        TestOrigin.Received got = origin.received.stream().filter(r -> r.path().startsWith("/a b")).findFirst().orElseThrow();
        assertEquals("/a b/\"<x>\"/[1]/caf\u00c3\u00a9\u00ff", got.path(), "the exact bytes, one char per byte");
        assertEquals("q=|{}^\\`&s=a b&t=%7C", got.query());
        ActionEvent event = stack.awaitEvents("raw-target", 1).get(0);
        assertEquals("/a%20b/%22%3Cx%3E%22/%5B1%5D/caf%C3%A9%FF", event.string(ActionEvent.F_PATH));
        assertEquals("q=%7C%7B%7D%5E%5C%60&s=a%20b&t=%7C", event.string(ActionEvent.F_QUERY));
    }

    @Test
    void headerValuesAreUtf8() throws Exception {
        byte[] head = "GET /who HTTP/1.1\r\nHost: shop.local\r\nX-User-Id: zo\u00eb-m\u00fcller\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("HTTP/1.1 200 OK", statusLine(head));
        assertEquals(1, stack.awaitEvents("zo\u00eb-m\u00fcller", 1).size(), "not mojibake: the user is found by name");
        TestOrigin.Received got = origin.received.stream().filter(r -> r.path().equals("/who")).findFirst().orElseThrow();
        assertEquals(List.of("zo\u00eb-m\u00fcller"), got.headers().get("X-user-id"), "the origin gets the same UTF-8 bytes");
    }

    /** Open file descriptors this JVM may have; each test connection costs two here (client and server end). */
    private static long fdLimit() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 0;
    }

    /**
     * The availability attack of the privacy issue: 600 slow-header, 500 slow-body and 1,500 idle connections held
     * open (the thread-per-connection server answered 503 past 1,024 connections and served 26 of 180 requests);
     * health stays 200 and every legitimate request, sent 8 at a time, is answered and recorded.
     */
    @Test
    void shouldServeAndRecordEveryRequest_whenThousandsOfSlowAndIdleConnectionsAreOpen() throws Exception {
        int slowHeads = 600;
        int slowBodies = 500;
        int idle = 1_500;
        long needed = 2L * (slowHeads + slowBodies + idle) + 1_000;
        org.junit.jupiter.api.Assumptions.assumeTrue(fdLimit() >= needed, "this test holds " + (slowHeads + slowBodies + idle)
                + " connections, two file descriptors each: raise `ulimit -n` to " + needed + " (it is " + fdLimit() + ")");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < slowHeads + slowBodies + idle; i++) {
                Socket s = connect();
                held.add(s);
                if (i < slowHeads) { // a request head that never ends (slowloris)
                    s.getOutputStream().write(("GET /slow-" + i + " HTTP/1.1\r\nHost: shop.local\r\nX-User-Id: slowloris\r\nX-A: ")
                            .getBytes(StandardCharsets.US_ASCII));
                } else if (i < slowHeads + slowBodies) { // a body that never ends (slow POST)
                    s.getOutputStream().write(("POST /slow-body-" + i + " HTTP/1.1\r\nHost: shop.local\r\nX-User-Id: slowloris\r\n"
                            + "Content-Length: 100000\r\n\r\nx=").getBytes(StandardCharsets.US_ASCII));
                }
            }
            int legitimate = 200;
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < legitimate; i++) {
                    String path = "/patient-" + i;
                    answers.add(clients.submit(() -> stack.send("GET", path, null, "X-User-Id", "patient").statusCode()));
                }
                assertEquals(200, stack.send("GET", "/_actionlog/health", null).statusCode(), "health under the attack");
                int ok = 0;
                for (var answer : answers) if (answer.get() == 200) ok++;
                assertEquals(legitimate, ok, "legitimate requests answered 200");
            } finally {
                clients.shutdownNow();
            }
            assertEquals(legitimate, stack.awaitEvents("patient", legitimate).size(), "every legitimate request recorded once");
            assertEquals(200, stack.send("GET", "/_actionlog/health", null).statusCode());
        } finally {
            for (Socket s : held) s.close();
        }
        assertEquals(0, origin.received.stream().filter(r -> r.path().startsWith("/slow")).count(),
                "no incomplete request reached the application");
    }

    /** ApacheBench {@code -k} speaks HTTP/1.0 with {@code Connection: keep-alive}: both requests on one connection. */
    @Test
    void shouldAnswerBothOnOneConnection_whenHttp10KeepAliveSendsTwoRequests() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 1; i <= 2; i++) {
                out.write(("GET /keep-" + i + " HTTP/1.0\r\nHost: shop.local\r\nConnection: keep-alive\r\nX-User-Id: keeper\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Map<String, String> head = readHead(in);
                assertEquals("HTTP/1.1 200 OK", head.get(""), "answer " + i);
                assertEquals("keep-alive", head.get("connection"), "answer " + i);
                in.readNBytes(Integer.parseInt(head.get("content-length")));
            }
        }
        assertEquals(2, stack.awaitEvents("keeper", 2).size());
    }

    /** A client that half-closes before its head ends gets no answer, and the application never sees the request. */
    @Test
    void shouldNotReachTheOrigin_whenTheClientHalfClosesBeforeTheHeadEnds() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /half-closed HTTP/1.1\r\nHost: shop.local\r\nX-User-Id: half\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
        }
        // answered after the half-closed one was dropped: had it been sent on, the origin would have it by now
        assertEquals(200, stack.send("GET", "/after-half", null, "X-User-Id", "half").statusCode());
        assertEquals(0, origin.received.stream().filter(r -> r.path().equals("/half-closed")).count());
        assertEquals(1, origin.received.stream().filter(r -> r.path().equals("/after-half")).count());
    }

    /** {@code Connection: traceparent} cannot keep the trace context from the application. */
    @Test
    void shouldForwardTheTraceContext_whenConnectionNamesIt() throws Exception {
        String status = statusLine(("GET /traced HTTP/1.1\r\nHost: shop.local\r\nConnection: traceparent, tracestate\r\n"
                + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00\r\ntracestate: k=v\r\nX-User-Id: traced\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 200 OK", status);
        TestOrigin.Received got = origin.received.stream().filter(r -> r.path().equals("/traced")).findFirst().orElseThrow();
        assertTrue(got.headers().get("Traceparent").get(0).startsWith("00-0af7651916cd43dd8448eb211c80319c-"), got.headers().toString());
        assertEquals(List.of("k=v"), got.headers().get("Tracestate"));
        assertEquals("0af7651916cd43dd8448eb211c80319c", stack.awaitEvents("traced", 1).get(0).string(ActionEvent.F_TRACE_ID));
    }

    /** The status line as "" and each header by its lower-cased name. */
    private static Map<String, String> readHead(InputStream in) throws IOException {
        Map<String, String> head = new java.util.HashMap<>();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String l = line.toString().strip();
            line.setLength(0);
            if (l.isEmpty()) break;
            int colon = l.indexOf(':');
            if (head.isEmpty()) head.put("", l);
            else head.put(l.substring(0, colon).toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).strip());
        }
        return head;
    }
}

package actionlog.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void aHundredSlowClientsDoNotStarveTheEdge() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = connect();
                // a request head that never ends (slowloris)
                s.getOutputStream().write(("GET /slow-" + i + " HTTP/1.1\r\nHost: shop.local\r\nX-A: ").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            assertEquals(200, stack.send("GET", "/_actionlog/health", null).statusCode());
            assertEquals(200, stack.send("GET", "/still-served", null, "X-User-Id", "patient").statusCode());
        } finally {
            for (Socket s : slow) s.close();
        }
    }
}

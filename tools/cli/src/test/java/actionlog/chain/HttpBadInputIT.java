package actionlog.chain;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw, hostile HTTP against the local edge's HTTP adapter: defined answers, and the edge keeps serving. */
class HttpBadInputIT {
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

    /** Sends raw bytes, returns the status line (or "closed" if the server hung up without one). */
    static String raw(byte[] request) throws IOException {
        URI edge = URI.create(stack.runtime.edgeUrl());
        try (Socket socket = new Socket(edge.getHost(), edge.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server may answer and close before reading everything
            }
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            try {
                while ((c = in.read()) != -1 && c != '\n') line.append((char) c);
            } catch (java.net.SocketException reset) {
                return "reset";
            }
            return line.length() == 0 ? "closed" : line.toString().trim();
        }
    }

    static void assertStillServing() {
        assertEquals(200, stack.send("GET", "/still-alive", null, "X-User-Id", "alive").statusCode());
    }

    @Test
    void aBodyOverTheLambdaPayloadLimitGets413() throws Exception {
        String head = "POST /upload HTTP/1.1\r\nHost: x\r\nX-User-Id: big\r\nContent-Length: " + (7 * 1024 * 1024) + "\r\n\r\n";
        byte[] request = new byte[head.length() + 7 * 1024 * 1024];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        assertEquals("HTTP/1.1 413 Request Entity Too Large", raw(request));
        assertStillServing();
    }

    /**
     * The local edge's HTTP server refuses more than 200 request headers with 431, before the edge runs (in AWS,
     * CloudFront refuses such requests first). The edge's own handling of 10,000 headers is tested on the Lambda
     * event (edge BadInputTest).
     */
    @Test
    void tenThousandHeadersGetAnAnswerAndNoCrash() throws Exception {
        StringBuilder head = new StringBuilder("GET /flood HTTP/1.1\r\nHost: x\r\nX-User-Id: flood\r\n");
        for (int i = 0; i < 10_000; i++) head.append("X-Flood-").append(i).append(": v\r\n");
        head.append("\r\n");
        String status = raw(head.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", status);
        assertStillServing();
    }

    @Test
    void rawInvalidBytesInPathAndHeadersAreProxiedAndRecorded() throws Exception {
        byte[] head = "GET /caf%FF%FE?x=%C3%28 HTTP/1.1\r\nHost: x\r\nX-User-Id: bytes\r\nX-Raw: \u00ff\u00fe\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 200 OK", raw(head));
        ActionEvent event = stack.awaitEvents("bytes", 1).get(0);
        assertEquals("/caf%FF%FE", event.string(ActionEvent.F_PATH));
        assertEquals("x=%C3%28", event.string(ActionEvent.F_QUERY));
        assertStillServing();
    }
}

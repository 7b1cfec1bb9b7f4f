package actionlog.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;

/**
 * An HTTP/1.1 server that takes request targets as browsers and tools really send them: raw
 * {@code " < > \ ^ ` { | } [ ]}, spaces, non-ASCII and invalid UTF-8 are kept as the exact bytes (one char per
 * byte, see {@link actionlog.edge.Wire}); header values are UTF-8.
 *
 * <p>It is event-driven so that slow or idle clients cost a buffer, never a thread: one selector thread accepts
 * connections and reads each request head and body without blocking, and only a complete request (head ended by
 * its empty line, body complete by its {@code Content-Length} or last chunk) goes to a small pool of workers that
 * run the handler; the answer is written back by the selector thread. Every connection has a deadline for what it
 * waits for: the next request on an idle connection ({@link Limits#idleTimeout}), a request head once it started
 * ({@link Limits#headTimeout}), each read of a body and the whole body ({@link Limits#bodyReadTimeout},
 * {@link Limits#bodyTimeout}), and each write of an answer. Past {@link Limits#maxConnections} the connection that
 * has waited longest without a request being served is closed to make room, so thousands of slow connections
 * cannot keep a legitimate one out (the thread-per-connection server this replaces answered 503 past 1,024).
 *
 * <p>Keep-alive as HTTP/1.1 and HTTP/1.0 define it: an HTTP/1.1 connection stays open unless either side says
 * {@code Connection: close}; an HTTP/1.0 one only when the request says {@code Connection: keep-alive}, and the
 * answer then says so too. Pipelined requests are answered in order.
 */
public final class RawHttpServer implements AutoCloseable {
    /** One request: target as sent (one char per byte), header values as UTF-8 text, the body, the peer. */
    public record Request(String method, String rawTarget, List<Map.Entry<String, String>> headers, byte[] body,
                          InetSocketAddress remote, int localPort) {}

    /**
     * One answer; a HEAD answer's {@code contentLength} (or -1) is sent without a body. {@code afterWrite} (or null)
     * runs on the worker once the answer is handed to the connection: written, or as much of it as the socket took
     * (the selector writes the rest), or the write failed.
     */
    public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body, long headContentLength,
                           Runnable afterWrite) {
        public Response(int status, List<Map.Entry<String, String>> headers, byte[] body, long headContentLength) {
            this(status, headers, body, headContentLength, null);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException;
    }

    /**
     * Per-connection bounds.
     *
     * @param maxConnections  open connections at most; past it the longest-waiting one not being served is closed
     * @param headTimeout     a request head must be complete this long after its first byte
     * @param bodyReadTimeout each read of a body must bring bytes within this
     * @param bodyTimeout     the whole body must arrive within this after the head
     * @param idleTimeout     a connection waiting for its (next) request is closed after this
     * @param writeTimeout    each write of an answer must make progress within this (a client that never reads)
     * @param maxBody         larger bodies are refused with 413
     * @param workers         threads that run the handler (complete requests only)
     * @param maxBufferedBodies bytes of bodies still being received, all connections together; past it the body
     *                          that started longest ago is refused with 503 (bodies that stall just short of their
     *                          end would otherwise hold {@code maxBody} each)
     */
    public record Limits(int maxConnections, Duration headTimeout, Duration bodyReadTimeout, Duration bodyTimeout,
                         Duration idleTimeout, Duration writeTimeout, long maxBody, int workers, long maxBufferedBodies) {
        /** With 256 MB for bodies being received. */
        public Limits(int maxConnections, Duration headTimeout, Duration bodyReadTimeout, Duration bodyTimeout,
                      Duration idleTimeout, Duration writeTimeout, long maxBody, int workers) {
            this(maxConnections, headTimeout, bodyReadTimeout, bodyTimeout, idleTimeout, writeTimeout, maxBody, workers,
                    256L * 1024 * 1024);
        }
    }

    /** Longest request line or header line, most header lines, and the largest head in all. */
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_HEADERS = 200;
    static final int MAX_HEAD = 256 * 1024;
    /**
     * After an answer that closes the connection, unread input (say the rest of a refused body) is drained while it
     * keeps coming, so the client reads the answer rather than a reset.
     */
    private static final long LINGER_MS = 2_000;
    private static final long LINGER_MAX_MS = 30_000;
    private static final long SWEEP_MS = 100;

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Limits limits;
    private final Handler handler;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final SelectionKey acceptKey;
    private final int port;
    private final ExecutorService workers;
    private final Thread loop;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Open connections, oldest first: the selector thread's alone. */
    private final LinkedHashSet<Conn> conns = new LinkedHashSet<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;
    /** Bytes of bodies being received, all connections together: the selector thread's alone. */
    private long buffered;
    private long acceptPausedUntil;

    private RawHttpServer(String bind, int port, Limits limits, Handler handler) throws IOException {
        this.limits = limits;
        this.handler = handler;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 1024);
            listener.configureBlocking(false);
            acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "actionlog-http-" + this.port + "-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.loop = new Thread(this::run, "actionlog-http-" + this.port);
        loop.start();
    }

    public static RawHttpServer start(String bind, int port, Limits limits, Handler handler) throws IOException {
        return new RawHttpServer(bind, port, limits, handler);
    }

    public int port() {
        return port;
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    // ---------------------------------------------------------------- the selector thread

    private enum State { IDLE, HEAD, BODY, BUSY, WRITE, LINGER }

    private final class Conn {
        final SocketChannel ch;
        final SelectionKey key;
        final InetSocketAddress remote;
        final int localPort;
        State state = State.IDLE;
        long deadline;
        long bodyDeadline;
        /** Bytes read and not yet consumed. */
        byte[] in = new byte[2048];
        int inLen;
        /** Head scanning: where the current line starts, how far it was scanned, lines so far. */
        int lineStart;
        int scanned;
        int lines;
        Head head;
        Body body;
        /** Bytes of {@link #body} counted in {@link RawHttpServer#buffered}. */
        long counted;
        ByteBuffer out;
        boolean closeAfterWrite;

        Conn(SocketChannel ch, SelectionKey key) throws IOException {
            this.ch = ch;
            this.key = key;
            this.remote = (InetSocketAddress) ch.getRemoteAddress();
            this.localPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    /** A parsed request head. */
    private record Head(String method, String target, int minor, List<Map.Entry<String, String>> headers,
                        boolean keepAlive, boolean expectContinue) {}

    private void run() {
        long nextSweep = System.currentTimeMillis() + SWEEP_MS;
        while (running) {
            try {
                selector.select(SWEEP_MS);
            } catch (IOException | ClosedSelectorException e) {
                break;
            }
            if (!running) break;
            Runnable task;
            while ((task = tasks.poll()) != null) task.run();
            Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
            while (selected.hasNext()) {
                SelectionKey key = selected.next();
                selected.remove();
                if (!key.isValid()) continue;
                if (key == acceptKey) {
                    accept();
                    continue;
                }
                Conn c = (Conn) key.attachment();
                try {
                    if (key.isValid() && key.isWritable()) flush(c);
                    if (key.isValid() && key.isReadable()) read(c);
                } catch (IOException | RuntimeException e) {
                    close(c);
                }
            }
            long now = System.currentTimeMillis();
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + SWEEP_MS;
            }
        }
        for (Conn c : new ArrayList<>(conns)) close(c);
    }

    private void accept() {
        for (int i = 0; i < 256; i++) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                // out of file descriptors: make room by closing the connection that waited longest, or pause accepting
                if (!evictOne()) {
                    acceptKey.interestOps(0);
                    acceptPausedUntil = System.currentTimeMillis() + 50;
                }
                return;
            }
            if (ch == null) return;
            if (conns.size() >= limits.maxConnections() && !evictOne()) {
                refuse(ch);
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                Conn c = new Conn(ch, key);
                key.attach(c);
                c.deadline = System.currentTimeMillis() + limits.idleTimeout().toMillis();
                conns.add(c);
                open.incrementAndGet();
            } catch (IOException e) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // gone already
                }
            }
        }
    }

    /** Every connection is being served: a short 503 (blocking is fine, the socket buffer is empty) and close. */
    private static void refuse(SocketChannel ch) {
        try (ch) {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n"
                    + "Retry-After: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException ignored) {
            // the client is gone already
        }
    }

    /** Closes the oldest connection that waits for a client (not one whose request is being served). */
    private boolean evictOne() {
        for (Conn c : conns) {
            if (c.state != State.BUSY && c.state != State.WRITE) {
                close(c);
                return true;
            }
        }
        return false;
    }

    private void sweep(long now) {
        if (acceptPausedUntil != 0 && now >= acceptPausedUntil && acceptKey.isValid()) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
            acceptPausedUntil = 0;
        }
        List<Conn> expired = null;
        for (Conn c : conns) {
            if (c.state != State.BUSY && now >= c.deadline) {
                if (expired == null) expired = new ArrayList<>();
                expired.add(c);
            }
        }
        if (expired != null) expired.forEach(this::close);
    }

    private void close(Conn c) {
        if (!conns.remove(c)) return;
        release(c);
        open.decrementAndGet();
        c.key.cancel();
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void read(Conn c) throws IOException {
        readBuffer.clear();
        int n = c.ch.read(readBuffer);
        if (n < 0) {
            // the client half-closed (or closed): whatever request is incomplete is never served
            close(c);
            return;
        }
        if (n == 0) return;
        readBuffer.flip();
        if (c.state == State.LINGER) { // drained and dropped; the client is still sending what was refused
            c.deadline = Math.min(c.bodyDeadline, System.currentTimeMillis() + LINGER_MS);
            return;
        }
        if (c.inLen + n > c.in.length) c.in = java.util.Arrays.copyOf(c.in, Math.max(c.in.length * 2, c.inLen + n));
        readBuffer.get(c.in, c.inLen, n);
        c.inLen += n;
        advance(c);
    }

    /** Parses what is buffered as far as it goes; dispatches a complete request. */
    private void advance(Conn c) throws IOException {
        long now = System.currentTimeMillis();
        if (c.state == State.IDLE) {
            if (c.inLen == 0) return;
            c.state = State.HEAD;
            c.deadline = now + limits.headTimeout().toMillis();
        }
        if (c.state == State.HEAD) {
            int end = scanHead(c);
            if (end == -2) return; // answered with an error
            if (end < 0) return;
            Head head;
            try {
                head = parseHead(c.in, 0, end);
            } catch (BadRequest e) {
                fail(c, e.status, e.getMessage());
                return;
            }
            consume(c, end);
            c.head = head;
            Body body;
            try {
                body = Body.of(head, limits.maxBody());
            } catch (BadRequest e) {
                fail(c, e.status, e.getMessage());
                return;
            }
            c.body = body;
            c.state = State.BODY;
            c.bodyDeadline = now + limits.bodyTimeout().toMillis();
            c.deadline = Math.min(c.bodyDeadline, now + limits.bodyReadTimeout().toMillis());
            if (head.expectContinue() && head.minor() >= 1 && !body.complete() && c.inLen == 0) {
                ByteBuffer cont = ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                c.ch.write(cont);
                if (cont.hasRemaining()) { // an empty socket buffer takes 25 bytes: this client reads nothing
                    close(c);
                    return;
                }
            }
        } else if (c.state == State.BODY) {
            c.deadline = Math.min(c.bodyDeadline, now + limits.bodyReadTimeout().toMillis());
        }
        if (c.state == State.BODY) {
            try {
                int used = c.body.take(c.in, 0, c.inLen);
                consume(c, used);
            } catch (BadRequest e) {
                fail(c, e.status, e.getMessage());
                return;
            }
            long size = c.body.bytes.size();
            buffered += size - c.counted;
            c.counted = size;
            while (buffered > limits.maxBufferedBodies()) {
                Conn victim = oldestBody();
                if (victim == null) break;
                fail(victim, 503, "Service Unavailable: the request bodies being received use all the memory set aside"
                        + " for them (" + limits.maxBufferedBodies() + " bytes); retry");
            }
            if (c.state != State.BODY || !c.body.complete()) return;
            dispatch(c);
        }
    }

    /**
     * Finds the end of the request head (just past its empty line, CRLF or a bare LF), enforcing the line, count
     * and size limits; -1 while it is incomplete, -2 once answered with an error.
     */
    private int scanHead(Conn c) throws IOException {
        int i = c.scanned;
        while (i < c.inLen) {
            if (c.in[i] == '\n') {
                int lineEnd = i > c.lineStart && c.in[i - 1] == '\r' ? i - 1 : i;
                int length = lineEnd - c.lineStart;
                if (length == 0) {
                    if (c.lines == 0) { // empty lines before a request line are ignored (RFC 9112 §2.2)
                        consume(c, i + 1);
                        i = 0;
                        continue;
                    }
                    c.scanned = 0;
                    int end = i + 1;
                    c.lineStart = 0;
                    c.lines = 0;
                    return end;
                }
                if (length > MAX_LINE) return tooLarge(c);
                c.lines++;
                if (c.lines > MAX_HEADERS + 1) {
                    fail(c, 431, "Request Header Fields Too Large: more than " + MAX_HEADERS + " header lines");
                    return -2;
                }
                c.lineStart = i + 1;
            }
            i++;
        }
        c.scanned = i;
        if (c.inLen - c.lineStart > MAX_LINE || c.inLen > MAX_HEAD) return tooLarge(c);
        return -1;
    }

    private int tooLarge(Conn c) throws IOException {
        if (c.lines == 0) fail(c, 414, "URI Too Long: the request line is over " + MAX_LINE + " bytes");
        else fail(c, 431, "Request Header Fields Too Large: a header line is over " + MAX_LINE
                + " bytes or the head over " + MAX_HEAD);
        return -2;
    }

    private static void consume(Conn c, int count) {
        if (count == 0) return;
        System.arraycopy(c.in, count, c.in, 0, c.inLen - count);
        c.inLen -= count;
        if (c.inLen == 0 && c.in.length > 64 * 1024) c.in = new byte[2048]; // a large body's buffer is not kept
    }

    /** The connection whose body started longest ago. */
    private Conn oldestBody() {
        Conn oldest = null;
        for (Conn c : conns) {
            if (c.state == State.BODY && c.counted > 0 && (oldest == null || c.bodyDeadline < oldest.bodyDeadline)) oldest = c;
        }
        return oldest;
    }

    private void release(Conn c) {
        buffered -= c.counted;
        c.counted = 0;
    }

    private void dispatch(Conn c) {
        release(c);
        c.state = State.BUSY;
        c.key.interestOps(0);
        Head head = c.head;
        byte[] body = c.body.bytes();
        c.head = null;
        c.body = null;
        Request request = new Request(head.method(), head.target(), head.headers(), body, c.remote, c.localPort);
        workers.execute(() -> {
            byte[] answer;
            Runnable afterWrite = null;
            boolean keepAlive = head.keepAlive();
            try {
                Response response = handler.handle(request);
                afterWrite = response.afterWrite();
                answer = serialize(response, "HEAD".equals(head.method()), keepAlive, head.minor(), null);
            } catch (Exception | StackOverflowError e) {
                keepAlive = false;
                answer = serialize(text(500, "Internal Server Error: " + e), false, false, head.minor(), null);
            }
            try {
                write(c, answer, !keepAlive);
            } finally {
                if (afterWrite != null) runAfterWrite(afterWrite);
            }
        });
    }

    private static void runAfterWrite(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) { // the answer is out; the worker stays
            System.err.println("actionlog: after writing an answer: " + e);
        }
    }

    /**
     * Written here, not after a hand-off to the selector thread: on a machine whose cores are all busy each hand-off
     * waits for a time slice, and the client waits for the answer (the selector only touches this channel again
     * once the task below re-arms it).
     */
    private void write(Conn c, byte[] answer, boolean close) {
        ByteBuffer out = ByteBuffer.wrap(answer);
        try {
            c.ch.write(out);
        } catch (IOException | RuntimeException e) {
            post(() -> close(c));
            return;
        }
        post(() -> startWrite(c, out, close));
    }

    private void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void startWrite(Conn c, ByteBuffer bytes, boolean closeAfter) {
        if (!conns.contains(c)) return;
        c.out = bytes;
        c.closeAfterWrite = closeAfter;
        c.state = State.WRITE;
        c.deadline = System.currentTimeMillis() + limits.writeTimeout().toMillis();
        try {
            flush(c);
        } catch (IOException | RuntimeException e) {
            close(c);
        }
    }

    private void flush(Conn c) throws IOException {
        if (c.state != State.WRITE) return;
        int before = c.out.remaining();
        if (before > 0) c.ch.write(c.out);
        if (c.out.hasRemaining()) {
            if (c.out.remaining() < before) c.deadline = System.currentTimeMillis() + limits.writeTimeout().toMillis();
            c.key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        c.out = null;
        if (c.closeAfterWrite) {
            linger(c);
            return;
        }
        c.state = State.IDLE;
        c.deadline = System.currentTimeMillis() + limits.idleTimeout().toMillis();
        c.key.interestOps(SelectionKey.OP_READ);
        advance(c); // a pipelined request may be buffered already
    }

    /** Half-closes and drains what the client still sends, so the answer reaches it rather than a reset. */
    private void linger(Conn c) {
        c.state = State.LINGER;
        c.inLen = 0;
        long now = System.currentTimeMillis();
        c.deadline = now + LINGER_MS;
        c.bodyDeadline = now + LINGER_MAX_MS;
        try {
            c.ch.shutdownOutput();
            c.key.interestOps(SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            close(c);
        }
    }

    /** Answers a request the server itself refuses, then closes the connection. */
    private void fail(Conn c, int status, String message) {
        release(c);
        c.head = null;
        c.body = null;
        c.inLen = 0;
        c.key.interestOps(0);
        startWrite(c, ByteBuffer.wrap(serialize(text(status, message), false, false, 1, message.substring(0, message.indexOf(':')))), true);
    }

    private static Response text(int status, String message) {
        return new Response(status, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
                (message + "\n").getBytes(StandardCharsets.UTF_8), -1);
    }

    // ---------------------------------------------------------------- parsing

    private static final class BadRequest extends Exception {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static Head parseHead(byte[] in, int from, int end) throws BadRequest {
        String text = new String(in, from, end - from, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", -1);
        String line = lines[0];
        int first = line.indexOf(' ');
        int last = line.lastIndexOf(' ');
        String version = last > first ? line.substring(last + 1) : "";
        if (first <= 0 || last <= first || !version.matches("HTTP/\\d\\.\\d") || !token(line.substring(0, first))) {
            throw new BadRequest(400, "Bad Request: invalid request line \"" + printable(line, 200) + "\"");
        }
        if (version.charAt(5) != '1') {
            throw new BadRequest(505, "HTTP Version Not Supported: " + version + "; use HTTP/1.1 or HTTP/1.0");
        }
        int minor = version.charAt(7) - '0';
        String target = line.substring(first + 1, last);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        boolean close = false;
        boolean keepAlive = false;
        boolean expect = false;
        for (int i = 1; i < lines.length; i++) {
            String h = lines[i];
            if (h.isEmpty()) break;
            int colon = h.indexOf(':');
            if (colon <= 0 || !token(h.substring(0, colon))) {
                // also a folded line (RFC 9112 §5.2 allows refusing it) and "Name : value"
                throw new BadRequest(400, "Bad Request: invalid header line \"" + printable(h, 200) + "\"");
            }
            String name = h.substring(0, colon);
            String value = h.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("connection")) {
                for (String t : value.split(",")) {
                    String token = t.strip();
                    if (token.equalsIgnoreCase("close")) close = true;
                    else if (token.equalsIgnoreCase("keep-alive")) keepAlive = true;
                }
            } else if (name.equalsIgnoreCase("expect") && value.equalsIgnoreCase("100-continue")) {
                expect = true;
            }
            headers.add(Map.entry(name, actionlog.edge.Wire.toText(value)));
        }
        boolean persistent = !close && (minor >= 1 || keepAlive);
        return new Head(line.substring(0, first), target, minor, headers, persistent, expect);
    }

    private static boolean token(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 126 || c <= 32 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) return false;
        }
        return true;
    }

    private static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            b.append(c >= 32 && c < 127 ? c : '?');
        }
        return b.toString();
    }

    /** A request body being read: by Content-Length, by chunks, or none. */
    private abstract static class Body {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long max;

        Body(long max) {
            this.max = max;
        }

        static Body of(Head head, long max) throws BadRequest {
            String te = null;
            String cl = null;
            for (Map.Entry<String, String> h : head.headers()) {
                if (h.getKey().equalsIgnoreCase("transfer-encoding")) te = te == null ? h.getValue() : te + "," + h.getValue();
                else if (h.getKey().equalsIgnoreCase("content-length")) {
                    if (cl != null && !cl.equals(h.getValue())) throw new BadRequest(400, "Bad Request: two different Content-Length headers");
                    cl = h.getValue();
                }
            }
            if (te != null) {
                String[] codings = te.split(",");
                if (!codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
                    throw new BadRequest(501, "Not Implemented: Transfer-Encoding \"" + printable(te, 100) + "\"; send chunked or a Content-Length");
                }
                if (cl != null) {
                    // both framings: the one a proxy before us may have used is ambiguous (request smuggling)
                    throw new BadRequest(400, "Bad Request: both Transfer-Encoding and Content-Length; send one of them");
                }
                return new Chunked(max);
            }
            if (cl == null) return new Fixed(0, max);
            long length;
            if (!cl.matches("\\d{1,18}")) throw new BadRequest(400, "Bad Request: invalid Content-Length \"" + printable(cl, 40) + "\"");
            length = Long.parseLong(cl);
            if (length > max) throw new BadRequest(413, "Request Entity Too Large: the limit is " + max + " bytes");
            return new Fixed(length, max);
        }

        /** Takes what belongs to the body from {@code in}; returns how many bytes it used. */
        abstract int take(byte[] in, int from, int length) throws BadRequest;

        abstract boolean complete();

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private static final class Fixed extends Body {
        private long missing;

        Fixed(long length, long max) {
            super(max);
            this.missing = length;
        }

        @Override
        int take(byte[] in, int from, int length) {
            int n = (int) Math.min(missing, length);
            bytes.write(in, from, n);
            missing -= n;
            return n;
        }

        @Override
        boolean complete() {
            return missing == 0;
        }
    }

    private static final class Chunked extends Body {
        private enum Part { SIZE, DATA, DATA_END, TRAILER, DONE }

        private Part part = Part.SIZE;
        private long missing;

        Chunked(long max) {
            super(max);
        }

        @Override
        int take(byte[] in, int from, int length) throws BadRequest {
            int i = from;
            int end = from + length;
            while (i < end && part != Part.DONE) {
                switch (part) {
                    case SIZE, TRAILER, DATA_END -> {
                        int nl = -1;
                        for (int j = i; j < end; j++) {
                            if (in[j] == '\n') {
                                nl = j;
                                break;
                            }
                        }
                        if (nl < 0) {
                            if (end - i > 4096) throw new BadRequest(400, "Bad Request: a chunk line is over 4096 bytes");
                            return i - from;
                        }
                        String line = new String(in, i, nl - i, StandardCharsets.ISO_8859_1).strip();
                        i = nl + 1;
                        if (part == Part.DATA_END) {
                            if (!line.isEmpty()) throw new BadRequest(400, "Bad Request: chunk data longer than its size");
                            part = Part.SIZE;
                        } else if (part == Part.TRAILER) {
                            if (line.isEmpty()) part = Part.DONE;
                        } else {
                            int semi = line.indexOf(';');
                            String size = (semi < 0 ? line : line.substring(0, semi)).strip();
                            if (!size.matches("[0-9a-fA-F]{1,15}")) {
                                throw new BadRequest(400, "Bad Request: invalid chunk size \"" + printable(size, 40) + "\"");
                            }
                            missing = Long.parseLong(size, 16);
                            if (bytes.size() + missing > max) {
                                throw new BadRequest(413, "Request Entity Too Large: the limit is " + max + " bytes");
                            }
                            part = missing == 0 ? Part.TRAILER : Part.DATA;
                        }
                    }
                    case DATA -> {
                        int n = (int) Math.min(missing, end - i);
                        bytes.write(in, i, n);
                        missing -= n;
                        i += n;
                        if (missing == 0) part = Part.DATA_END;
                    }
                    default -> throw new IllegalStateException(part.name());
                }
            }
            return i - from;
        }

        @Override
        boolean complete() {
            return part == Part.DONE;
        }
    }

    // ---------------------------------------------------------------- answers

    private static volatile long dateSecond;
    private static volatile String date = "";

    private static String date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
            dateSecond = second;
        }
        return date;
    }

    /**
     * The answer's bytes: status line, the handler's headers (framing and Connection are the server's own), a Date
     * unless the handler gave one, Content-Length (none on 1xx, 204 and 304; a HEAD answer's is that of the GET it
     * describes, or none) and Connection as keep-alive requires.
     */
    static byte[] serialize(Response r, boolean head, boolean keepAlive, int minor, String reason) {
        int status = r.status();
        String phrase = reason != null ? reason : EnglishReasonPhraseCatalog.INSTANCE.getReason(status, Locale.ENGLISH);
        StringBuilder b = new StringBuilder(256).append("HTTP/1.1 ").append(status);
        if (phrase != null) b.append(' ').append(phrase);
        b.append("\r\n");
        boolean hasDate = false;
        for (Map.Entry<String, String> h : r.headers()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                    || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive")) continue;
            String value = actionlog.edge.Wire.fromText(h.getValue());
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || !token(name)) continue; // would split the head
            if (name.equalsIgnoreCase("date")) hasDate = true;
            b.append(name).append(": ").append(value).append("\r\n");
        }
        if (!hasDate) b.append("Date: ").append(date()).append("\r\n");
        boolean bodiless = status == 204 || status == 304 || (status >= 100 && status < 200);
        byte[] body = bodiless || head ? new byte[0] : r.body();
        if (!bodiless) {
            long length = head ? r.headContentLength() : body.length;
            if (length >= 0) b.append("Content-Length: ").append(length).append("\r\n");
        }
        if (!keepAlive) b.append("Connection: close\r\n");
        else if (minor == 0) b.append("Connection: keep-alive\r\n");
        b.append("\r\n");
        byte[] headBytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            listener.close();
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}

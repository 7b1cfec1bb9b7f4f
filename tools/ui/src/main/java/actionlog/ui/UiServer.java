package actionlog.ui;

import actionlog.core.ActionEvent;
import actionlog.core.Json;
import actionlog.core.RequestKind;
import actionlog.core.Threads;
import actionlog.support.EventStore;
import actionlog.support.Folding;
import actionlog.support.HttpServers;
import actionlog.support.Output;
import actionlog.support.Tail;
import actionlog.support.TimeRange;
import actionlog.support.archive.ActivityChart;
import actionlog.support.archive.SqlEngine;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The web timeline: static files from the jar and one JSON/CSV endpoint over {@link EventStore}. It listens on
 * 127.0.0.1 only and answers only requests addressed to that host, so no other site can read it (DNS
 * rebinding); it queries DynamoDB with the operator's own credentials, adding no public endpoint.
 */
public final class UiServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    private static final Set<String> FILES = Set.of("index.html", "app.js", "style.css", "favicon.svg");
    /** Added to each event of the JSON answer: its person ({@link Output#person}), which the page shows as it is. */
    static final String PERSON = "actionlog.person";

    private final HttpServer server;
    private final EventStore store;
    private final Function<Exception, String> explain;
    private final String traceLinkTemplate;
    private final Supplier<SqlEngine> analytics;

    private UiServer(HttpServer server, EventStore store, Function<Exception, String> explain, String traceLinkTemplate,
                     Supplier<SqlEngine> analytics) {
        this.server = server;
        this.store = store;
        this.explain = explain;
        this.traceLinkTemplate = traceLinkTemplate;
        this.analytics = analytics;
    }

    public static UiServer start(EventStore store, int port, Function<Exception, String> explain) {
        return start(store, port, explain, null);
    }

    /**
     * {@code traceLinkTemplate}: an http(s) URL holding {traceId} for the link of each event's trace, or null. A port
     * already in use is an {@link java.io.UncheckedIOException} naming it; the command adds which of its flags
     * chooses another.
     */
    public static UiServer start(EventStore store, int port, Function<Exception, String> explain, String traceLinkTemplate) {
        return start(store, port, explain, traceLinkTemplate, null);
    }

    /**
     * {@code analytics}: the archive's SQL engine (a fresh one per chart; DuckDB locally, Athena deployed) for the chart of
     * requests and errors over time; null shows no chart.
     */
    public static UiServer start(EventStore store, int port, Function<Exception, String> explain, String traceLinkTemplate,
                                 Supplier<SqlEngine> analytics) {
        try {
            HttpServer server = HttpServers.loopback(new InetSocketAddress("127.0.0.1", port), 64);
            server.setExecutor(Threads.daemonPool("actionlog-ui", 4));
            UiServer ui = new UiServer(server, store, explain,
                    traceLinkTemplate == null ? null : actionlog.core.TraceContext.checkLinkTemplate(traceLinkTemplate), analytics);
            server.createContext("/", ui::serve);
            server.start();
            return ui;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the timeline cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            int port = server.getAddress().getPort();
            if (!("127.0.0.1:" + port).equals(host) && !("localhost:" + port).equals(host)) {
                send(exchange, 421, "text/plain", "this page answers only at 127.0.0.1:" + port);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "read-only");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/events")) {
                events(exchange);
                return;
            }
            if (path.equals("/api/chart")) {
                chart(exchange);
                return;
            }
            String file = path.equals("/") ? "index.html" : path.substring(1);
            if (!FILES.contains(file)) {
                send(exchange, 404, "text/plain", "not found");
                return;
            }
            try (InputStream in = UiServer.class.getResourceAsStream("/ui/" + file)) {
                String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
                exchange.getResponseHeaders().set("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                send(exchange, 200, type, in.readAllBytes());
            }
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
        List<ActionEvent> events;
        EventStore.Selector selector;
        try {
            selector = blank(q.get("path")) != null && !hasSelector(q) ? null : selector(q);
            ZoneId zone = q.containsKey("tz") ? ZoneId.of(q.get("tz")) : ZoneOffset.UTC;
            TimeRange range = TimeRange.of(blank(q.get("since")), blank(q.get("from")), blank(q.get("to")), zone, Instant.now());
            EventStore.Filters filters = new EventStore.Filters(blank(q.get("method")), blank(q.get("path")), blank(q.get("status")));
            int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 500;
            if ("1".equals(q.get("live"))) {
                events = Tail.recent(store, selector, filters, System.currentTimeMillis()); // one poll of the live switch
            } else if (selector == null) {
                if (range.fromMs() <= 0) throw new IllegalArgumentException("a search across users needs a time range; choose one");
                events = store.search(range, filters, limit);
            } else {
                events = store.find(selector, range, filters, limit, null);
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            send(exchange, 400, "application/json", Json.write(Map.of("error", String.valueOf(e.getMessage()))));
            return;
        } catch (RuntimeException e) {
            send(exchange, 502, "application/json", Json.write(Map.of("error", explain.apply(e))));
            return;
        }
        String format = q.getOrDefault("format", "json");
        if (format.equals("csv") || format.equals("jsonl")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Output.print(events, Output.Format.valueOf(format), ZoneOffset.UTC, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true), false);
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"actionlog-export." + format + "\"");
            send(exchange, 200, format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson", out.toByteArray());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("selector", selector == null ? "all users under " + q.get("path").trim() : selector.label());
        body.put("search", selector == null);
        body.put("count", events.size());
        body.put("traceLink", traceLinkTemplate);
        // the folding of assets under their pages, decided here as the CLI folds (events oldest first); a search lists all
        Map<ActionEvent, ActionEvent> pageOf = selector == null ? Map.of() : Folding.pages(Folding.fold(events));
        body.put("events", events.stream().map(e -> {
            Map<String, Object> fields = new LinkedHashMap<>(e.fields());
            ActionEvent page = pageOf.get(e);
            if (page != null) fields.put(Folding.F_FOLDED_UNDER, page.id());
            fields.putIfAbsent(ActionEvent.F_REQUEST_KIND, RequestKind.of(e)); // events stored before kinds existed
            Output.Person person = Output.person(e); // the same person as the CLI shows, decided in one place
            fields.put(PERSON, Map.of("user", person.user(), "how", person.how(), "unverified", person.unverified(),
                    "label", person.label()));
            return fields;
        }).toList());
        send(exchange, 200, "application/json", Json.write(body));
    }

    /** Requests and errors over time for the same query as /api/events, counted by the archive's SQL engine. */
    private void chart(HttpExchange exchange) throws IOException {
        if (analytics == null) {
            send(exchange, 404, "application/json", Json.write(Map.of("error", "no archive to chart from")));
            return;
        }
        Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
        ActivityChart.Chart chart;
        try (SqlEngine sql = analytics.get()) {
            EventStore.Selector selector = blank(q.get("path")) != null && !hasSelector(q) ? null : selector(q);
            ZoneId zone = q.containsKey("tz") ? ZoneId.of(q.get("tz")) : ZoneOffset.UTC;
            Instant now = Instant.now();
            TimeRange range = TimeRange.of(blank(q.get("since")), blank(q.get("from")), blank(q.get("to")), zone, now);
            if (range.toMs() == Long.MAX_VALUE) range = new TimeRange(range.fromMs(), now.toEpochMilli());
            chart = ActivityChart.of(sql, selector, blank(q.get("path")), blank(q.get("method")), range);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            send(exchange, 400, "application/json", Json.write(Map.of("error", String.valueOf(e.getMessage()))));
            return;
        } catch (RuntimeException e) {
            send(exchange, 502, "application/json", Json.write(Map.of("error", explain.apply(e))));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unit", chart.unit());
        body.put("engine", chart.engine());
        body.put("buckets", chart.buckets().stream().map(b -> Map.of("start", b.start(), "requests", b.requests(),
                "clientErrors", b.clientErrors(), "serverErrors", b.serverErrors())).toList());
        send(exchange, 200, "application/json", Json.write(body));
    }

    private static boolean hasSelector(Map<String, String> q) {
        return List.of("user", "session", "request", "ip").stream().anyMatch(k -> blank(q.get(k)) != null);
    }

    static EventStore.Selector selector(Map<String, String> q) {
        if (blank(q.get("user")) != null) return EventStore.Selector.user(q.get("user").trim());
        if (blank(q.get("session")) != null) return EventStore.Selector.session(q.get("session").trim());
        if (blank(q.get("request")) != null) return EventStore.Selector.request(q.get("request").trim());
        if (blank(q.get("ip")) != null) return EventStore.Selector.ip(q.get("ip").trim());
        throw new IllegalArgumentException("search by user, session, request, ip or path prefix (all users)");
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        HttpServers.respond(exchange, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

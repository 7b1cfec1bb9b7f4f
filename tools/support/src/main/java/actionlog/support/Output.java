package actionlog.support;

import static actionlog.core.ActionEvent.*;

import actionlog.core.ActionEvent;
import actionlog.core.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Renders events as a table (grouped by user and session, colour only on a terminal), JSON, JSON lines or CSV. */
public final class Output {
    public enum Format { table, json, jsonl, csv }

    public static final List<String> CSV_COLUMNS = List.of(F_TIME, F_USER, F_SESSION, F_METHOD, F_HOST, F_PATH, F_QUERY, F_STATUS,
            F_LATENCY, F_CLIENT, F_COUNTRY, F_USER_AGENT, F_ACTION, F_ID);

    private Output() {}

    public static void print(List<ActionEvent> events, Format format, ZoneId zone, PrintStream out, boolean color) {
        switch (format) {
            case json -> out.println(Json.write(events.stream().map(ActionEvent::fields).toList()));
            case jsonl -> events.forEach(e -> out.println(e.toJson()));
            case csv -> {
                out.println(String.join(",", CSV_COLUMNS));
                for (ActionEvent e : events) {
                    out.println(String.join(",", CSV_COLUMNS.stream().map(c -> csv(e.get(c))).toList()));
                }
            }
            case table -> table(events, zone, out, color);
        }
    }

    private static void table(List<ActionEvent> events, ZoneId zone, PrintStream out, boolean color) {
        if (events.isEmpty()) {
            out.println("no events");
            return;
        }
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(zone);
        for (List<ActionEvent> group : groups(events)) {
            ActionEvent first = group.get(0);
            out.println(dim("── session " + (first.sessionId() == null ? "(none)" : first.sessionId()) + " · user "
                    + first.userId() + " ──", color));
            for (ActionEvent e : group) row(e, time, out, color);
        }
        out.println(dim(events.size() + " event(s)", color));
    }

    /**
     * Events grouped by user and session (an address or a session can carry several users), groups in the order
     * of their first event, events in their order within a group.
     */
    static List<List<ActionEvent>> groups(List<ActionEvent> events) {
        Map<List<String>, List<ActionEvent>> groups = new LinkedHashMap<>();
        for (ActionEvent e : events) {
            groups.computeIfAbsent(Arrays.asList(e.userId(), e.sessionId()), k -> new ArrayList<>()).add(e);
        }
        return new ArrayList<>(groups.values());
    }

    private static void row(ActionEvent e, DateTimeFormatter time, PrintStream out, boolean color) {
        Long status = e.number(F_STATUS);
        String what = e.string(F_ACTION) != null ? "beacon " + e.string(F_ACTION)
                : e.string(F_PATH) + (e.string(F_QUERY) == null || e.string(F_QUERY).isEmpty() ? "" : "?" + e.string(F_QUERY));
        out.printf("%s  %-6s %-48s %s %7s  %-15s %-2s  %s%n",
                time.format(Instant.parse(e.string(F_TIME))),
                e.string(F_METHOD),
                ellipsis(what, 48),
                colourStatus(status, color),
                e.number(F_LATENCY) == null ? "" : e.number(F_LATENCY) + "ms",
                Objects.toString(e.clientAddress(), ""),
                Objects.toString(e.string(F_COUNTRY), ""),
                ellipsis(shortAgent(e.string(F_USER_AGENT)), 30));
    }

    static String shortAgent(String ua) {
        if (ua == null) return "";
        for (String product : List.of("Edg/", "Firefox/", "Chrome/", "Safari/", "curl/", "python-requests/", "Java-http-client/")) {
            int i = ua.indexOf(product);
            if (i >= 0) {
                int end = ua.indexOf(' ', i);
                String name = ua.substring(i, end < 0 ? ua.length() : end);
                String os = ua.contains("Android") ? " Android" : ua.contains("iPhone") ? " iOS" : ua.contains("Windows") ? " Windows"
                        : ua.contains("Mac OS") ? " macOS" : ua.contains("Linux") ? " Linux" : "";
                return name + os;
            }
        }
        return ua;
    }

    private static String colourStatus(Long status, boolean color) {
        String text = String.format("%3s", status == null ? "-" : status.toString());
        if (!color || status == null) return text;
        String code = status >= 500 ? "31" : status >= 400 ? "33" : status >= 300 ? "36" : "32";
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    private static String dim(String text, boolean color) {
        return color ? "\u001b[2m" + text + "\u001b[0m" : text;
    }

    private static String ellipsis(String text, int max) {
        if (text == null) return "";
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String csv(Object value) {
        if (value == null) return "";
        String s = value.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}

package actionlog.support;

import static actionlog.core.ActionEvent.*;

import actionlog.core.ActionEvent;
import actionlog.core.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/** Renders events as a table (sessions separated, colour only on a terminal), JSON, JSON lines or CSV. */
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
        String session = "\u0000";
        for (ActionEvent e : events) {
            String s = e.sessionId();
            if (!Objects.equals(s, session)) {
                session = s;
                out.println(dim("── session " + (s == null ? "(none)" : terminal(s)) + " · user " + terminal(e.userId()) + " ──", color));
            }
            Long status = e.number(F_STATUS);
            String what = e.string(F_ACTION) != null ? "beacon " + e.string(F_ACTION)
                    : e.string(F_PATH) + (e.string(F_QUERY) == null || e.string(F_QUERY).isEmpty() ? "" : "?" + e.string(F_QUERY));
            out.printf("%s  %-6s %-48s %s %7s  %-15s %-2s  %s%n",
                    time.format(Instant.parse(e.string(F_TIME))),
                    terminal(e.string(F_METHOD)),
                    ellipsis(terminal(what), 48),
                    colourStatus(status, color),
                    e.number(F_LATENCY) == null ? "" : e.number(F_LATENCY) + "ms",
                    terminal(Objects.toString(e.clientAddress(), "")),
                    terminal(Objects.toString(e.string(F_COUNTRY), "")),
                    ellipsis(terminal(shortAgent(e.string(F_USER_AGENT))), 30));
        }
        out.println(dim(events.size() + " event(s)", color));
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

    /**
     * Captured text made harmless for a terminal, always (not only on a TTY: output is often piped to {@code less -R}
     * or a log): C0 and C1 control characters, DEL and bidirectional overrides are shown as backslash escapes
     * (ESC becomes the four characters \x1b), so no captured value can move the cursor, clear the screen, recolour or reorder a line.
     */
    public static String terminal(String text) {
        if (text == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f' || c == '\u061c';
            if (control && out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
            if (out == null) continue;
            if (!control) out.append(c);
            else if (c <= 0xff) out.append(String.format("\\x%02x", (int) c));
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out == null ? text : out.toString();
    }

    /**
     * One CSV cell (RFC 4180 quoting). Text starting with {@code = + - @ TAB CR} is prefixed with {@code '} so a
     * spreadsheet shows it as text instead of running it as a formula (OWASP CSV injection); numbers stay numbers.
     */
    static String csv(Object value) {
        if (value == null) return "";
        String s = value.toString();
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}

package actionlog.support;

import static actionlog.core.ActionEvent.*;

import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.core.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Renders events as a table (in time order, a heading where the user or session changes; colour only on a
 * terminal), JSON, JSON lines or CSV. Every format is safe to print: no captured value reaches the reader's
 * terminal as a control, C1 or bidirectional formatting character.
 */
public final class Output {
    public enum Format { table, json, jsonl, csv }

    public static final List<String> CSV_COLUMNS = List.of(F_TIME, F_USER, F_SESSION, F_METHOD, F_HOST, F_PATH, F_QUERY, F_STATUS,
            F_LATENCY, F_CLIENT, F_COUNTRY, F_USER_AGENT, F_ACTION, F_ID, F_USER_SOURCE, F_STITCHED_TO, F_BROWSER, F_LINKED_BY);

    private Output() {}

    public static void print(List<ActionEvent> events, Format format, ZoneId zone, PrintWriter out, boolean color) {
        switch (format) {
            case json -> out.println(json(Json.write(events.stream().map(ActionEvent::fields).toList())));
            case jsonl, csv -> {
                if (format == Format.csv) out.println(String.join(",", CSV_COLUMNS));
                for (ActionEvent e : events) out.println(line(e, format, zone, color));
            }
            case table -> table(events, zone, out, color);
        }
    }

    /**
     * One event as a line of a stream (what `tail` prints as events arrive): a table row with the user first, a
     * JSON line, or a CSV row. JSON has no one-line form.
     */
    public static String line(ActionEvent e, Format format, ZoneId zone, boolean color) {
        return switch (format) {
            case table -> userRow(e, zone, color);
            case jsonl -> json(e.toJson());
            case csv -> csvRow(e);
            case json -> throw new IllegalArgumentException("JSON has no one-line form; use jsonl (one JSON event a line)");
        };
    }

    /**
     * Actions with the assets of each page folded under it: table rows get a "└ N assets" line; the other
     * formats list the actions, each page with {@link Folding#F_FOLDED}.
     */
    public static void printFolded(List<Folding.Row> rows, Format format, ZoneId zone, PrintWriter out, boolean color) {
        if (format != Format.table) {
            print(Folding.flatten(rows), format, zone, out, color);
            return;
        }
        if (rows.isEmpty()) {
            out.println("no events");
            return;
        }
        String group = "\u0000";
        int assets = 0;
        for (Folding.Row r : rows) {
            ActionEvent e = r.event();
            String s = e.sessionId();
            String who = who(e);
            if (!Objects.equals(s + "\n" + who, group)) {
                group = s + "\n" + who;
                out.println(dim("── session " + (s == null ? "(none)" : terminal(s)) + " · user " + terminal(who) + " ──", color));
            }
            out.println(row(e, zone, color));
            if (!r.assets().isEmpty()) out.println(dim("                         └ " + terminal(Folding.summary(r.assets())), color));
            assets += r.assets().size();
        }
        out.println(dim(assets == 0 ? rows.size() + " event(s)"
                : rows.size() + " action(s), " + assets + " asset request(s) folded; --all lists them", color));
    }

    /** The trace of an event and, with a link template ({@code {traceId}}), its link: "trace 4bf9… → https://…". */
    public static String traceLine(ActionEvent e, String linkTemplate) {
        String id = e.string(F_TRACE_ID);
        if (id == null) return null;
        String link = actionlog.core.TraceContext.link(linkTemplate, id);
        return terminal("trace.id " + id + "  span.id " + Objects.toString(e.string(F_SPAN_ID), "-") + (link == null ? "" : "  → " + link));
    }

    /**
     * Events of many users (search, tail): table rows carry the user instead of session headers; the other
     * formats are those of {@link #print}.
     */
    public static void printAcrossUsers(List<ActionEvent> events, Format format, ZoneId zone, PrintWriter out, boolean color) {
        if (format != Format.table) {
            print(events, format, zone, out, color);
            return;
        }
        if (events.isEmpty()) {
            out.println("no events");
            return;
        }
        events.forEach(e -> out.println(userRow(e, zone, color)));
        out.println(dim(events.size() + " event(s)", color));
    }

    /** One CSV row in the order of {@link #CSV_COLUMNS}. */
    public static String csvRow(ActionEvent e) {
        return String.join(",", CSV_COLUMNS.stream().map(c -> csv(e.get(c))).toList());
    }

    /** One table row with the person first: what `search` lists and `tail` prints as events arrive. */
    public static String userRow(ActionEvent e, ZoneId zone, boolean color) {
        Person p = person(e);
        String mark = p.unverified() ? " (UNVERIFIED)" : p.how().equals(Person.STITCHED) ? " (stitched)" : "";
        return String.format("%-32s %s", ellipsis(terminal(p.user()), 32 - mark.length()) + mark, row(e, zone, color));
    }

    private static String row(ActionEvent e, ZoneId zone, boolean color) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(zone);
        Long status = e.number(F_STATUS);
        String what = e.string(F_ACTION) != null ? "beacon " + e.string(F_ACTION)
                : e.string(F_PATH) + (e.string(F_QUERY) == null || e.string(F_QUERY).isEmpty() ? "" : "?" + e.string(F_QUERY));
        // every captured value is escaped for the terminal: no raw control or bidirectional characters reach it
        return String.format("%s  %-6s %-48s %s %7s  %-15s %-2s  %s",
                time.format(Instant.parse(e.string(F_TIME))),
                terminal(e.string(F_METHOD)),
                ellipsis(terminal(what), 48),
                colourStatus(status, color),
                e.number(F_LATENCY) == null ? "" : e.number(F_LATENCY) + "ms",
                terminal(Objects.toString(e.clientAddress(), "")),
                terminal(Objects.toString(e.string(F_COUNTRY), "")),
                ellipsis(terminal(shortAgent(e.string(F_USER_AGENT))), 30));
    }

    /**
     * Every event a row of its own, in the order given (time order): as {@link #printFolded}, a heading each time
     * the session or the user changes, so interleaved sessions repeat their heading rather than leave time order.
     */
    private static void table(List<ActionEvent> events, ZoneId zone, PrintWriter out, boolean color) {
        printFolded(events.stream().map(e -> new Folding.Row(e, List.of())).toList(), Format.table, zone, out, color);
    }

    /**
     * The person of an event as every view and format shows it (the timeline too): who, how that is known
     * ({@link #NAMED}: the event names them; {@link #LINKED}: the browser was signed in; {@link #STITCHED}: an
     * anonymous page of a browser before it signed in; {@link #ANONYMOUS}), and whether only the client said so.
     */
    public record Person(String user, String how, String source, boolean unverified, String label) {
        public static final String NAMED = "named";
        public static final String LINKED = "linked";
        public static final String STITCHED = "stitched";
        public static final String ANONYMOUS = "anonymous";
    }

    public static Person person(ActionEvent e) {
        String source = e.string(F_USER_SOURCE);
        String stitched = e.string(F_STITCHED_TO);
        if (stitched != null) {
            return new Person(stitched, Person.STITCHED, source, false, stitched + " (stitched: anonymous event of this "
                    + (e.browserId() != null ? "browser" : "session") + " before signing in, " + e.userId() + ")");
        }
        if (Identity.unverified(source)) {
            return new Person(e.userId(), Person.NAMED, source, true, e.userId() + " (UNVERIFIED: " + source + ")");
        }
        if (Identity.LINKED.equals(source)) {
            return new Person(e.userId(), Person.LINKED, source, false, e.userId() + " (linked: signed in on this browser, by "
                    + Objects.toString(e.string(F_LINKED_BY), "?") + ")");
        }
        String how = Identity.ANONYMOUS.equals(source) ? Person.ANONYMOUS : Person.NAMED;
        return new Person(e.userId(), how, source, false, e.userId() + (source == null ? "" : " (" + source + ")"));
    }

    /** The person as the table shows it: unverified sources, linked and stitched events say so. */
    public static String who(ActionEvent e) {
        return person(e).label();
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
            boolean control = unsafe(c);
            if (control && out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
            if (out == null) continue;
            if (!control) out.append(c);
            else if (c <= 0xff) out.append(String.format("\\x%02x", (int) c));
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out == null ? text : out.toString();
    }

    /**
     * JSON text made as harmless as {@link #terminal} makes plain text, without changing what it says: every
     * control, C1 and bidirectional formatting character becomes a {@code \\uXXXX} escape, which a JSON reader
     * turns back into the same character. Outside strings JSON text holds none but whitespace, which is kept.
     */
    public static String json(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean escape = unsafe(c) && c != '\n' && c != '\r' && c != '\t';
            if (escape && out == null) out = new StringBuilder(json.length() + 16).append(json, 0, i);
            if (out == null) continue;
            if (escape) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out == null ? json : out.toString();
    }

    /** C0 and C1 control characters, DEL, and the bidirectional formatting characters (overrides, isolates, marks). */
    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }

    /**
     * One CSV cell (RFC 4180 quoting). Control and bidirectional characters are escaped as in {@link #terminal}
     * (a CSV is read in a terminal as often as in a spreadsheet; so TAB, CR and LF too, and no cell spans lines);
     * text starting with {@code = + - @} is prefixed with {@code '} so a spreadsheet shows it as text instead of
     * running it as a formula (OWASP CSV injection); numbers stay numbers.
     */
    static String csv(Object value) {
        if (value == null) return "";
        String s = terminal(value.toString());
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        if (s.contains(",") || s.contains("\"")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}

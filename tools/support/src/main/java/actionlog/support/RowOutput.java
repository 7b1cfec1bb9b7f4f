package actionlog.support;

import actionlog.core.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a SQL answer in the formats of {@link Output}, with its escaping: a table whose every cell is safe for a
 * terminal, JSON (an array of objects) or JSON lines, and CSV a spreadsheet cannot execute.
 */
public final class RowOutput {
    /** Widest table cell; longer values end with "…" (JSON and CSV keep them whole). */
    static final int MAX_CELL = 60;

    private RowOutput() {}

    public static void print(List<String> columns, List<List<Object>> rows, Output.Format format, PrintWriter out) {
        switch (format) {
            case json -> out.println(Json.writeWithNulls(objects(columns, rows)));
            case jsonl -> objects(columns, rows).forEach(o -> out.println(Json.writeWithNulls(o)));
            case csv -> {
                out.println(String.join(",", columns.stream().map(Output::csv).toList()));
                for (List<Object> row : rows) out.println(String.join(",", row.stream().map(RowOutput::csvCell).toList()));
            }
            case table -> table(columns, rows, out);
        }
    }

    private static List<Map<String, Object>> objects(List<String> columns, List<List<Object>> rows) {
        List<Map<String, Object>> objects = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) object.put(columns.get(i), row.get(i));
            objects.add(object);
        }
        return objects;
    }

    /** Lists and maps as their JSON text; everything else as {@link Output#csv} writes it. */
    private static String csvCell(Object value) {
        return Output.csv(value instanceof List<?> || value instanceof Map<?, ?> ? Json.write(value) : value);
    }

    private static void table(List<String> columns, List<List<Object>> rows, PrintWriter out) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns.stream().map(RowOutput::cell).toList());
        for (List<Object> row : rows) cells.add(row.stream().map(RowOutput::cell).toList());
        int[] width = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], line.get(i).length());
        }
        for (int n = 0; n < cells.size(); n++) {
            List<String> line = cells.get(n);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                if (i > 0) text.append("  ");
                boolean number = n > 0 && rows.get(n - 1).get(i) instanceof Number;
                text.append(number ? String.format("%" + width[i] + "s", line.get(i)) : String.format("%-" + width[i] + "s", line.get(i)));
            }
            out.println(text.toString().stripTrailing());
            if (n == 0) out.println("-".repeat(Math.max(1, text.toString().stripTrailing().length())));
        }
        out.println(rows.size() + " row(s)");
    }

    /** A value for a terminal: control and bidirectional characters escaped, long ones cut. */
    private static String cell(Object value) {
        String text = value == null ? "" : value instanceof List<?> || value instanceof Map<?, ?> ? Json.write(value) : value.toString();
        text = Output.terminal(text);
        return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 1) + "…";
    }
}

package actionlog.support.archive;

import actionlog.core.ArchiveSchema;
import java.util.Locale;

/** What an engine's refusal of a statement means for someone writing SQL over {@code events}: the cause and the fix. */
final class SqlErrors {
    private SqlErrors() {}

    static final String COLUMNS = "columns are the event's fields with '.' as '_' (user.id → user_id, "
            + "http.response.status_code → http_response_status_code; all listed in docs/EVENT_SCHEMA.md, 'Archive (SQL)')";

    /** The fix for an engine message (DuckDB's or Athena's, whose first words name the kind of error). */
    static String explain(String where, String engineMessage) {
        String m = engineMessage == null ? "" : engineMessage.strip();
        String lower = m.toLowerCase(Locale.ROOT);
        String fix;
        if (lower.contains("column") && (lower.contains("not found") || lower.contains("cannot be resolved") || lower.contains("does not have"))) {
            fix = COLUMNS;
        } else if (lower.contains("table") && (lower.contains("does not exist") || lower.contains("not found"))) {
            fix = "the one table is " + ArchiveSchema.TABLE + " (SELECT ... FROM " + ArchiveSchema.TABLE + ")";
        } else if (lower.contains("syntax") || lower.contains("parser error") || lower.contains("mismatched input")) {
            fix = "check the SQL near the place named; quote text with single quotes ('alice'), names with double quotes";
        } else if (lower.contains("bytes scanned") || lower.contains("exceeded") && lower.contains("limit")) {
            fix = "the workgroup's per-query scan limit stopped it: filter on " + ArchiveSchema.DAY
                    + " (WHERE " + ArchiveSchema.DAY + " >= DATE '2026-11-01') so fewer days are read, select fewer columns, "
                    + "or raise the limit (CDK context archiveQueryLimitMb)";
        } else if (lower.contains("type") && (lower.contains("mismatch") || lower.contains("cannot") || lower.contains("conversion"))) {
            fix = "compare like with like: " + ArchiveSchema.RECEIVED_AT + " is a timestamp (TIMESTAMP '2026-11-22 14:00:00'), "
                    + ArchiveSchema.DAY + " a date (DATE '2026-11-22'), status codes are numbers (= 500, not '500')";
        } else {
            fix = "see docs/EVENT_SCHEMA.md ('Archive (SQL)') for the table and README 'Analytics' for examples";
        }
        return "the query failed on " + where + ": " + firstLines(m) + "; " + fix;
    }

    /** DuckDB adds a caret picture of the statement after its message: the message alone, on one line. */
    private static String firstLines(String message) {
        String[] lines = message.split("\\R");
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("LINE ") || line.strip().startsWith("^")) break;
            if (out.length() > 0) out.append(' ');
            out.append(line.strip());
        }
        return out.toString();
    }
}

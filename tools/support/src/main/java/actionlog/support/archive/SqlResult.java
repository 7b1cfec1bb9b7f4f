package actionlog.support.archive;

import java.util.List;

/**
 * The answer of one SQL query: column names, rows (values as the engine typed them: Long, Double, String, ...), and
 * what the query cost where the engine says so.
 *
 * @param scannedBytes bytes the engine read (Athena bills them); -1 where unknown (DuckDB on local files)
 * @param costUsd      Athena's list price of the scan; null where nothing is billed
 */
public record SqlResult(List<String> columns, List<List<Object>> rows, long scannedBytes, Double costUsd) {
    public SqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}

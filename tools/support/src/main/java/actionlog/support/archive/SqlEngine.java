package actionlog.support.archive;

import java.util.List;

/**
 * SQL over the archive's table {@code events}: Amazon Athena on the deployed Iceberg table, DuckDB on the local
 * runtime's Parquet files. Both speak the same dialect for what the commands and the timeline ask (standard SQL with
 * {@code date_trunc}, {@code count_if}, {@code approx_distinct}, ...).
 */
public interface SqlEngine extends AutoCloseable {
    /**
     * Runs one statement; {@code parameters} fill its {@code ?} placeholders in order (String, Long or {@link java.time.Instant}).
     *
     * @throws SqlException when the engine refuses the statement, with its reason and the fix
     */
    SqlResult query(String sql, List<Object> parameters);

    default SqlResult query(String sql) {
        return query(sql, List.of());
    }

    /** Where the engine runs, for messages: "Athena workgroup X" or "the local archive in DIR". */
    String describe();

    @Override
    void close();
}

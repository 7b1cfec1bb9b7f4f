package actionlog.support.archive;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * SQL with Amazon Athena on the deployed archive: every statement runs in the stack's workgroup (its encrypted result
 * location and per-query scan limit apply, whatever the caller asks) against the archive's Glue database.
 */
public final class AthenaSql implements SqlEngine {
    /** Athena's list price per TB scanned in most regions (us-east-1 and others, SQL queries); the bill rounds up to 10 MB. */
    public static final double USD_PER_TB = 5.0;
    static final long MIN_BILLED_BYTES = 10L * 1024 * 1024;

    /** Pauses between status polls; a seam so tests need not wait. */
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final AthenaClient athena;
    private final String workGroup;
    private final String database;
    private final Sleeper sleeper;

    public AthenaSql(AthenaClient athena, String workGroup, String database) {
        this(athena, workGroup, database, Thread::sleep);
    }

    public AthenaSql(AthenaClient athena, String workGroup, String database, Sleeper sleeper) {
        this.athena = athena;
        this.workGroup = workGroup;
        this.database = database;
        this.sleeper = sleeper;
    }

    @Override
    public SqlResult query(String sql, List<Object> parameters) {
        QueryExecution done = run(sql, parameters);
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        String token = null;
        boolean header = true;
        do {
            String page = token;
            GetQueryResultsResponse results = athena.getQueryResults(r -> r.queryExecutionId(done.queryExecutionId()).nextToken(page).maxResults(1000));
            if (columns.isEmpty()) {
                for (ColumnInfo info : results.resultSet().resultSetMetadata().columnInfo()) {
                    columns.add(info.label() != null ? info.label() : info.name());
                    types.add(info.type());
                }
            }
            for (Row row : results.resultSet().rows()) {
                if (header) { // a SELECT's first row repeats the column names
                    header = false;
                    if (row.data().stream().map(Datum::varCharValue).toList().equals(columns)) continue;
                }
                List<Object> values = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    values.add(i < row.data().size() ? typed(row.data().get(i).varCharValue(), types.get(i)) : null);
                }
                rows.add(values);
            }
            token = results.nextToken();
        } while (token != null);
        long scanned = scanned(done);
        return new SqlResult(columns, rows, scanned, cost(scanned));
    }

    /** Runs a DELETE or MERGE; returns the number of rows it changed. */
    public long update(String sql, List<Object> parameters) {
        QueryExecution done = run(sql, parameters);
        Long count = athena.getQueryResults(r -> r.queryExecutionId(done.queryExecutionId())).updateCount();
        return count == null ? 0 : count;
    }

    /** Starts the statement in the workgroup and waits for its end; a failure names Athena's reason and the fix. */
    private QueryExecution run(String sql, List<Object> parameters) {
        String id = athena.startQueryExecution(r -> {
            r.queryString(sql).workGroup(workGroup).queryExecutionContext(c -> c.database(database));
            if (!parameters.isEmpty()) r.executionParameters(parameters.stream().map(AthenaSql::literal).toList());
        }).queryExecutionId();
        long pause = 100;
        while (true) {
            QueryExecution execution = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
            QueryExecutionState state = execution.status().state();
            if (state == QueryExecutionState.SUCCEEDED) return execution;
            if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
                String reason = execution.status().stateChangeReason();
                if (execution.status().athenaError() != null && execution.status().athenaError().errorMessage() != null) {
                    reason = execution.status().athenaError().errorMessage();
                }
                throw new SqlException(SqlErrors.explain(describe(), state + ": " + reason) + " (query " + id + ")");
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                athena.stopQueryExecution(r -> r.queryExecutionId(id));
                Thread.currentThread().interrupt();
                throw new SqlException("stopped query " + id + " on " + describe());
            }
            pause = Math.min(1_000, pause * 2);
        }
    }

    /** A parameter as the SQL literal Athena's execution parameters take. */
    static String literal(Object value) {
        if (value instanceof Number) return value.toString();
        if (value instanceof Instant t) return "TIMESTAMP '" + DuckDbSql.TIMESTAMP.format(t.atOffset(ZoneOffset.UTC).toLocalDateTime()) + "'";
        if (value instanceof LocalDate d) return "DATE '" + d + "'";
        return "'" + String.valueOf(value).replace("'", "''") + "'";
    }

    /** Athena returns every value as text; numbers and booleans become numbers and booleans again. */
    static Object typed(String text, String type) {
        if (text == null) return null;
        try {
            return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
                case "bigint", "integer", "smallint", "tinyint" -> Long.parseLong(text);
                case "double", "real", "float" -> Double.parseDouble(text);
                case "decimal" -> new BigDecimal(text);
                case "boolean" -> Boolean.parseBoolean(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static long scanned(QueryExecution execution) {
        Long bytes = execution.statistics() == null ? null : execution.statistics().dataScannedInBytes();
        return bytes == null ? 0 : bytes;
    }

    /** What Athena bills for a scan: the bytes rounded up to 10 MB, at {@link #USD_PER_TB}. */
    public static double cost(long scannedBytes) {
        return Math.max(scannedBytes, MIN_BILLED_BYTES) / 1e12 * USD_PER_TB;
    }

    @Override
    public String describe() {
        return "Athena workgroup " + workGroup + " (database " + database + ")";
    }

    @Override
    public void close() {
        athena.close();
    }
}

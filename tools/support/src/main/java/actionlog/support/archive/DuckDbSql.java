package actionlog.support.archive;

import actionlog.core.ArchiveSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL with DuckDB over the local archive: a view {@code events} over its Parquet files, read under a shared lock. */
final class DuckDbSql implements SqlEngine {
    /** Timestamps print as Athena prints them, so both engines answer alike. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final LocalArchive archive;

    DuckDbSql(LocalArchive archive) {
        this.archive = archive;
    }

    @Override
    public SqlResult query(String sql, List<Object> parameters) {
        try (LocalArchive.Lock lock = archive.lock(true); Connection c = LocalArchive.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE VIEW " + ArchiveSchema.TABLE + " AS SELECT * FROM " + archive.readAll());
            }
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    Object p = parameters.get(i);
                    if (p instanceof Instant t) s.setObject(i + 1, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
                    else s.setObject(i + 1, p);
                }
                if (!s.execute()) return new SqlResult(List.of("rows"), List.of(List.of((long) s.getUpdateCount())), -1, null);
                try (ResultSet r = s.getResultSet()) {
                    ResultSetMetaData meta = r.getMetaData();
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnLabel(i));
                    List<List<Object>> rows = new ArrayList<>();
                    while (r.next()) {
                        List<Object> row = new ArrayList<>(columns.size());
                        for (int i = 1; i <= columns.size(); i++) row.add(plain(r.getObject(i)));
                        rows.add(row);
                    }
                    return new SqlResult(columns, rows, -1, null);
                }
            }
        } catch (SQLException e) {
            throw new SqlException(SqlErrors.explain(describe(), e.getMessage()), e);
        }
    }

    /** JDBC values as plain Java values: numbers, text, lists and maps; times as Athena prints them. */
    static Object plain(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean
                || value instanceof BigDecimal) return value;
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return ((Number) value).longValue();
        if (value instanceof Float f) return f.doubleValue();
        if (value instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
        if (value instanceof Timestamp t) return TIMESTAMP.format(t.toLocalDateTime());
        if (value instanceof LocalDateTime t) return TIMESTAMP.format(t);
        if (value instanceof OffsetDateTime t) return TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        if (value instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (value instanceof java.time.LocalDate d) return d.toString();
        if (value instanceof Array a) {
            List<Object> list = new ArrayList<>();
            for (Object o : (Object[]) a.getArray()) list.add(plain(o));
            return list;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) map.put(String.valueOf(e.getKey()), plain(e.getValue()));
            return map;
        }
        return value.toString();
    }

    @Override
    public String describe() {
        return "the local archive in " + archive.dir();
    }

    @Override
    public void close() {
        // a connection per query: nothing held between them
    }
}

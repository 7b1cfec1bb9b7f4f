package actionlog.core;

import static actionlog.core.ActionEvent.*;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The archive's one table, {@value #TABLE}: one column per field of {@link EventFields} (its name with {@code .} as
 * {@code _}), the request headers as one map column, and the UTC day the table is partitioned by. The Glue table of
 * the stack, the archive function's rows, the local Parquet writer and docs/EVENT_SCHEMA.md all read this list.
 */
public final class ArchiveSchema {
    private ArchiveSchema() {}

    public static final String TABLE = "events";
    /** Prefix of the table's files in the archive bucket (Iceberg data and metadata beneath). */
    public static final String TABLE_PREFIX = TABLE + "/";
    /**
     * A plain Parquet table over {@value #BACKFILL_PREFIX} in the archive bucket: {@code archive backfill} stages rows
     * there and MERGEs them into {@value #TABLE}, adding only the event ids not archived yet.
     */
    public static final String BACKFILL_TABLE = "events_backfill";
    public static final String BACKFILL_PREFIX = "backfill/";
    /** Where Firehose writes rows it could not deliver (the alarm on them says how to repair). */
    public static final String ERRORS_PREFIX = "delivery-errors/";

    /** A column type, as Athena's (Hive) DDL and the Glue catalog write it. */
    public enum Type {
        BIGINT("bigint"), STRING("string"), TIMESTAMP("timestamp"), DATE("date"),
        STRING_MAP("map<string,string>"), STRING_LIST("array<string>");

        public final String sql;

        Type(String sql) {
            this.sql = sql;
        }
    }

    /** @param field the event field it holds; for {@link #HEADERS} the header prefix, for {@link #DAY} none */
    public record Column(String name, Type type, String field) {}

    /** The column of an event field: {@code user.id} → {@code user_id}. */
    public static String column(String field) {
        return field.replace('.', '_');
    }

    /** Every request header, lower-case name → value (already redacted at capture). */
    public static final String HEADERS = column(F_HEADER_PREFIX.substring(0, F_HEADER_PREFIX.length() - 1));
    /** The UTC day of {@code event.received_at}: the partition, so a query of one day reads one day. */
    public static final String DAY = "event_date";
    public static final String EVENT_ID = column(F_ID);
    public static final String RECEIVED_AT = column(F_TIME);
    public static final String USER_ID = column(F_USER);
    public static final String STATUS = column(F_STATUS);

    public static final List<Column> COLUMNS = columns();

    public static final Map<String, Column> BY_NAME = COLUMNS.stream()
            .collect(Collectors.toUnmodifiableMap(Column::name, Function.identity()));

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        for (EventFields.Field field : EventFields.ALL) {
            if (field == EventFields.HEADERS) {
                columns.add(new Column(HEADERS, Type.STRING_MAP, F_HEADER_PREFIX));
                continue;
            }
            Type type = field.name().equals(F_TIME) ? Type.TIMESTAMP : switch (field.type()) {
                case INT -> Type.BIGINT;
                case STRING, OBJECT -> Type.STRING; // action.properties as its JSON text
                case STRING_ARRAY -> Type.STRING_LIST;
            };
            columns.add(new Column(column(field.name()), type, field.name()));
        }
        columns.add(new Column(DAY, Type.DATE, null));
        return List.copyOf(columns);
    }

    /**
     * An event as one archive row: column → value, absent fields left out. The timestamp is in microseconds since the
     * epoch (what Firehose's Iceberg destination takes), the day an ISO date, the properties their JSON text. Text is
     * well-formed UTF-16, as Parquet's UTF-8 strings must be: a lone surrogate becomes U+FFFD (the event JSON in the
     * table keeps it escaped).
     */
    public static Map<String, Object> row(ActionEvent event) {
        Map<String, Object> row = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : event.fields().entrySet()) {
            if (entry.getKey().startsWith(F_HEADER_PREFIX) && entry.getValue() != null) {
                headers.put(ItemMapper.wellFormed(entry.getKey().substring(F_HEADER_PREFIX.length())),
                        ItemMapper.wellFormed(entry.getValue().toString()));
            }
        }
        Instant received = event.receivedAt();
        for (Column column : COLUMNS) {
            Object value = switch (column.type()) {
                case STRING_MAP -> headers.isEmpty() ? null : headers;
                case DATE -> received.atOffset(ZoneOffset.UTC).toLocalDate().toString();
                case TIMESTAMP -> Math.multiplyExact(received.getEpochSecond(), 1_000_000L) + received.getNano() / 1_000;
                case BIGINT -> event.number(column.field());
                case STRING_LIST -> event.get(column.field()) instanceof List<?> list
                        ? list.stream().map(v -> ItemMapper.wellFormed(String.valueOf(v))).toList() : null;
                case STRING -> event.get(column.field()) instanceof Map<?, ?> || event.get(column.field()) instanceof List<?>
                        ? Json.write(event.get(column.field())) : wellFormed(event.string(column.field()));
            };
            if (value != null) row.put(column.name(), value);
        }
        return row;
    }

    private static String wellFormed(String text) {
        return text == null ? null : ItemMapper.wellFormed(text);
    }
}

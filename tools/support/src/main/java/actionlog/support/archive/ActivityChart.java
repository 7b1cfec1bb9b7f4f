package actionlog.support.archive;

import actionlog.core.ActionEvent;
import actionlog.core.ArchiveSchema;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests and errors over time for what the timeline lists (a user, a session, a request, an address, or a path
 * prefix across users), counted by the archive's SQL engine in minutes, hours or days as the range asks: one
 * GROUP BY over the days of the range, whichever engine runs it.
 */
public final class ActivityChart {
    private ActivityChart() {}

    /** One bar: its start (as the engine prints timestamps), requests, and those answered 4xx and 5xx. */
    public record Bucket(String start, long requests, long clientErrors, long serverErrors) {}

    /** The bars and how they were counted. */
    public record Chart(String unit, List<Bucket> buckets, String engine, long scannedBytes) {}

    /** Minutes up to 3 hours, hours up to 3 days, days beyond: at most ≈ 180 bars. */
    static String unit(TimeRange range) {
        Duration span = Duration.ofMillis(range.toMs() - range.fromMs());
        return span.compareTo(Duration.ofHours(3)) <= 0 ? "minute" : span.compareTo(Duration.ofDays(3)) <= 0 ? "hour" : "day";
    }

    /**
     * @param selector   whose events (null: every user, by {@code pathPrefix})
     * @param pathPrefix only paths starting with this (or null)
     * @param method     only this method (or null)
     */
    public static Chart of(SqlEngine sql, EventStore.Selector selector, String pathPrefix, String method, TimeRange range) {
        if (range.fromMs() <= 0 || range.toMs() == Long.MAX_VALUE) {
            throw new IllegalArgumentException("the chart needs a bounded time range; choose one");
        }
        String unit = unit(range);
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(ArchiveSchema.DAY + " BETWEEN ? AND ? AND " + ArchiveSchema.RECEIVED_AT + " BETWEEN ? AND ?");
        Instant from = Instant.ofEpochMilli(range.fromMs());
        Instant to = Instant.ofEpochMilli(range.toMs());
        parameters.add(from.atOffset(ZoneOffset.UTC).toLocalDate());
        parameters.add(to.atOffset(ZoneOffset.UTC).toLocalDate());
        parameters.add(from);
        parameters.add(to);
        if (selector != null) {
            where.append(" AND ").append(column(selector)).append(" = ?");
            parameters.add(selector.index() == null ? selector.keyValue().substring(ItemMapper.USER_PREFIX.length()) : selector.keyValue());
        }
        if (pathPrefix != null) {
            where.append(" AND starts_with(").append(ArchiveSchema.column(ActionEvent.F_PATH)).append(", ?)");
            parameters.add(pathPrefix);
        }
        if (method != null) {
            where.append(" AND ").append(ArchiveSchema.column(ActionEvent.F_METHOD)).append(" = ?");
            parameters.add(method.toUpperCase(java.util.Locale.ROOT));
        }
        String status = ArchiveSchema.STATUS;
        SqlResult result = sql.query("SELECT date_trunc('" + unit + "', " + ArchiveSchema.RECEIVED_AT + ") AS bucket, count(*) AS requests, "
                + "count_if(" + status + " BETWEEN 400 AND 499) AS client_errors, count_if(" + status + " >= 500) AS server_errors "
                + "FROM " + ArchiveSchema.TABLE + " WHERE " + where + " GROUP BY 1 ORDER BY 1", parameters);
        List<Bucket> buckets = result.rows().stream().map(r -> new Bucket(String.valueOf(r.get(0)), number(r.get(1)),
                number(r.get(2)), number(r.get(3)))).toList();
        return new Chart(unit, buckets, sql.describe(), result.scannedBytes());
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The archive column the selector's key is. */
    private static String column(EventStore.Selector selector) {
        if (selector.index() == null) return ArchiveSchema.USER_ID;
        return switch (selector.index()) {
            case TableSchema.SESSION_INDEX -> ArchiveSchema.column(ActionEvent.F_SESSION);
            case TableSchema.EVENT_ID_INDEX -> ArchiveSchema.EVENT_ID;
            case TableSchema.IP_INDEX -> ArchiveSchema.column(ActionEvent.F_CLIENT);
            default -> throw new IllegalArgumentException("no chart for " + selector.label());
        };
    }
}

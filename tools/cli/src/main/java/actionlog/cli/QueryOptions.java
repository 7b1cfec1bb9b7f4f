package actionlog.cli;

import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** Time range and filters shared by every query command. */
public final class QueryOptions {
    @Option(names = "--since", description = "Only the last DURATION, e.g. 30m, 2h, 7d.")
    String since;

    @Option(names = "--from", description = "Start: ISO-8601 (2026-11-22T14:05 in --tz, or ...Z) or relative (2h).")
    String from;

    @Option(names = "--to", description = "End: ISO-8601 or relative.")
    String to;

    @Option(names = "--tz", description = "Time zone for display and for local times in --from/--to (default: system).")
    ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--path-prefix", description = "Only paths starting with this.")
    String pathPrefix;

    @Option(names = "--method", description = "Only this HTTP method.")
    String method;

    @Option(names = "--status", description = "Only this status: 404, or a class such as 5xx.")
    String status;

    /** How many events a query shows when --limit is not given; export writes all unless given one. */
    static final int DEFAULT_LIMIT = 1000;

    @Option(names = "--limit", description = "At most the newest N events (0 = all). Default: " + DEFAULT_LIMIT
            + " (export: all).")
    Integer limit;

    /** The --limit given, else {@code fallback}. */
    int limit(int fallback) {
        if (limit != null && limit < 0) throw new IllegalArgumentException("--limit must be 0 (all) or more, not " + limit);
        return limit == null ? fallback : limit;
    }

    TimeRange range() {
        return TimeRange.of(since, from, to, zone, Instant.now());
    }

    EventStore.Filters filters() {
        return new EventStore.Filters(method, pathPrefix == null || pathPrefix.isEmpty() ? null : pathPrefix, status);
    }
}

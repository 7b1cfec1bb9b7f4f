package actionlog.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A closed time range [from, to] in epoch ms; open ends are 0 and Long.MAX_VALUE. */
public record TimeRange(long fromMs, long toMs) {
    public static final TimeRange ALL = new TimeRange(0, Long.MAX_VALUE);
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*(s|m|min|h|d|w)", Pattern.CASE_INSENSITIVE);

    public TimeRange {
        if (fromMs > toMs) throw new IllegalArgumentException("the time range ends before it starts; check --from/--to");
    }

    public boolean bounded() {
        return fromMs > 0 || toMs < Long.MAX_VALUE;
    }

    /** From {@code --since}, {@code --from}, {@code --to}; each may be relative ("2h") or ISO-8601. */
    public static TimeRange of(String since, String from, String to, ZoneId zone, Instant now) {
        if (since != null && from != null) {
            throw new IllegalArgumentException("use either --since or --from, not both");
        }
        long lo = since != null ? now.minus(relative(since)).toEpochMilli()
                : from != null ? parse(from, zone, now, "--from") : 0;
        long hi = to != null ? parse(to, zone, now, "--to") : Long.MAX_VALUE;
        return new TimeRange(lo, hi);
    }

    static Duration relative(String text) {
        Matcher m = RELATIVE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 30m, 2h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /**
     * An ISO-8601 date-time with Z or an offset ("2026-11-22T14:05:00Z", "2026-11-22T15:05+01:00", seconds and
     * fraction optional), a local date-time or date in {@code zone}, or a relative "2h" (ago).
     */
    static long parse(String text, ZoneId zone, Instant now, String option) {
        String t = text.trim();
        if (RELATIVE.matcher(t).matches()) return now.minus(relative(t)).toEpochMilli();
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli(); // Z too; Instant.parse wants the seconds
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(option + " '" + text + "' is not a time; use ISO-8601 such as "
                            + "2026-11-22T14:05 (in --tz) or 2026-11-22T14:05:00Z, or a relative time such as 2h");
                }
            }
        }
    }
}

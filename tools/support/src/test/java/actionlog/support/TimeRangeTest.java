package actionlog.support;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
    static final Instant NOW = Instant.parse("2026-11-22T14:05:00Z");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void relativeAndAbsoluteForms() {
        assertEquals(NOW.minusSeconds(7200).toEpochMilli(), TimeRange.of("2h", null, null, PARIS, NOW).fromMs());
        assertEquals(NOW.minusSeconds(30 * 60).toEpochMilli(), TimeRange.of("30m", null, null, PARIS, NOW).fromMs());
        TimeRange local = TimeRange.of(null, "2026-11-22T14:00", "2026-11-22T14:10", PARIS, NOW);
        assertEquals(Instant.parse("2026-11-22T13:00:00Z").toEpochMilli(), local.fromMs());
        assertEquals(Instant.parse("2026-11-22T13:10:00Z").toEpochMilli(), local.toMs());
        assertEquals(Instant.parse("2026-11-22T14:00:00Z").toEpochMilli(),
                TimeRange.of(null, "2026-11-22T14:00:00Z", null, PARIS, NOW).fromMs());
        assertEquals(Instant.parse("2026-11-21T23:00:00Z").toEpochMilli(), TimeRange.of(null, "2026-11-22", null, PARIS, NOW).fromMs());
        assertFalse(TimeRange.of(null, null, null, PARIS, NOW).bounded());
    }

    /** Any ISO-8601 instant, whatever the zone option: Z or an offset, with or without seconds and fraction. */
    @Test
    void everyIso8601FormOfAnInstant() {
        long expected = Instant.parse("2026-11-22T14:05:00Z").toEpochMilli();
        for (String text : new String[] {"2026-11-22T14:05:00Z", "2026-11-22T14:05Z", "2026-11-22T14:05:00.000Z",
                "2026-11-22T15:05+01:00", "2026-11-22T15:05:00+01:00", "2026-11-22T08:35:00.000-05:30", "2026-11-22t14:05:00z"}) {
            assertEquals(expected, TimeRange.of(null, text, null, PARIS, NOW).fromMs(), text);
        }
        assertEquals(expected + 250, TimeRange.of(null, null, "2026-11-22T14:05:00.25Z", PARIS, NOW).toMs());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeRange.of(null, "2026-13-45T99:00Z", null, PARIS, NOW))
                .getMessage().contains("--from '2026-13-45T99:00Z' is not a time"));
    }

    @Test
    void badExpressionsSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeRange.of("soon", null, null, PARIS, NOW))
                .getMessage().contains("use e.g. 30m, 2h, 7d"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeRange.of(null, "yesterday at 5", null, PARIS, NOW))
                .getMessage().contains("--from 'yesterday at 5' is not a time"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeRange.of("1h", "2h", null, PARIS, NOW))
                .getMessage().contains("either --since or --from"));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.of(null, "1h", "2h", PARIS, NOW));
        assertThrows(IllegalArgumentException.class, () -> EventStore.Filters.statusBounds("600"));
        assertArrayEquals(new int[] {500, 599}, EventStore.Filters.statusBounds("5xx"));
    }
}

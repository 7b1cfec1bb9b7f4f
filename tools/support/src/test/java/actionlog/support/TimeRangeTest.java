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

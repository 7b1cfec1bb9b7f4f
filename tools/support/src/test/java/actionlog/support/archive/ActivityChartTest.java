package actionlog.support.archive;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityChartTest {
    @TempDir Path dir;

    @Test
    void shouldCountRequestsAndErrorsPerHour_whenTheRangeIsADay() throws Exception {
        LocalArchive archive = new LocalArchive(dir);
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(LocalArchiveTest.row("a1", "alice", "2026-11-22T10:05:00Z", 200));
        rows.add(LocalArchiveTest.row("a2", "alice", "2026-11-22T10:45:00Z", 404));
        rows.add(LocalArchiveTest.row("a3", "alice", "2026-11-22T12:00:00Z", 502));
        rows.add(LocalArchiveTest.row("a4", "alice", "2026-11-23T12:00:00Z", 502)); // outside the range
        rows.add(LocalArchiveTest.row("b1", "bob", "2026-11-22T10:10:00Z", 500)); // another user
        archive.append(rows);
        TimeRange day = new TimeRange(Instant.parse("2026-11-22T00:00:00Z").toEpochMilli(), Instant.parse("2026-11-22T23:59:59Z").toEpochMilli());
        ActivityChart.Chart chart = ActivityChart.of(archive.sql(), EventStore.Selector.user("alice"), null, null, day);
        assertEquals("hour", chart.unit());
        assertEquals(List.of(new ActivityChart.Bucket("2026-11-22 10:00:00.000", 2, 1, 0),
                new ActivityChart.Bucket("2026-11-22 12:00:00.000", 1, 0, 1)), chart.buckets());
        ActivityChart.Chart everyone = ActivityChart.of(archive.sql(), null, "/check", "get", day);
        assertEquals(List.of(new ActivityChart.Bucket("2026-11-22 10:00:00.000", 3, 1, 1),
                new ActivityChart.Bucket("2026-11-22 12:00:00.000", 1, 0, 1)), everyone.buckets(), "all users under the prefix");
    }

    @Test
    void shouldPickMinutesHoursOrDays_whenTheRangeGrows() {
        assertEquals("minute", ActivityChart.unit(new TimeRange(1, 3 * 3_600_000L)));
        assertEquals("hour", ActivityChart.unit(new TimeRange(1, 3 * 86_400_000L)));
        assertEquals("day", ActivityChart.unit(new TimeRange(1, 30 * 86_400_000L)));
        assertThrows(IllegalArgumentException.class, () -> ActivityChart.of(null, null, null, null, TimeRange.ALL));
    }
}

package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SearchKeyTest {
    @Test
    void bucketsAreUtcHoursAndShardsStayInRange() {
        assertEquals("2026112314", ItemMapper.hourBucket(java.time.Instant.parse("2026-11-23T14:59:59.999Z").toEpochMilli()));
        assertEquals("2026112315#3", ItemMapper.searchKey(java.time.Instant.parse("2026-11-23T15:00:00Z").toEpochMilli(), 3));
        for (int i = 0; i < 1000; i++) {
            int shard = ItemMapper.searchShard("evt-" + i);
            assertTrue(shard >= 0 && shard < TableSchema.SEARCH_SHARDS);
        }
    }

    @Test
    void theSortKeyStartsWithThePathAndStaysWithinDynamoDbsKeyLimit() {
        String sk = ItemMapper.sortKey(1_700_000_000_000L, "evt-1");
        assertEquals("/orders/42#" + sk, ItemMapper.searchSort("/orders/42", sk));
        String ascii = ItemMapper.searchSort("/a".repeat(1000), sk);
        assertEquals(TableSchema.SEARCH_PATH_KEY_CHARS, ascii.indexOf('#'));
        // 3-byte characters and a 256-char event id: cut by bytes, whole code points only
        String longSk = ItemMapper.sortKey(1_700_000_000_000L, "€".repeat(Limits.MAX_ID));
        String wide = ItemMapper.searchSort("/€😀".repeat(200), longSk);
        assertTrue(wide.getBytes(StandardCharsets.UTF_8).length <= 1024, wide.getBytes(StandardCharsets.UTF_8).length + " bytes");
        assertTrue(wide.endsWith("#" + longSk));
        assertFalse(Character.isHighSurrogate(wide.charAt(wide.indexOf("#" + longSk) - 1)));
    }
}

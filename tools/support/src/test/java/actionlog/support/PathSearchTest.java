package actionlog.support;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ItemMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The key range a path prefix becomes: every index sort key that starts with the prefix, and no other. */
class PathSearchTest {
    /** DynamoDB orders string keys by their UTF-8 bytes, unsigned. */
    static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static boolean inRange(String key, String prefix) {
        return compareBytes(key, prefix) >= 0 && compareBytes(key, PathSearch.upperBound(prefix)) <= 0;
    }

    @Test
    void shouldHoldEveryKeyThatStartsWithThePrefix_whenThePathContinuesWithAnyCharacter() {
        String sk = ItemMapper.sortKey(1_764_000_000_000L, "evt-1");
        for (String path : new String[] {"/orders/", "/orders/4711", "/orders/\u00e9", "/orders/\uffff", "/orders/\ud83d\ude00",
                "/orders/\udbff\udfff\udbff\udfff", "/orders/" + "\udbff\udfff".repeat(100), "/orders/" + "x".repeat(300)}) {
            assertTrue(inRange(ItemMapper.searchSort(path, sk), "/orders/"), path);
        }
    }

    @Test
    void shouldHoldNoOtherKey_whenAPathOnlySharesPartOfThePrefix() {
        String sk = ItemMapper.sortKey(1_764_000_000_000L, "evt-1");
        for (String path : new String[] {"/orders", "/orders0", "/orders.", "/order/", "/ordert", "/p", "/", "/orders\u00e9"}) {
            assertFalse(inRange(ItemMapper.searchSort(path, sk), "/orders/"), path);
        }
    }

    @Test
    void shouldStayWithinTheKeyLimit_whenThePrefixIsLongOrNotAscii() {
        for (String prefix : new String[] {"/", "/orders/", "/\u00e9".repeat(32), "/\ud83d\ude00".repeat(21)}) {
            int bytes = PathSearch.upperBound(prefix).getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 1024 && bytes > 1020, prefix + ": " + bytes);
            assertTrue(PathSearch.upperBound(prefix).startsWith(prefix));
        }
    }
}

package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPackerTest {
    static String body(int bytes, char c) {
        return String.valueOf(c).repeat(bytes);
    }

    @Test
    void tenEntriesPerBatchAtMost() {
        List<String> small = new ArrayList<>();
        for (int i = 0; i < 23; i++) small.add("m" + i);
        List<List<String>> batches = BatchPacker.pack(small, BatchPacker::bytes);
        assertEquals(List.of(10, 10, 3), batches.stream().map(List::size).toList());
        assertEquals(small, batches.stream().flatMap(List::stream).toList(), "order kept");
    }

    @Test
    void largeMessagesAreSplitAt256KiBOfBodies() {
        // four DLQ messages of 100 KiB: two fit (200 KiB), a third would make 300 KiB
        List<String> large = List.of(body(100 * 1024, 'a'), body(100 * 1024, 'b'), body(100 * 1024, 'c'), body(100 * 1024, 'd'));
        List<List<String>> batches = BatchPacker.pack(large, BatchPacker::bytes);
        assertEquals(List.of(List.of(large.get(0), large.get(1)), List.of(large.get(2), large.get(3))), batches);
    }

    @Test
    void exactlyTheBoundFitsAndOneByteMoreDoesNot() {
        BatchPacker<String> packer = new BatchPacker<>();
        packer.add("a", QueueLimits.BATCH_BYTES - 10);
        assertTrue(packer.fits(10));
        assertFalse(packer.fits(11));
        packer.add("b", 10);
        assertEquals(QueueLimits.BATCH_BYTES, packer.byteCount());
        assertThrows(IllegalStateException.class, () -> packer.add("c", 1));
    }

    @Test
    void aMessageLargerThanTheBoundTravelsAlone() {
        List<String> items = List.of("x", body(QueueLimits.BATCH_BYTES + 1, 'z'), "y");
        assertEquals(List.of(List.of("x"), List.of(items.get(1)), List.of("y")), BatchPacker.pack(items, BatchPacker::bytes));
    }

    @Test
    void bytesAreUtf8Bytes() {
        assertEquals(3, BatchPacker.bytes("€"));
    }
}

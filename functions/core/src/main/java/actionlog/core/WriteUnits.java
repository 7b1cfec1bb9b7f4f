package actionlog.core;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What writing an item costs in DynamoDB write units, by DynamoDB's published rules: an item's size is the UTF-8
 * length of each attribute name plus its value (strings: UTF-8 bytes; binary: bytes; numbers: 1 byte per two
 * significant digits plus 1; booleans and nulls: 1; lists and maps: 3 plus their elements, each element 1 more);
 * a standard write costs 1 unit per started KB, at least 1; every global secondary index the item has the keys of is
 * written as well, its entry being the table's keys, the index's keys and the projected attributes
 * ({@link TableSchema#INDEX_ATTRIBUTES}).
 */
public final class WriteUnits {
    private WriteUnits() {}

    public static int itemBytes(Map<String, AttributeValue> item) {
        int bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + valueBytes(attribute.getValue());
        }
        return bytes;
    }

    static int valueBytes(AttributeValue v) {
        if (v.s() != null) return v.s().getBytes(StandardCharsets.UTF_8).length;
        if (v.n() != null) return numberBytes(v.n());
        if (v.b() != null) return v.b().asByteArrayUnsafe().length;
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasM()) {
            int bytes = 3;
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                bytes += 1 + e.getKey().getBytes(StandardCharsets.UTF_8).length + valueBytes(e.getValue());
            }
            return bytes;
        }
        if (v.hasL()) return 3 + v.l().stream().mapToInt(e -> 1 + valueBytes(e)).sum();
        if (v.hasSs()) return v.ss().stream().mapToInt(e -> e.getBytes(StandardCharsets.UTF_8).length).sum();
        if (v.hasNs()) return v.ns().stream().mapToInt(WriteUnits::numberBytes).sum();
        return 0;
    }

    static int numberBytes(String number) {
        String digits = number.replaceFirst("^-", "").replaceFirst("[eE].*$", "").replace(".", "");
        digits = digits.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, (digits.length() + 1) / 2) + 1;
    }

    /** Units of one standard write of {@code item}. */
    public static int units(Map<String, AttributeValue> item) {
        return Math.max(1, (itemBytes(item) + 1023) / 1024);
    }

    /** The entry {@code item} makes in {@code index}, or null when it lacks the index's keys (a sparse index). */
    public static Map<String, AttributeValue> indexEntry(Map<String, AttributeValue> item, TableSchema.Index index) {
        if (!item.containsKey(index.partitionKey()) || (index.sortKey() != null && !item.containsKey(index.sortKey()))) return null;
        Map<String, AttributeValue> entry = new LinkedHashMap<>();
        for (String name : new String[] {TableSchema.PK, TableSchema.SK, index.partitionKey(), index.sortKey()}) {
            if (name != null && item.containsKey(name)) entry.put(name, item.get(name));
        }
        for (String name : TableSchema.INDEX_ATTRIBUTES) {
            if (item.containsKey(name)) entry.put(name, item.get(name));
        }
        return entry;
    }

    /** Units of writing {@code item} to the table and to every index of {@link TableSchema#INDEXES} it has the keys of. */
    public static int withIndexes(Map<String, AttributeValue> item) {
        int units = units(item);
        for (TableSchema.Index index : TableSchema.INDEXES) {
            Map<String, AttributeValue> entry = indexEntry(item, index);
            if (entry != null) units += units(entry);
        }
        return units;
    }
}

package actionlog.core;

/**
 * Header values the redactor stored exactly as they came, by rule: a browser sends the same {@code User-Agent},
 * {@code Accept}, {@code Accept-Language}, {@code Origin}, {@code Sec-*} values on every request of a page and of its
 * assets, and scanning them again for secret shapes was a fifth of the capture path (docs/BENCHMARKS.md). A value met
 * again under the same rule is known clean after one {@link String#equals}, which compares many characters at a time
 * where the scan looks at one.
 *
 * <p>Only values that were stored unchanged are kept, so nothing here is a secret or holds one: it is what the events
 * store anyway. Direct-mapped (a new value replaces the one at its slot), bounded in entries and in value length, so a
 * hostile stream of distinct values costs a failed comparison each and no memory. The slot is chosen from the length
 * and a few characters, not {@link String#hashCode}, which on a request's new strings would read every character.
 * Safe without locks: an entry is immutable and published whole, and a lost update only costs a scan.
 */
final class CleanValues {
    /** Slots; a power of two. A few hundred distinct values per rule cover the browsers of a busy site. */
    static final int SLOTS = 512;
    /** Longer values are not kept (rarely repeated, and the bound of the memory held: 512 × 512 characters). */
    static final int MAX_LENGTH = 512;

    private record Entry(int rule, String value) {}

    private final Entry[] slots = new Entry[SLOTS];

    /** Whether {@code value} was stored unchanged under {@code rule} (the rule's form and kind as one number). */
    boolean contains(int rule, String value) {
        int n = value.length();
        if (n > MAX_LENGTH || n == 0) return false;
        Entry entry = slots[slot(rule, value, n)];
        return entry != null && entry.rule == rule && entry.value.equals(value);
    }

    /** Remembers that {@code value} is stored unchanged under {@code rule}. */
    void add(int rule, String value) {
        int n = value.length();
        if (n > MAX_LENGTH || n == 0) return;
        slots[slot(rule, value, n)] = new Entry(rule, value);
    }

    private static int slot(int rule, String value, int n) {
        int h = rule * 0x9E3779B1 + n;
        h = h * 31 + value.charAt(n >>> 1);
        h = h * 31 + value.charAt(n - 1);
        h = h * 31 + value.charAt(n >>> 2);
        h = h * 31 + value.charAt(n - 1 - (n >>> 2));
        h ^= h >>> 16;
        return (h * 0x85EBCA6B >>> 16) & (SLOTS - 1);
    }
}

package actionlog.core;

/**
 * Header values the redactor stored exactly as they came, by rule: a browser sends the same {@code User-Agent},
 * {@code Accept}, {@code Accept-Language}, {@code Origin}, {@code Sec-*} values on every request of a page and of its
 * assets, and scanning them again for secret shapes was a fifth of the capture path (docs/BENCHMARKS.md). A value met
 * again under the same rule is known clean after one {@link String#equals}, which compares many characters at a time
 * where the scan looks at one.
 *
 * <p>Only values that were stored unchanged are kept, so nothing here is a secret or holds one: it is what the events
 * store anyway. Direct-mapped (a new value replaces the one at its slot), bounded in entries and in value length (values
 * under {@link #MIN_LENGTH} are not looked up), so a hostile stream of distinct values costs a failed comparison each
 * and no memory. The slot is chosen from the length and a few characters, not {@link String#hashCode}, which on a
 * request's new strings would read every character. Safe without locks: an entry is immutable and published whole
 * (final fields), and a lost update only costs a scan.
 */
final class CleanValues {
    /** Slots; a power of two. A few hundred distinct values per rule cover the browsers of a busy site. */
    static final int SLOTS = 512;
    /** Longer values are not kept (rarely repeated, and the bound of the memory held: 512 × 512 characters). */
    static final int MAX_LENGTH = 512;

    /** Shorter values are scanned faster than they are looked up (the scan returns at once under 11 characters). */
    static final int MIN_LENGTH = 16;

    /** {@code hash}: the slot's hash in full, so that another value at the slot is told apart without reading it. */
    private record Entry(int hash, int rule, String value) {}

    private final Entry[] slots = new Entry[SLOTS];

    /** Whether {@code value} was stored unchanged under {@code rule} (the rule's form and kind as one number). */
    boolean contains(int rule, String value) {
        int n = value.length();
        if (n > MAX_LENGTH || n < MIN_LENGTH) return false;
        int hash = hash(rule, value, n);
        Entry entry = slots[hash & (SLOTS - 1)];
        return entry != null && entry.hash == hash && entry.rule == rule && entry.value.equals(value);
    }

    /** Remembers that {@code value} is stored unchanged under {@code rule}. */
    void add(int rule, String value) {
        int n = value.length();
        if (n > MAX_LENGTH || n < MIN_LENGTH) return;
        int hash = hash(rule, value, n);
        slots[hash & (SLOTS - 1)] = new Entry(hash, rule, value);
    }

    private static int hash(int rule, String value, int n) {
        int h = rule * 0x9E3779B1 + n;
        h = h * 31 + value.charAt(n >>> 1);
        h = h * 31 + value.charAt(n - 1);
        h = h * 31 + value.charAt(n >>> 2);
        h = h * 31 + value.charAt(n - 1 - (n >>> 2));
        h *= 0x85EBCA6B;
        return h ^ (h >>> 16);
    }
}

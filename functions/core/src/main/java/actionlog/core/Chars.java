package actionlog.core;

/** Index-based helpers for the capture path's parsers: no arrays of parts, no copies of what is dropped. */
final class Chars {
    private Chars() {}

    /**
     * The first {@code c} in {@code s[from, to)}, or -1. Never looks past {@code to}: a header or query of many parts
     * without the character costs one pass, where {@code indexOf(c, from)} per part scanned to the end each time.
     */
    static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) == c) return i;
        return -1;
    }

    /** {@code s.substring(from, to).trim()}, copying only what is kept. */
    static String trimmed(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') from++;
        while (to > from && s.charAt(to - 1) <= ' ') to--;
        return s.substring(from, to);
    }
}

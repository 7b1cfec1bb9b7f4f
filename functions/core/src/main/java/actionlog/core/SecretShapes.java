package actionlog.core;

/**
 * The value-shape rules of {@link Redactor}, in one left-to-right scan per string: every rule starts at a token or
 * digit boundary and is tried only when the cheap facts at that position allow it (a digit for card numbers and
 * social security numbers, {@code ey}/{@code ew} and a dot for JWTs, {@code ://} for URL passwords, a run of 22+
 * token characters for random tokens). A string in which nothing matches comes back as the same instance, without
 * allocation. No regular expression: the value-shape rules used to be several regex passes over every stored string,
 * which made capture four times slower (docs/BENCHMARKS.md).
 *
 * <p>What each shape keeps is as deliberate as what it redacts (docs/EVENT_SCHEMA.md, "Privacy"): UUIDs, numeric ids,
 * dates, version strings, hex hashes outside named values, and words with digits stay.
 */
final class SecretShapes {
    private SecretShapes() {}

    /** Hex runs of 32+ characters (128 bits) are tokens: set for named values (query, header, property values). */
    static final int HEX = 1;
    /** E-mail addresses and phone numbers are masked too (the {@code maskContactDetails} setting). */
    static final int CONTACTS = 2;
    /**
     * Random-looking runs stay: for values named as identifiers ({@code request_id}, {@code traceparent}) and for
     * file names of static assets in paths. Structured secrets (JWTs, cards, SSNs, URL passwords) are still redacted.
     */
    static final int KEEP_RANDOM = 4;

    /** The fewest characters of a random token: 22 base64 characters hold 128 bits. */
    static final int MIN_RANDOM = 22;
    /** The fewest characters of a hex token: 32 hex characters hold 128 bits. */
    static final int MIN_HEX = 32;

    /** {@code value} with every secret shape replaced by {@value Redactor#REDACTED}; the same instance when none. */
    static String scrub(String value, int flags) {
        if (value == null) return null;
        int n = value.length();
        boolean contacts = (flags & CONTACTS) != 0;
        if (n < (contacts ? 6 : 11)) return value; // the shortest shape: an SSN (123-45-6789), or a@b.co
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        // Rules start only at a boundary: a token character after a non-token one (or at the start), or a + or ( of a
        // phone number. So the scan steps over a non-token character, or over a whole run of token characters at once.
        while (i < n) {
            char c = value.charAt(i);
            long span = -1; // (start << 32 | end) of a secret, or -1
            int next;
            if (!isTokenChar(c)) {
                if (contacts && (c == '+' || c == '(') && i + 1 < n && isDigit(value.charAt(i + 1))
                        && (i == 0 || !isTokenChar(value.charAt(i - 1)))) {
                    span = phone(value, i);
                }
                next = i + 1;
            } else if (i > 0 && isTokenChar(value.charAt(i - 1))) {
                next = runEnd(value, i); // inside a run, right after a secret: no rule starts here
            } else {
                int end = runEnd(value, i);
                if (isDigit(c)) span = digits(value, i, contacts);
                if (span < 0) span = run(value, i, end, flags);
                if (span < 0 && contacts) span = email(value, i);
                if (span < 0 && end + 2 < n && value.charAt(end) == ':' && value.charAt(end + 1) == '/' && value.charAt(end + 2) == '/') {
                    span = userinfoPassword(value, end + 3);
                }
                next = end;
            }
            if (span >= 0) {
                int start = (int) (span >>> 32);
                int end = (int) span;
                if (out == null) out = new StringBuilder(n);
                out.append(value, copied, start).append(Redactor.REDACTED);
                copied = end;
                next = Math.max(end, i + 1);
            }
            i = next;
        }
        if (out == null) return value;
        return out.append(value, copied, n).toString();
    }

    private static long span(int start, int end) {
        return ((long) start << 32) | end;
    }

    // --- runs of token characters: AWS key ids, JWTs, random and hex tokens ---

    /** The secret starting at the run {@code [start, end)} of token characters, or -1. */
    private static long run(String s, int start, int end, int flags) {
        int length = end - start;
        if (length == 20 && (s.startsWith("AKIA", start) || s.startsWith("ASIA", start)) && upperOrDigits(s, start + 4, end)) {
            return span(start, end);
        }
        if (end < s.length() && s.charAt(end) == '.' && length >= 10 && s.charAt(start) == 'e'
                && (s.charAt(start + 1) == 'y' || s.charAt(start + 1) == 'w')) {
            int jwtEnd = jwt(s, start, end);
            if (jwtEnd > 0) return span(start, jwtEnd);
        }
        if (length < MIN_RANDOM || (flags & KEEP_RANDOM) != 0) return -1;
        if ((flags & HEX) != 0 && length >= MIN_HEX && isHexToken(s, start, end)) return span(start, end);
        int padded = end;
        while (padded < s.length() && padded < end + 2 && s.charAt(padded) == '=') padded++;
        return isRandomToken(s, start, end, padded > end) ? span(start, padded) : -1;
    }

    private static int runEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isTokenChar(s.charAt(i))) i++;
        return i;
    }

    /**
     * The end of a JWT (or JWE) whose first segment is {@code [start, firstEnd)}, or -1: at least three dot-separated
     * base64url segments, the first decoding to a JSON object (<code>{"</code> after optional whitespace: {@code eyJ},
     * {@code eyAi}, {@code ewog}…), the second at least 2 characters.
     */
    private static int jwt(String s, int start, int firstEnd) {
        if (!decodesToJsonObject(s, start, firstEnd)) return -1;
        int secondEnd = runEnd(s, firstEnd + 1);
        if (secondEnd - firstEnd - 1 < 2 || secondEnd >= s.length() || s.charAt(secondEnd) != '.') return -1;
        int end = runEnd(s, secondEnd + 1);
        while (end + 1 < s.length() && s.charAt(end) == '.' && isTokenChar(s.charAt(end + 1))) end = runEnd(s, end + 1); // JWE: 5
        return end;
    }

    /** Whether the base64url text starts with <code>{</code>, optional JSON whitespace, then {@code "}. */
    private static boolean decodesToJsonObject(String s, int start, int end) {
        int bits = 0;
        int buffer = 0;
        boolean first = true;
        for (int i = start; i < end && i < start + 16; i++) {
            int v = base64(s.charAt(i));
            if (v < 0) return false;
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits < 8) continue;
            bits -= 8;
            int b = (buffer >> bits) & 0xff;
            if (first) {
                if (b != '{') return false;
                first = false;
            } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '"';
            }
        }
        return false;
    }

    private static int base64(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '-' || c == '+') return 62;
        if (c == '_' || c == '/') return 63;
        return -1;
    }

    private static boolean upperOrDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !isDigit(c)) return false;
        }
        return true;
    }

    /** 32+ hex characters of one case, with letters and digits (a UUID has dashes and is never one run of hex). */
    private static boolean isHexToken(String s, int start, int end) {
        boolean lower = false;
        boolean upper = false;
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) digit = true;
            else if (c >= 'a' && c <= 'f') lower = letter = true;
            else if (c >= 'A' && c <= 'F') upper = letter = true;
            else return false;
        }
        return digit && letter && !(lower && upper);
    }

    /**
     * Whether {@code [start, end)} (base64 or base64url characters) looks random: upper case, lower case and a digit
     * (or base64 padding), Shannon entropy of at least {@code min(4, log2(n) - 0.9)} bits per character, and letters
     * that do not form words (mean length of its camel-case words under 3: {@code iPhone15ProMax} has 3.5, a random
     * 22-character token ~1.6). Calibrated on 20,000 random tokens per length: ~5% of 16-byte tokens without padding
     * are missed (those whose letters happen to read like words), ~1% of 32-byte ones.
     */
    static boolean isRandomToken(CharSequence s, int start, int end, boolean padded) {
        int n = end - start;
        if (n < MIN_RANDOM) return false;
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int[] counts = new int[128];
        int letters = 0;
        int words = 0;
        char previous = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 128) return false;
            counts[c]++;
            boolean isUpper = c >= 'A' && c <= 'Z';
            boolean isLower = c >= 'a' && c <= 'z';
            if (isUpper) upper = true;
            else if (isLower) lower = true;
            else if (isDigit(c)) digit = true;
            if (isUpper || isLower) {
                letters++;
                boolean previousUpper = previous >= 'A' && previous <= 'Z';
                boolean previousLower = previous >= 'a' && previous <= 'z';
                if ((!previousUpper && !previousLower) || (isUpper && previousLower)) words++;
            }
            previous = c;
        }
        if (!(upper && lower && (digit || padded))) return false;
        if (words > 0 && letters >= 3.0 * words) return false;
        double entropy = 0;
        for (int count : counts) {
            if (count == 0) continue;
            double p = (double) count / n;
            entropy -= p * Math.log(p);
        }
        entropy /= Math.log(2);
        return entropy >= Math.min(4.0, Math.log(n) / Math.log(2) - 0.9);
    }

    // --- digits: payment cards, US social security numbers, phone numbers ---

    /**
     * A card number (13–19 digits, optionally grouped by single spaces, dashes or {@code +} in groups of 3 or more,
     * starting 2–6 as the card networks' numbers do, Luhn-valid) or an SSN ({@code ddd-dd-dddd} with a valid area,
     * group and serial) starting at {@code start}; with {@code contacts} also a North American phone number
     * ({@code ddd-ddd-dddd}). Never digits inside a longer word or number.
     */
    private static long digits(String s, int start, boolean contacts) {
        int n = s.length();
        if (!enoughDigits(s, start, 9)) return -1; // the common case: a short number, no allocation
        int i = start;
        int count = 0;
        int group = 0;
        int groups = 0;
        int shortGroups = 0;
        int sum = 0; // Luhn, computed backwards below; here the digits are collected
        int[] digits = new int[19];
        int lastDigitEnd = start;
        while (i < n) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                if (count == 19) return -1;
                digits[count++] = c - '0';
                group++;
                i++;
                lastDigitEnd = i;
                continue;
            }
            boolean separator = c == ' ' || c == '-' || c == '+';
            int width = separator ? 1 : (c == '%' && s.startsWith("%20", i) ? 3 : 0);
            if (width == 0 || i + width >= n || !isDigit(s.charAt(i + width))) break;
            if (group < 3) shortGroups++;
            groups++;
            group = 0;
            i += width;
        }
        if (lastDigitEnd < n && isTokenChar(s.charAt(lastDigitEnd)) && s.charAt(lastDigitEnd) != '-') return -1; // 4111…1111abc
        if (group < 3) shortGroups++;
        groups++;
        if (count == 9 && groups == 3 && isSsn(s, start, lastDigitEnd)) return span(start, lastDigitEnd);
        if (contacts && count == 10 && groups == 3 && lastDigitEnd - start == 12 && s.charAt(start + 3) == s.charAt(start + 7)) {
            return span(start, lastDigitEnd); // 555-123-4567, 555 123 4567
        }
        if (count < 13 || shortGroups > 0 || digits[0] < 2 || digits[0] > 6) return -1;
        for (int k = count - 1, position = 0; k >= 0; k--, position++) {
            int d = digits[k];
            if (position % 2 == 1) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0 ? span(start, lastDigitEnd) : -1;
    }

    /** Whether at least {@code min} digits follow {@code start}, separated by at most single non-digits. */
    private static boolean enoughDigits(String s, int start, int min) {
        int count = 0;
        for (int i = start; i < s.length() && count < min; i++) {
            if (isDigit(s.charAt(i))) count++;
            else if (i + 1 >= s.length() || !isDigit(s.charAt(i + 1)) || (s.charAt(i) != ' ' && s.charAt(i) != '-' && s.charAt(i) != '+' && s.charAt(i) != '%')) break;
        }
        return count >= min;
    }

    /** ddd-dd-dddd, area not 000, 666 or 9xx, group not 00, serial not 0000 (the numbers never issued). */
    private static boolean isSsn(String s, int start, int end) {
        if (end - start != 11 || s.charAt(start + 3) != '-' || s.charAt(start + 6) != '-') return false;
        String area = s.substring(start, start + 3);
        return !area.equals("000") && !area.equals("666") && s.charAt(start) != '9' && !s.startsWith("00", start + 4)
                && !s.startsWith("0000", start + 7);
    }

    /** {@code +33 6 12 34 56 78}, {@code +1 (555) 123-4567}, {@code (555) 123-4567}: 8–15 digits after + or (. */
    private static long phone(String s, int start) {
        int i = start + 1;
        int count = 0;
        int end = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                count++;
                end = i + 1;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                break;
            }
            i++;
        }
        if (end < s.length() && isTokenChar(s.charAt(end))) return -1;
        int min = s.charAt(start) == '(' ? 10 : 8;
        return count >= min && count <= 15 ? span(start, end) : -1;
    }

    /** The local part of an e-mail address starting at {@code start} (the domain stays), or -1. */
    private static long email(String s, int start) {
        int i = start;
        while (i < s.length() && (isTokenChar(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '+' || s.charAt(i) == '%')) i++;
        if (i == start || i >= s.length() || s.charAt(i) != '@') return -1;
        int at = i;
        int dot = -1;
        i++;
        while (i < s.length() && (isTokenChar(s.charAt(i)) || s.charAt(i) == '.')) {
            if (s.charAt(i) == '.') dot = i;
            i++;
        }
        return dot > at + 1 && i - dot > 2 ? span(start, at) : -1;
    }

    /** In {@code scheme://user:password@host}, the password (from {@code authority}, after {@code //}), or -1. */
    private static long userinfoPassword(String s, int authority) {
        int colon = -1;
        for (int i = authority; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '"' || c == ',' || c == '<' || c == '>') return -1;
            if (c == ':' && colon < 0) colon = i;
            if (c == '@') return colon < 0 || colon + 1 == i ? -1 : span(colon + 1, i);
        }
        return -1;
    }

    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
    }

    /** Base64url's alphabet: what a token is made of. */
    static boolean isTokenChar(char c) {
        return c < 128 && TOKEN_CHARS[c];
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

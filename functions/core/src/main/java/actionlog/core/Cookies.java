package actionlog.core;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cookies as the edge reads them: the request's {@code Cookie} pairs in their order, and what each {@code Set-Cookie}
 * of an answer does (issues a value, or clears the cookie). Values are only compared and hashed, never stored.
 */
public final class Cookies {
    private Cookies() {}

    /** One {@code name=value} pair of a request's Cookie header. */
    public record Pair(String name, String value) {}

    /**
     * One {@code Set-Cookie} of an answer.
     *
     * @param cleared the cookie is being removed: {@code Max-Age} zero or negative, {@code Expires} in the past, an
     *                empty value, or the value {@code deleted} (PHP's)
     */
    public record Set(String name, String value, boolean cleared) {}

    /** Every pair of the request's Cookie headers, in order; pairs without a name are skipped. */
    public static List<Pair> of(ViewerRequest request) {
        List<String> headers = request.headers().get("cookie");
        if (headers == null) return List.of();
        List<Pair> pairs = new ArrayList<>();
        for (String header : headers) parse(header, header.length(), pairs);
        return pairs;
    }

    /**
     * The {@code name=value} pairs of {@code header[0, end)} added to {@code into}, trimmed, in order; parts without a
     * name or an {@code =} are skipped. The one reading of a Cookie header: identity and redaction both use it. By
     * index, without the array and the untrimmed parts of {@code split(";")}, and one pass however many parts.
     */
    static List<Pair> parse(String header, int end, List<Pair> into) {
        for (int start = 0; start < end; ) {
            int partEnd = header.indexOf(';', start);
            if (partEnd < 0 || partEnd > end) partEnd = end;
            int eq = Chars.indexOf(header, '=', start, partEnd);
            if (eq > start) into.add(new Pair(Chars.trimmed(header, start, eq), Chars.trimmed(header, eq + 1, partEnd)));
            start = partEnd + 1;
        }
        return into;
    }

    /** The value of the first pair of that name (case-sensitive, as browsers send them), or null. */
    public static String value(List<Pair> pairs, String name) {
        for (Pair p : pairs) if (p.name().equals(name)) return p.value();
        return null;
    }

    /** The answer's Set-Cookie headers, parsed; malformed ones are skipped. */
    public static List<Set> set(List<String> setCookies, long nowMs) {
        if (setCookies == null) return List.of();
        List<Set> out = new ArrayList<>(setCookies.size());
        for (String setCookie : setCookies) {
            int semi = setCookie.indexOf(';');
            String pair = semi < 0 ? setCookie : setCookie.substring(0, semi);
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            boolean cleared = value.isEmpty() || value.equals("\"\"") || value.equalsIgnoreCase("deleted");
            for (String attribute : semi < 0 ? new String[0] : setCookie.substring(semi + 1).split(";")) {
                int at = attribute.indexOf('=');
                if (at < 0) continue;
                String key = attribute.substring(0, at).trim().toLowerCase(Locale.ROOT);
                String v = attribute.substring(at + 1).trim();
                if (key.equals("max-age")) cleared |= v.startsWith("-") || v.matches("0+");
                if (key.equals("expires")) cleared |= expired(v, nowMs);
            }
            out.add(new Set(name, value, cleared));
        }
        return out;
    }

    private static boolean expired(String expires, long nowMs) {
        try {
            return ZonedDateTime.parse(expires.replace('-', ' '), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() <= nowMs;
        } catch (DateTimeParseException e) {
            return false; // an unreadable date is no evidence of anything
        }
    }

    /** The request's Cookie headers without the pairs of one name; the headers unchanged when there is none. */
    public static ViewerRequest without(ViewerRequest request, String name) {
        List<String> headers = request.headers().get("cookie");
        if (headers == null || headers.stream().noneMatch(h -> h.contains(name))) return request;
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String header : headers) {
            List<String> parts = new ArrayList<>();
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    removed = true;
                    continue;
                }
                if (!part.isBlank()) parts.add(part.trim());
            }
            if (!parts.isEmpty()) kept.add(String.join("; ", parts));
        }
        if (!removed) return request;
        java.util.Map<String, List<String>> copy = new java.util.LinkedHashMap<>(request.headers());
        if (kept.isEmpty()) copy.remove("cookie");
        else copy.put("cookie", kept);
        return new ViewerRequest(request.requestId(), request.receivedAtMs(), request.method(), request.scheme(), request.host(),
                request.path(), request.rawQuery(), copy, request.sourceIp(), request.bodySize());
    }
}

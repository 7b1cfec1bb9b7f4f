package actionlog.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of storage. Three rules, documented in docs/EVENT_SCHEMA.md ("Privacy"):
 * <ol>
 * <li><b>Secret names</b>: a header or parameter whose name is listed, or contains one of {@link #SECRET_WORDS},
 * has its value replaced by {@value #REDACTED} (a short {@link #ALLOWED_NAMES allow-list} keeps harmless names
 * such as {@code author} or {@code keyword}). Parameter names are URL-decoded and split at brackets, so
 * {@code user[password]} and {@code password[]} count; pairs may be separated by {@code &} or {@code ;}.</li>
 * <li><b>URLs</b>: header values that carry a URL ({@code Referer}, {@code Location}, {@code X-Original-URL}, …) and
 * parameter values that carry an encoded URL (redirect targets) get the same query redaction.</li>
 * <li><b>Token shapes</b>: anything shaped like a JWT or a long high-entropy token is replaced, in every stored
 * string ({@link #text}).</li>
 * </ol>
 * What stays is what support needs: the auth scheme, the cookie names, the parameter names.
 */
public final class Redactor {
    public static final String REDACTED = "[REDACTED]";
    /** A name containing one of these (case-insensitive) is a secret's name. */
    public static final List<String> SECRET_WORDS = List.of(
            "token", "secret", "passw", "key", "auth", "sig", "session", "csrf", "otp", "credential");
    /** Names that contain a secret word but carry nothing secret; matched exactly (lower case). */
    public static final Set<String> ALLOWED_NAMES = Set.of(
            "author", "authors", "author_id", "authority", ":authority", "keyword", "keywords", "keyboard",
            "design", "signal", "signup", "sign_up", "signin", "sign_in", "signout", "sign_out", "assign", "assignee",
            "token_type", "www-authenticate", "monkey", "hockey", "turkey");
    /** Authorization schemes kept in clear ({@code Bearer [REDACTED]}); any other first word is redacted with the rest. */
    public static final Set<String> AUTH_SCHEMES = Set.of(
            "basic", "bearer", "digest", "negotiate", "ntlm", "aws4-hmac-sha256", "token", "hoba", "mutual", "dpop",
            "oauth", "apikey", "sharedkey", "sharedaccesssignature");
    /** Headers whose value is (or contains) a URL; any header value starting with a scheme or a slash is treated alike. */
    public static final Set<String> URL_HEADERS = Set.of(
            "referer", "location", "content-location", "origin", "x-original-url", "x-original-uri", "x-forwarded-uri",
            "x-forwarded-url", "x-rewrite-url", "x-referer", "x-forwarded-prefix");

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    /** Runs that may be a token: base64url, hex and the like, at least 32 characters. */
    private static final Pattern LONG_RUN = Pattern.compile("[A-Za-z0-9_-]{32,}");
    /** Credential shapes too short or too regular for the entropy rule (AWS access key ids). */
    private static final Pattern KNOWN_TOKENS = Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b");
    private static final int MAX_NESTING = 3;

    private final Set<String> headers;
    private final Set<String> params;

    public Redactor(Set<String> headers, Set<String> params) {
        this.headers = lower(headers);
        this.params = lower(params);
    }

    public Redactor(CaptureConfig config) {
        this(config.redactHeaders(), config.redactParams());
    }

    /** The value to store for header {@code name} (lower case). */
    public String header(String name, String value) {
        if (value == null) return null;
        if (EdgeProtocol.ORIGIN_SECRET_HEADER.equals(name)) return REDACTED; // whatever the configuration
        switch (name) {
            case "authorization", "proxy-authorization" -> {
                return keepScheme(value);
            }
            case "cookie" -> {
                return cookieNames(value, ";");
            }
            case "set-cookie" -> {
                return cookieNames(value.split(";", 2)[0], ";");
            }
            default -> { }
        }
        if (headers.contains(name) || (isSecretName(name) && !headers.contains(CaptureConfig.UNREDACT_PREFIX + name))) {
            return REDACTED;
        }
        if (URL_HEADERS.contains(name) || looksLikeUrl(value)) return url(value);
        return text(value);
    }

    /** The query string with secret parameters' values redacted; order and encoding of the rest kept. */
    public String query(String rawQuery) {
        return query(rawQuery, 0);
    }

    /** A URL or URL path with its query and fragment redacted like {@link #query} and token shapes replaced. */
    public String url(String value) {
        return url(value, 0);
    }

    /**
     * Any stored string: JWT-shaped values and long high-entropy tokens (32+ characters of base64url or hex with
     * upper case, lower case and digits, and at least 4 bits of entropy per character) become {@value #REDACTED}.
     * UUIDs, hex hashes and ordinary words stay.
     */
    public static String text(String value) {
        if (value == null || value.length() < 20) return value;
        String out = JWT.matcher(value).replaceAll(REDACTED);
        out = KNOWN_TOKENS.matcher(out).replaceAll(REDACTED);
        Matcher run = LONG_RUN.matcher(out);
        if (!run.find()) return out;
        StringBuilder sb = new StringBuilder(out.length());
        int last = 0;
        do {
            if (highEntropy(run.group())) {
                sb.append(out, last, run.start()).append(REDACTED);
                last = run.end();
            }
        } while (run.find());
        return last == 0 ? out : sb.append(out, last, out.length()).toString();
    }

    /** Beacon properties: values under secret names redacted, every string checked for token shapes, nesting kept. */
    public Object properties(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                out.put(text(key), isSecretParam(key) && v != null ? REDACTED : properties(v));
            });
            return out;
        }
        if (value instanceof List<?> list) return list.stream().map(this::properties).toList();
        if (value instanceof String s) return text(s);
        return value;
    }

    /** Whether a header or parameter name is a secret's: listed, or containing a secret word, and not allowed. */
    public static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (ALLOWED_NAMES.contains(lower)) return false;
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) return true;
        }
        return false;
    }

    private String query(String rawQuery, int depth) {
        if (rawQuery == null || rawQuery.isEmpty()) return rawQuery;
        StringBuilder out = new StringBuilder(rawQuery.length());
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = nextSeparator(rawQuery, start);
            String pair = rawQuery.substring(start, end);
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq >= 0 && isSecretParam(name)) {
                out.append(name).append('=').append(REDACTED);
            } else if (eq >= 0) {
                out.append(text(name)).append('=').append(nestedValue(pair.substring(eq + 1), depth));
            } else {
                out.append(text(pair));
            }
            if (end < rawQuery.length()) out.append(rawQuery.charAt(end));
            start = end + 1;
        }
        return out.toString();
    }

    private static int nextSeparator(String query, int from) {
        for (int i = from; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '&' || c == ';') return i;
        }
        return query.length();
    }

    /** A parameter value; when it is an encoded URL or query (a redirect target), its own secrets are redacted too. */
    private String nestedValue(String raw, int depth) {
        String value = text(raw);
        if (depth >= MAX_NESTING || value.indexOf('%') < 0) return value;
        String decoded = decode(value);
        if (decoded.equals(value) || decoded.indexOf('=') < 0) return value;
        String redacted = decoded.indexOf('?') >= 0 || decoded.indexOf('#') >= 0 ? url(decoded, depth + 1) : query(decoded, depth + 1);
        return redacted.equals(decoded) ? value : encode(redacted);
    }

    private String url(String value, int depth) {
        int question = value.indexOf('?');
        int hash = value.indexOf('#');
        if (question < 0 && hash < 0) return text(value);
        int queryStart = question >= 0 && (hash < 0 || question < hash) ? question : -1;
        StringBuilder out = new StringBuilder(value.length());
        if (queryStart >= 0) {
            out.append(text(value.substring(0, queryStart))).append('?');
            String rest = value.substring(queryStart + 1);
            int h = rest.indexOf('#');
            out.append(query(h < 0 ? rest : rest.substring(0, h), depth));
            if (h >= 0) out.append('#').append(query(rest.substring(h + 1), depth)); // implicit-flow tokens live here
        } else {
            out.append(text(value.substring(0, hash))).append('#').append(query(value.substring(hash + 1), depth));
        }
        return out.toString();
    }

    private boolean isSecretParam(String rawName) {
        String name = decode(rawName).toLowerCase(Locale.ROOT);
        if (params.contains(CaptureConfig.UNREDACT_PREFIX + name)) return false; // taken off on purpose
        if (params.contains(name) || isSecretName(name)) return true;
        // user[password], password[], data.secret: any part that is a secret's name
        for (String part : name.split("[\\[\\].]")) {
            if (!part.isEmpty() && (params.contains(part) || isSecretName(part))) return true;
        }
        return false;
    }

    private static boolean looksLikeUrl(String value) {
        return (value.startsWith("/") || value.regionMatches(true, 0, "http://", 0, 7) || value.regionMatches(true, 0, "https://", 0, 8))
                && (value.indexOf('?') >= 0 || value.indexOf('#') >= 0);
    }

    private static boolean highEntropy(String run) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int[] counts = new int[128];
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (c >= 'A' && c <= 'Z') upper = true;
            else if (c >= 'a' && c <= 'z') lower = true;
            else if (c >= '0' && c <= '9') digit = true;
            counts[c]++;
        }
        if (!(upper && lower && digit)) return false;
        double entropy = 0;
        for (int count : counts) {
            if (count == 0) continue;
            double p = (double) count / run.length();
            entropy -= p * Math.log(p) / Math.log(2);
        }
        return entropy >= 4.0;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** Percent-encodes what would change the meaning of a parameter value; keeps {@value #REDACTED} readable. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:/[]@!$'()*,".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String keepScheme(String value) {
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        if (space > 0 && AUTH_SCHEMES.contains(trimmed.substring(0, space).toLowerCase(Locale.ROOT))) {
            return trimmed.substring(0, space) + " " + REDACTED;
        }
        return REDACTED;
    }

    private static String cookieNames(String value, String separator) {
        StringBuilder out = new StringBuilder();
        for (String part : value.split(separator)) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            if (out.length() > 0) out.append("; ");
            out.append(text(part.substring(0, eq).trim())).append('=').append(REDACTED);
        }
        return out.length() == 0 ? REDACTED : out.toString();
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}

package actionlog.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of storage: listed headers and query parameters, and anything shaped like a JWT, are
 * replaced by {@value #REDACTED}. What stays is what support needs: the auth scheme, the cookie names, the
 * parameter names.
 */
public final class Redactor {
    public static final String REDACTED = "[REDACTED]";
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

    private final Set<String> headers;
    private final Set<String> params;

    public Redactor(Set<String> headers, Set<String> params) {
        this.headers = headers;
        this.params = params;
    }

    public Redactor(CaptureConfig config) {
        this(config.redactHeaders(), config.redactParams());
    }

    /** The value to store for header {@code name} (lower case). */
    public String header(String name, String value) {
        if (value == null) return null;
        if (headers.contains(name) || EdgeProtocol.ORIGIN_SECRET_HEADER.equals(name)) {
            return switch (name) {
                case "authorization", "proxy-authorization" -> keepScheme(value);
                case "cookie" -> cookieNames(value, ";");
                case "set-cookie" -> cookieNames(value.split(";", 2)[0], ";");
                default -> REDACTED;
            };
        }
        return JWT.matcher(value).replaceAll(REDACTED);
    }

    /** The query string with listed parameters' values redacted; order and encoding of the rest kept. */
    public String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return rawQuery;
        StringBuilder out = new StringBuilder(rawQuery.length());
        for (String pair : rawQuery.split("&", -1)) {
            if (out.length() > 0) out.append('&');
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq >= 0 && isSecretParam(name)) {
                out.append(name).append('=').append(REDACTED);
            } else {
                out.append(JWT.matcher(pair).replaceAll(REDACTED));
            }
        }
        return out.toString();
    }

    private boolean isSecretParam(String rawName) {
        String name;
        try {
            name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            name = rawName;
        }
        return params.contains(name.toLowerCase(Locale.ROOT));
    }

    private static String keepScheme(String value) {
        int space = value.indexOf(' ');
        return space > 0 && space < 20 ? value.substring(0, space) + " " + REDACTED : REDACTED;
    }

    private static String cookieNames(String value, String separator) {
        StringBuilder out = new StringBuilder();
        for (String part : value.split(separator)) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            if (out.length() > 0) out.append("; ");
            out.append(part.substring(0, eq).trim()).append('=').append(REDACTED);
        }
        return out.length() == 0 ? REDACTED : out.toString();
    }
}

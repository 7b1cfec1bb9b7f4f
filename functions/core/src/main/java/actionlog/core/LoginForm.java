package actionlog.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The sign-in request whose one field names the session's user, written {@code METHOD /path field} (e.g.
 * {@code POST /login username}; a path ending in {@code *} matches by prefix). Only that field is decoded from the
 * body the edge forwards anyway, whether urlencoded, multipart or JSON; every other field (the password) is skipped
 * without being turned into a string.
 */
public record LoginForm(String method, String path, String field) {
    private static final JsonFactory JSON = new JsonFactory();

    public static LoginForm parse(String spec, String setting) {
        String[] parts = spec.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].matches("[A-Za-z]+") || !parts[1].startsWith("/")) {
            throw new IllegalStateException(setting + "=" + spec + " is not 'METHOD /path field'; set e.g. POST /login username");
        }
        return new LoginForm(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2]);
    }

    /** Whether this request is the sign-in request. */
    public boolean matches(ViewerRequest request) {
        if (!method.equals(request.method())) return false;
        return path.endsWith("*") ? request.path().startsWith(path.substring(0, path.length() - 1)) : path.equals(request.path());
    }

    /** The field's value, or null when the body is empty, too large, of another type, malformed, or lacks the field. */
    public String value(String contentType, byte[] body) {
        if (body == null || body.length == 0 || body.length > Limits.MAX_LOGIN_BODY || contentType == null) return null;
        String type = contentType.toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("application/x-www-form-urlencoded")) return urlencoded(body);
            if (type.startsWith("multipart/form-data")) return multipart(body, boundary(contentType));
            if (type.startsWith("application/json") || type.contains("+json")) return json(body);
        } catch (IllegalArgumentException | IOException malformed) {
            return null;
        }
        return null;
    }

    private String urlencoded(byte[] body) {
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            int eq = indexOf(body, (byte) '=', start, end);
            if (eq > start && field.equals(decode(body, start, eq))) return decode(body, eq + 1, end);
            start = end + 1;
        }
        return null;
    }

    private static String decode(byte[] body, int from, int to) {
        return URLDecoder.decode(new String(body, from, to - from, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    static String boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9);
                return b.length() > 1 && b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IllegalArgumentException("multipart without boundary");
    }

    private String multipart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] headersEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        String wanted = "name=\"" + field + "\"";
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            int contentStart = indexOf(body, headersEnd, headersStart);
            if (contentStart < 0) return null;
            String headers = new String(body, headersStart, contentStart - headersStart, StandardCharsets.UTF_8);
            int contentEnd = indexOf(body, next, contentStart + 4);
            if (contentEnd < 0) return null;
            for (String line : headers.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-disposition:", 0, 20) && Arrays.stream(line.split(";"))
                        .anyMatch(p -> p.trim().equals(wanted))) {
                    return new String(body, contentStart + 4, contentEnd - contentStart - 4, StandardCharsets.UTF_8);
                }
            }
            at = contentEnd + 2;
        }
        return null;
    }

    private String json(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name)) {
                    return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT ? parser.getText() : null;
                }
                parser.skipChildren(); // other values, the password among them, are never turned into strings
            }
            return null;
        }
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) if (data[i] == b) return i;
        return to;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }
}

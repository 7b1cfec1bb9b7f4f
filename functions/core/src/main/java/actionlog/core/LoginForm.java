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
 * without being turned into a string. A body that names the field twice, or a query string that names it too, is
 * ambiguous (the application may read either copy) and names no one.
 */
public record LoginForm(String method, String path, String field) {
    private static final JsonFactory JSON = new JsonFactory();

    /** The field's value, or null with the reason when there is none or it is ambiguous (null: simply absent). */
    public record Read(String value, String problem) {
        static final Read NONE = new Read(null, null);

        static Read ambiguous(String field, String where) {
            return new Read(null, "login form field " + field + " " + where + "; the application may read either copy, so no one is named");
        }
    }

    public static LoginForm parse(String spec, String setting) {
        String[] parts = spec.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].matches("[A-Za-z]+") || !parts[1].startsWith("/")) {
            throw new IllegalStateException(setting + "=" + spec + " is not 'METHOD /path field'; set e.g. POST /login username");
        }
        return new LoginForm(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2]);
    }

    /** Whether this request is the sign-in request. */
    public boolean matches(ViewerRequest request) {
        return method.equals(request.method()) && isFormPath(request.path());
    }

    /** Whether a path is the form's own (a redirect there after a sign-in is the form again: a failure). */
    public boolean isFormPath(String requestPath) {
        return SignInRules.pathMatches(path, requestPath);
    }

    /**
     * The field's value; none when the body is empty, too large, of another type, malformed, or lacks the field; none
     * with the reason when the body repeats the field or the query string ({@code rawQuery}) has it too.
     */
    public Read read(String contentType, byte[] body, String rawQuery) {
        if (body == null || body.length == 0 || body.length > Limits.MAX_LOGIN_BODY || contentType == null) return Read.NONE;
        String type = contentType.toLowerCase(Locale.ROOT);
        Read read;
        try {
            if (type.startsWith("application/x-www-form-urlencoded")) read = urlencoded(body);
            else if (type.startsWith("multipart/form-data")) read = multipart(body, boundary(contentType));
            else if (type.startsWith("application/json") || type.contains("+json")) read = json(body);
            else read = Read.NONE;
        } catch (IllegalArgumentException | IOException malformed) {
            return Read.NONE;
        }
        if (read.value() != null && rawQuery != null && !rawQuery.isEmpty()) {
            byte[] query = rawQuery.getBytes(StandardCharsets.UTF_8);
            try {
                if (urlencoded(query).value() != null || urlencoded(query).problem() != null) {
                    return Read.ambiguous(field, "is in the query string and in the body");
                }
            } catch (IllegalArgumentException malformed) {
                return Read.ambiguous(field, "may be in the query string (it does not decode)");
            }
        }
        return read;
    }

    private Read urlencoded(byte[] body) {
        int start = 0;
        String found = null;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            int eq = indexOf(body, (byte) '=', start, end);
            int nameEnd = eq < end ? eq : end;
            if (nameEnd > start && field.equals(decode(body, start, nameEnd))) {
                if (found != null) return Read.ambiguous(field, "is repeated");
                found = eq < end ? decode(body, eq + 1, end) : "";
            }
            start = end + 1;
        }
        return new Read(found, null);
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

    private Read multipart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] headersEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        String wanted = "name=\"" + field + "\"";
        String found = null;
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            int contentStart = indexOf(body, headersEnd, headersStart);
            if (contentStart < 0) break;
            String headers = new String(body, headersStart, contentStart - headersStart, StandardCharsets.UTF_8);
            int contentEnd = indexOf(body, next, contentStart + 4);
            if (contentEnd < 0) break;
            for (String line : headers.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-disposition:", 0, 20) && Arrays.stream(line.split(";"))
                        .anyMatch(p -> p.trim().equals(wanted))) {
                    if (found != null) return Read.ambiguous(field, "is repeated");
                    found = new String(body, contentStart + 4, contentEnd - contentStart - 4, StandardCharsets.UTF_8);
                }
            }
            at = contentEnd + 2;
        }
        return new Read(found, null);
    }

    private Read json(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return Read.NONE;
            String found = null;
            boolean seen = false;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name)) {
                    if (seen) return Read.ambiguous(field, "is a duplicate key");
                    seen = true;
                    found = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT ? parser.getText() : null;
                }
                parser.skipChildren(); // other values, the password among them, are never turned into strings
            }
            return new Read(found, null);
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

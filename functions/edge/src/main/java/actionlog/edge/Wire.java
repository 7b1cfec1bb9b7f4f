package actionlog.edge;

import actionlog.core.Utf8;
import java.nio.charset.StandardCharsets;

/**
 * Text as it travels in an HTTP/1.1 head. The HTTP library reads and writes heads as ISO-8859-1, one char per
 * byte, so every byte survives untouched; the edge keeps header values as UTF-8 text, and request targets as the
 * exact bytes the viewer sent.
 */
public final class Wire {
    private Wire() {}

    /** Text to its wire form: its UTF-8 bytes, one char per byte. */
    public static String fromText(String text) {
        return text == null ? null : new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Wire form to text: UTF-8 when the bytes are valid UTF-8, else one char per byte (ISO-8859-1, as RFC 9110 allows). */
    public static String toText(String wire) {
        if (wire == null) return null;
        String text = Utf8.decodeOrNull(wire.getBytes(StandardCharsets.ISO_8859_1));
        return text == null ? wire : text;
    }

    /**
     * A request target in the form events record: bytes a URL may not hold raw (controls, space, {@code " < > [ ] \ ^
     * ` { | }}, non-ASCII, invalid UTF-8) percent-encoded; percent-encodings the viewer sent stay as they are.
     */
    public static String percentEncoded(String wire) {
        StringBuilder out = null;
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            boolean raw = c > 0x20 && c < 0x7f && "\"<>[]\\^`{|}".indexOf(c) < 0;
            if (raw) {
                if (out != null) out.append(c);
            } else {
                if (out == null) out = new StringBuilder(wire.length() + 16).append(wire, 0, i);
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out == null ? wire : out.toString();
    }
}

package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void shouldDecodeTheText_whenTheBytesAreWellFormed() {
        assertEquals("café ☕ 𝄞", Utf8.decodeOrNull("café ☕ 𝄞".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", Utf8.decodeOrNull(new byte[0]));
    }

    @Test
    void shouldRefuse_whenTheBytesAreNotUtf8() {
        assertNull(Utf8.decodeOrNull(new byte[] {'a', (byte) 0xE9, 'b'})); // ISO-8859-1 é
        assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0xC0, (byte) 0xAF})); // overlong '/'
        assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})); // an encoded lone surrogate
        assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0xE2, (byte) 0x98})); // cut short
    }
}

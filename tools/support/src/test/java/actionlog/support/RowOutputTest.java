package actionlog.support;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowOutputTest {
    static String print(Output.Format format, List<String> columns, List<List<Object>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RowOutput.print(columns, rows, format, new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static final List<String> COLUMNS = List.of("url_path", "n");
    static final List<List<Object>> ROWS = List.of(List.of("/checkout", 30L), Arrays.asList("=HYPERLINK(\"http://x\")", null),
            List.of("/a\u001b[2J\u202e", 7L));

    @Test
    void shouldWriteOneObjectPerRow_whenJson() {
        assertEquals("[{\"url_path\":\"/checkout\",\"n\":30},{\"url_path\":\"=HYPERLINK(\\\"http://x\\\")\",\"n\":null},"
                + "{\"url_path\":\"/a\\u001B[2J\u202e\",\"n\":7}]\n", print(Output.Format.json, COLUMNS, ROWS));
    }

    @Test
    void shouldDefuseFormulasAndQuote_whenCsv() {
        // control and bidi characters are escaped in every format, CSV included
        assertEquals("url_path,n\n/checkout,30\n\"'=HYPERLINK(\"\"http://x\"\")\",\n/a\\x1b[2J\\u202e,7\n",
                print(Output.Format.csv, COLUMNS, ROWS));
        assertEquals("h\n\"{\"\"accept\"\":\"\"text/html\"\"}\"\n", print(Output.Format.csv, List.of("h"), List.of(List.of(Map.of("accept", "text/html")))));
    }

    @Test
    void shouldEscapeControlCharactersAndAlignNumbers_whenTable() {
        String table = print(Output.Format.table, COLUMNS, ROWS);
        assertEquals("""
                url_path                n
                -------------------------
                /checkout               30
                =HYPERLINK("http://x")
                /a\\x1b[2J\\u202e          7
                3 row(s)
                """, table);
    }
}

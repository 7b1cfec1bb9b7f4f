package actionlog.support;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    static String run(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), terminal);
        progress.update("replay: 90 sent, line 100");
        progress.update("replay: 190 sent, line 200");
        progress.done();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesWhereStandardErrorIsNotATerminal() {
        assertEquals("replay: 90 sent, line 100" + System.lineSeparator() + "replay: 190 sent, line 200" + System.lineSeparator(),
                run(false));
    }

    @Test
    void oneLineRewrittenInPlaceOnATerminal() {
        assertEquals("\rreplay: 90 sent, line 100\u001b[K\rreplay: 190 sent, line 200\u001b[K" + System.lineSeparator(), run(true));
    }

    @Test
    void whatALineQuotesCannotDriveTheTerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), true);
        progress.update("exporting user \u001b[2Jmallory\u202e\u009b: 3 event(s)");
        assertEquals("\rexporting user \\x1b[2Jmallory\\u202e\\x9b: 3 event(s)\u001b[K", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void standardErrorOfATestRunIsNotATerminal() {
        assertFalse(Progress.stderrIsTerminal());
    }
}

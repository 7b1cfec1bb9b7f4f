package actionlog.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Progress of a long command on standard error: one line rewritten in place ({@code \r}) on a terminal, plain
 * lines elsewhere (a file, a pipe, a CI log), where rewritten lines would run together.
 */
public final class Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private boolean shown;

    public Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Progress on {@code err}, the command's standard error, in place only when the process's standard error is a
     * terminal.
     */
    public static Progress stderr(PrintWriter err) {
        return new Progress(err, stderrIsTerminal());
    }

    /**
     * Whether standard error is a terminal: where the process's file descriptors can be read (Linux), whether
     * descriptor 2 is a tty; elsewhere whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | SecurityException | UnsupportedOperationException unknown) {
            // fall through
        }
        return System.console() != null;
    }

    /** Shows {@code line}, escaped for the terminal as {@link Output#terminal} does (it may quote what a user typed). */
    public void update(String line) {
        String safe = Output.terminal(line);
        if (terminal) {
            err.print("\r" + safe + "\u001b[K");
            err.flush();
        } else {
            err.println(safe);
        }
        shown = true;
    }

    /** Ends the progress: on a terminal the last line stays and the cursor moves below it. */
    public void done() {
        if (terminal && shown) err.println();
        shown = false;
    }
}

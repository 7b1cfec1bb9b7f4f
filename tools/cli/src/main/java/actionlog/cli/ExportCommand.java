package actionlog.cli;

import actionlog.core.ActionEvent;
import actionlog.support.EventStore;
import actionlog.support.Output;
import actionlog.support.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write events as JSON lines (the schema-v1 events, lossless; `replay` reads them back).",
        footer = {"", "Examples:", "  actionlog export --user alice --local --out alice.jsonl",
                "  actionlog export --session s_3f1a9c2b7d4e5f60a1b2 --since 7d > session.jsonl"})
final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;
    @Mixin QueryOptions query;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection which;

    @Option(names = "--out", description = "File to write (default: standard output).")
    Path out;

    @Override
    public Integer call() throws IOException {
        int limit = query.limit(0); // export everything unless asked otherwise
        EventStore.Selector selector = which.selector();
        List<ActionEvent> events;
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.stderr(err);
        try (DynamoDbClient dynamo = target.dynamo()) {
            events = new EventStore(dynamo, target.table(), err::println).find(selector, query.range(), query.filters(), limit,
                    n -> progress.update("exporting " + selector.label() + ": " + n + " event(s)"));
        }
        // the pages count only what the selector names; a user's total also has the anonymous events of their sessions
        progress.update("exporting " + selector.label() + ": " + events.size() + " event(s)");
        progress.done();
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut(); // flushed, never closed: standard output outlives the command
            write(events, stdout);
            stdout.flush();
            if (stdout.checkError()) throw new UncheckedIOException(new IOException("could not write to standard output; "
                    + "is the pipe closed? Pass --out FILE to write a file"));
        } else {
            try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                write(events, writer);
            }
        }
        err.println("exported " + events.size() + " event(s)" + (out == null ? "" : " to " + out));
        return 0;
    }

    private static void write(List<ActionEvent> events, Writer writer) throws IOException {
        for (ActionEvent e : events) {
            writer.write(Output.json(e.toJson())); // lossless: escapes read back as the same characters
            writer.write('\n');
        }
    }
}

package actionlog.cli;

import actionlog.core.Json;
import actionlog.core.Utf8;
import actionlog.support.Output;
import actionlog.support.Progress;
import actionlog.support.ops.DeadLetters;
import actionlog.support.ops.FallbackLines;
import actionlog.support.ops.QueueWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Queue operations: replay, recover, dlq peek, redrive. */
final class OpsCommands {
    private OpsCommands() {}

    /**
     * Reads FILE line by line, feeds what {@code extract} finds to the queue, prints progress and a summary. A line
     * that cannot be used (not UTF-8, not an event, refused by the queue) is skipped and reported by its number and
     * the reason, never by its content: a fallback log holds other users' data.
     */
    static int feed(TargetOptions target, Path file, double rate, Function<String, Optional<String>> extract, String verb,
                    PrintWriter out, PrintWriter err) {
        int lines = 0;
        int skipped = 0;
        List<QueueWriter.Rejection> unreadable = new java.util.ArrayList<>();
        QueueWriter.Summary summary;
        Progress progress = Progress.stderr(err);
        try (SqsClient sqs = target.sqs(); InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            QueueWriter writer = new QueueWriter(sqs, target.queueUrl(), QueueWriter.rate(rate, System::nanoTime));
            byte[] raw;
            while ((raw = readLine(in)) != null) {
                lines++;
                String line = Utf8.decodeOrNull(raw);
                if (line == null) {
                    unreadable.add(new QueueWriter.Rejection("line " + lines, "not valid UTF-8"));
                    continue;
                }
                if (line.isBlank()) continue;
                Optional<String> event;
                try {
                    event = extract.apply(line);
                } catch (RuntimeException e) {
                    unreadable.add(new QueueWriter.Rejection("line " + lines, "unreadable (" + e.getClass().getSimpleName() + ")"));
                    continue;
                }
                if (event.isEmpty()) {
                    skipped++;
                    continue;
                }
                writer.add(event.get(), "line " + lines);
                if (lines % 100 == 0) progress.update(verb + ": " + writer.sent() + " sent, line " + lines);
            }
            summary = writer.finish();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<QueueWriter.Rejection> rejected = new java.util.ArrayList<>(unreadable);
        rejected.addAll(summary.rejected());
        rejected.sort(java.util.Comparator.comparingInt(r -> lineNumber(r.where())));
        progress.done();
        out.println(verb + ": " + summary.sent() + " sent, " + rejected.size() + " rejected"
                + (skipped > 0 ? ", " + skipped + " other line(s) skipped" : "") + " (from " + file + ")");
        rejected.stream().limit(20).forEach(r -> out.println("  rejected " + r.where() + ": " + reasonOnly(r.reason())));
        if (rejected.size() > 20) out.println("  … and " + (rejected.size() - 20) + " more");
        return rejected.isEmpty() ? 0 : Main.RUNTIME_ERROR;
    }

    /** A rejection reason as printed: one line, bounded, terminal-safe (a parser's message may quote the input). */
    static String reasonOnly(String reason) {
        String line = reason.lines().findFirst().orElse("");
        return Output.terminal(line.length() > 160 ? line.substring(0, 160) + "…" : line);
    }

    private static int lineNumber(String where) {
        try {
            return Integer.parseInt(where.substring(where.lastIndexOf(' ') + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** The next line's bytes without its end-of-line (LF or CRLF), or null at the end. */
    static byte[] readLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') break;
            line.write(b);
        }
        if (!any) return null;
        byte[] bytes = line.toByteArray();
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? java.util.Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }

    /** What replay and recover share: a target, a file of lines, a rate; they differ in how a line yields an event. */
    abstract static class Feed implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin TargetOptions target;

        @Parameters(paramLabel = "FILE", description = "The file to read, one record per line.")
        Path file;

        @Option(names = "--rate", description = "At most this many events per second (default: as fast as possible).")
        double rate;

        abstract Optional<String> event(String line);

        @Override
        public Integer call() {
            return feed(target, file, rate, this::event, spec.name(), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Send recorded events (JSON lines, e.g. from `export`) into a stack's queue. Idempotent: "
                    + "replaying a file twice stores each event once.",
            footer = {"", "Examples:", "  actionlog replay alice.jsonl --local",
                    "  actionlog replay traffic.jsonl --rate 200 --endpoint-url http://localhost:4566 --region us-east-1",
                    "  actionlog replay traffic.jsonl --stack Actionlog --region eu-west-3"})
    static final class Replay extends Feed {
        @Override
        Optional<String> event(String line) {
            return Optional.of(line);
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = "Re-ingest events the edge wrote to its fallback sink while SQS was unavailable (its log lines: "
                    + "a CloudWatch Logs export, or ~/.actionlog/fallback.log locally). Other lines are skipped.",
            footer = {"", "Examples:", "  actionlog recover ~/.actionlog/fallback.log --local",
                    "  aws logs filter-log-events --log-group-name <edge log group> --filter-pattern '{ $.actionlog = \"fallback\" }' \\",
                    "      --query 'events[].message' --output text | tr '\\t' '\\n' > fallback.log",
                    "  actionlog recover fallback.log --stack Actionlog"})
    static final class Recover extends Feed {
        @Override
        Optional<String> event(String line) {
            return FallbackLines.event(line);
        }
    }

    @Command(name = "dlq", mixinStandardHelpOptions = true, description = "Inspect the dead-letter queue.",
            subcommands = Peek.class)
    static final class Dlq implements Runnable {
        @Override
        public void run() {
            throw new IllegalArgumentException("use `actionlog dlq peek`");
        }
    }

    @Command(name = "peek", mixinStandardHelpOptions = true,
            description = "Show messages waiting in the dead-letter queue and why they failed; leaves them in place.",
            footer = {"", "Examples:", "  actionlog dlq peek --local", "  actionlog dlq peek --stack Actionlog -o json"})
    static final class Peek implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin TargetOptions target;

        @Option(names = "--max", description = "At most N messages. Default: ${DEFAULT-VALUE}.")
        int max = 50;

        @Option(names = {"-o", "--output"}, description = "table or json. Default: ${DEFAULT-VALUE}.")
        String output = "table";

        @Override
        public Integer call() {
            List<DeadLetters.Waiting> waiting;
            try (SqsClient sqs = target.sqs()) {
                waiting = new DeadLetters(sqs, target.dlqUrl(), null).peek(max); // only the DLQ: no events queue needed
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.equals("json")) {
                out.println(Output.json(Json.write(waiting.stream().map(w -> Map.of("messageId", w.messageId(),
                        "sentAt", String.valueOf(w.sentAt()), "receives", w.receives(), "reason", w.reason(), "body", w.body())).toList())));
                return 0;
            }
            if (waiting.isEmpty()) {
                out.println("the dead-letter queue is empty");
                return 0;
            }
            for (DeadLetters.Waiting w : waiting) { // a message body and its failure reason quote captured data
                out.println(Output.terminal(w.messageId()) + "  sent " + w.sentAt());
                out.println("  reason: " + Output.terminal(w.reason()));
                out.println("  body:   " + Output.terminal(w.body()));
            }
            out.println(waiting.size() + " message(s); move them back with `actionlog redrive`");
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Move the dead-letter queue's messages back to the events queue (after fixing the cause).",
            footer = {"", "Examples:", "  actionlog redrive --local --dry-run", "  actionlog redrive --stack Actionlog"})
    static final class Redrive implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin TargetOptions target;

        @Option(names = "--dry-run", description = "Only say how many messages would move.")
        boolean dryRun;

        @Override
        public Integer call() {
            try (SqsClient sqs = target.sqs()) {
                DeadLetters dlq = new DeadLetters(sqs, target.dlqUrl(), target.queueUrl());
                if (dryRun) {
                    spec.commandLine().getOut().println("would move " + dlq.depth() + " message(s) from the dead-letter queue back to the events queue");
                    return 0;
                }
                DeadLetters.Redrive result = dlq.redrive();
                spec.commandLine().getOut().println("redrive (" + result.method() + "): " + result.moved() + " message(s) moved back; " + result.detail());
            }
            return 0;
        }
    }
}

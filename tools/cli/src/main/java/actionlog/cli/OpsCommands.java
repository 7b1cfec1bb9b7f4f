package actionlog.cli;

import actionlog.core.Json;
import actionlog.support.Progress;
import actionlog.support.ops.DeadLetters;
import actionlog.support.ops.FallbackLines;
import actionlog.support.ops.QueueWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Queue operations: replay, recover, dlq peek, redrive. */
final class OpsCommands {
    private OpsCommands() {}

    /** Reads FILE line by line, feeds what {@code extract} finds to the queue, prints progress and a summary. */
    static int feed(TargetOptions target, Path file, double rate, Function<String, Optional<String>> extract, String verb) {
        int lines = 0;
        int skipped = 0;
        QueueWriter.Summary summary;
        Progress progress = Progress.stderr();
        try (SqsClient sqs = target.sqs(); BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            QueueWriter writer = new QueueWriter(sqs, target.queueUrl(), QueueWriter.rate(rate, System::nanoTime));
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (line.isBlank()) continue;
                Optional<String> event = extract.apply(line);
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
        progress.done();
        System.out.println(verb + ": " + summary.sent() + " sent, " + summary.rejected().size() + " rejected"
                + (skipped > 0 ? ", " + skipped + " other line(s) skipped" : "") + " (from " + file + ")");
        summary.rejected().stream().limit(20).forEach(r -> System.out.println("  rejected " + r.where() + ": " + r.reason()));
        if (summary.rejected().size() > 20) System.out.println("  … and " + (summary.rejected().size() - 20) + " more");
        return summary.rejected().isEmpty() ? 0 : Main.RUNTIME_ERROR;
    }

    /** What replay and recover share: a target, a file of lines, a rate; they differ in how a line yields an event. */
    abstract static class Feed implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Parameters(paramLabel = "FILE", description = "The file to read, one record per line.")
        Path file;

        @Option(names = "--rate", description = "At most this many events per second (default: as fast as possible).")
        double rate;

        abstract Optional<String> event(String line);

        @Override
        public Integer call() {
            return feed(target, file, rate, this::event, getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
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
            if (output.equals("json")) {
                System.out.println(Json.write(waiting.stream().map(w -> Map.of("messageId", w.messageId(),
                        "sentAt", String.valueOf(w.sentAt()), "receives", w.receives(), "reason", w.reason(), "body", w.body())).toList()));
                return 0;
            }
            if (waiting.isEmpty()) {
                System.out.println("the dead-letter queue is empty");
                return 0;
            }
            for (DeadLetters.Waiting w : waiting) {
                System.out.println(w.messageId() + "  sent " + w.sentAt());
                System.out.println("  reason: " + w.reason());
                System.out.println("  body:   " + w.body().replace('\n', ' '));
            }
            System.out.println(waiting.size() + " message(s); move them back with `actionlog redrive`");
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Move the dead-letter queue's messages back to the events queue (after fixing the cause).",
            footer = {"", "Examples:", "  actionlog redrive --local --dry-run", "  actionlog redrive --stack Actionlog"})
    static final class Redrive implements Callable<Integer> {
        @Mixin TargetOptions target;

        @Option(names = "--dry-run", description = "Only say how many messages would move.")
        boolean dryRun;

        @Override
        public Integer call() {
            try (SqsClient sqs = target.sqs()) {
                DeadLetters dlq = new DeadLetters(sqs, target.dlqUrl(), target.queueUrl());
                if (dryRun) {
                    System.out.println("would move " + dlq.depth() + " message(s) from the dead-letter queue back to the events queue");
                    return 0;
                }
                DeadLetters.Redrive result = dlq.redrive();
                System.out.println("redrive (" + result.method() + "): " + result.moved() + " message(s) moved back; " + result.detail());
            }
            return 0;
        }
    }
}

package actionlog.chain;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.cli.CliRun;
import actionlog.core.ActionEvent;
import actionlog.core.Json;
import actionlog.core.TableSchema;
import actionlog.edge.FallbackSink;
import actionlog.support.ops.DeadLetters;
import actionlog.support.ops.QueueWriter;
import actionlog.testkit.Eventually;
import actionlog.testkit.chain.StackFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Export → replay round trips, idempotent replay, DLQ peek and redrive, and recovery of fallback lines. */
abstract class ReplayContract {
    static StackFixture stack;

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    static String event(String user, String id, String path) {
        return Json.write(Map.of("schema_version", 1, "event.id", id, "event.received_at", Instant.now().toString(),
                "user.id", user, "http.request.method", "POST", "url.path", path, "http.response.status_code", 201,
                "client.address", "203.0.113.9", "session.id", "s_replay"));
    }

    /** Replays lines with the same code path the `replay` command uses. */
    static QueueWriter.Summary replay(List<String> lines) {
        QueueWriter writer = new QueueWriter(stack.runtime.sqs(), stack.runtime.queueUrl(), n -> {});
        for (int i = 0; i < lines.size(); i++) writer.add(lines.get(i), "line " + (i + 1));
        return writer.finish();
    }

    @Test
    void exportThenReplayIntoAnEmptiedTableIsLossless() {
        for (int i = 0; i < 3; i++) {
            stack.sendRaw(event("roundtrip", "rt-" + i + "-" + UUID.randomUUID(), "/step/" + i));
        }
        List<ActionEvent> before = stack.awaitEvents("roundtrip", 3);
        List<String> exported = before.stream().map(ActionEvent::toJson).toList();
        // the table is lost (not an erasure: forget would put the user on the suppression list and replay would not restore)
        for (ActionEvent e : before) {
            stack.runtime.dynamo().deleteItem(r -> r.tableName(stack.runtime.table()).key(java.util.Map.of(
                    TableSchema.PK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(actionlog.core.ItemMapper.userKey(e.userId())),
                    TableSchema.SK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                            actionlog.core.ItemMapper.sortKey(e.receivedAt().toEpochMilli(), e.id())))));
        }
        assertTrue(stack.events("roundtrip").isEmpty());

        QueueWriter.Summary summary = replay(exported);
        assertEquals(3, summary.sent());
        assertEquals(List.of(), summary.rejected());
        List<ActionEvent> after = stack.awaitEvents("roundtrip", 3);
        assertEquals(before.stream().map(ActionEvent::fields).toList(), after.stream().map(ActionEvent::fields).toList(),
                "same ids, same fields");
    }

    @Test
    void replayingTheSameFileTwiceAddsNothingAndBadLinesAreRejectedWithAReason() {
        List<String> lines = List.of(event("twice", "tw-1", "/a"), event("twice", "tw-2", "/b"), "{\"schema_version\":1}", "garbage");
        QueueWriter.Summary first = replay(lines);
        QueueWriter.Summary second = replay(lines);
        assertEquals(2, first.sent());
        assertEquals(2, second.sent());
        assertEquals(List.of(new QueueWriter.Rejection("line 3", "missing required field event.id"),
                new QueueWriter.Rejection("line 4", first.rejected().get(1).reason())), first.rejected());
        assertTrue(first.rejected().get(1).reason().startsWith("not a JSON event"));
        stack.awaitDrained();
        assertEquals(2, stack.events("twice").size());
    }

    @Test
    void aPoisonMessageIsPeekedWithItsReasonAndRedriveMovesItBack() {
        String poison = "{\"schema_version\":7,\"note\":\"" + UUID.randomUUID() + "\"}";
        stack.sendRaw(poison);
        DeadLetters dlq = new DeadLetters(stack.runtime.sqs(), stack.runtime.dlqUrl(), stack.runtime.queueUrl());
        List<DeadLetters.Waiting> waiting = Eventually.until(StackFixture.WAIT, () -> dlq.peek(50),
                w -> w.stream().anyMatch(x -> x.body().equals(poison)), "the poison message in the DLQ");
        DeadLetters.Waiting mine = waiting.stream().filter(x -> x.body().equals(poison)).findFirst().orElseThrow();
        assertEquals("unsupported schema_version 7; this consumer reads version 1", mine.reason());
        assertTrue(dlq.peek(50).stream().anyMatch(x -> x.body().equals(poison)), "peek leaves it in place");

        stack.runtime.stopConsumer(); // so the moved message can be seen on the events queue
        try {
            DeadLetters.Redrive result = dlq.redrive();
            assertTrue(result.moved() >= 1, result.toString());
            Eventually.until(StackFixture.WAIT, () -> stack.runtime.sqs().receiveMessage(r -> r.queueUrl(stack.runtime.queueUrl())
                    .maxNumberOfMessages(10).visibilityTimeout(0).waitTimeSeconds(1)).messages(),
                    m -> m.stream().anyMatch(x -> x.body().equals(poison)), "the poison message back on the events queue");
        } finally {
            stack.runtime.startConsumer();
        }
    }

    @Test
    void fallbackLinesAreRecovered() throws Exception {
        Path log = Files.createTempFile("fallback", ".log");
        FallbackSink sink = new FallbackSink(line -> {
            try {
                // as CloudWatch Logs exports it: a timestamp, then the line
                Files.writeString(log, "2026-11-22T14:05:00.000Z " + line + "\nSTART RequestId: x Version: 1\n",
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        sink.write(event("recovered", "rc-1", "/lost/1"), "SQS send timed out");
        sink.write(event("recovered", "rc-2", "/lost/2"), "SQS send failed: connection refused");

        CliRun run = CliRun.of(targetArgs("recover", log.toString()));
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().startsWith("recover: 2 sent, 0 rejected, 2 other line(s) skipped"), run.out());
        assertEquals(List.of("/lost/1", "/lost/2"),
                stack.awaitEvents("recovered", 2).stream().map(e -> e.string(ActionEvent.F_PATH)).toList());
    }

    @Test
    void replayWritesPlainProgressLinesWhenStandardErrorIsNotATerminal() throws Exception {
        Path file = Files.createTempFile("replay", ".jsonl");
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) lines.add(event("progress", "pr-" + i + "-" + UUID.randomUUID(), "/p/" + i));
        Files.write(file, lines);
        CliRun run = CliRun.of(targetArgs("replay", file.toString()));
        assertEquals(0, run.code(), run.out() + run.err());
        // batches of 10 leave as the next event arrives: 90 sent when line 100 is read
        assertEquals(List.of("replay: 90 sent, line 100", "replay: 190 sent, line 200"), run.err().lines().toList());
        assertEquals("replay: 250 sent, 0 rejected (from " + file + ")", run.out().trim());
    }

    @Test
    void dlqPeekNeedsOnlyTheDlqUrl() {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        // no --queue-url and a stack that does not exist: peek must not look for the events queue
        CliRun run = CliRun.of("dlq", "peek", "--endpoint-url", stack.runtime.sqsEndpoint().toString(), "--region",
                stack.runtime.region().id(), "--dlq-url", stack.runtime.dlqUrl(), "--stack", "NoSuchActionlogStack", "-o", "json");
        assertEquals(0, run.code(), run.out() + run.err());
    }

    @Test
    void replayWithoutAQueueNamesTheOptionThatGivesIt() throws Exception {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        Path file = Files.createTempFile("replay", ".jsonl");
        Files.writeString(file, event("noqueue", "nq-1", "/x") + "\n");
        CliRun run = CliRun.of("replay", file.toString(), "--endpoint-url", stack.runtime.sqsEndpoint().toString(), "--region",
                stack.runtime.region().id(), "--stack", "NoSuchActionlogStack");
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("pass --queue-url (or $ACTIONLOG_QUEUE_URL)"), run.err());
        assertFalse(run.err().contains("--table"), run.err());
    }

    /** Arguments that point a command at this fixture's queue and table (with dummy credentials, as the CLI needs some). */
    static String[] targetArgs(String... command) {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--endpoint-url", stack.runtime.sqsEndpoint().toString(), "--region", stack.runtime.region().id(),
                "--queue-url", stack.runtime.queueUrl(), "--dlq-url", stack.runtime.dlqUrl(), "--table", stack.runtime.table()));
        return args.toArray(String[]::new);
    }
}

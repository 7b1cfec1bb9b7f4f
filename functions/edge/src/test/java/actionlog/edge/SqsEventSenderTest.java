package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

class SqsEventSenderTest {

    @Test
    void unreachableQueueFailsOpenIntoTheFallbackSinkWithTheWholeEvent() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        FallbackSink fallback = new FallbackSink(lines::add);
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.EU_WEST_3).credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .httpClient(UrlConnectionHttpClient.create()).build();
             SqsEventSender sender = new SqsEventSender(sqs, "http://127.0.0.1:9/q", fallback, Duration.ofSeconds(10), 1)) {
            ActionEvent event = new ActionEvent().put(ActionEvent.F_ID, "e1").put(ActionEvent.F_USER, "alice");
            sender.send(event).get(); // never fails
        }
        assertEquals(1, lines.size());
        assertEquals(1, fallback.count());
        Map<String, Object> line = Json.readObject(lines.get(0));
        assertEquals(FallbackSink.MARKER_VALUE, line.get(FallbackSink.MARKER_KEY));
        assertTrue(((String) line.get("reason")).startsWith("SQS send failed"), (String) line.get("reason"));
        assertEquals("alice", ((Map<?, ?>) line.get("event")).get(ActionEvent.F_USER));
        assertEquals(1, line.get(FallbackSink.METRIC), "the line is an EMF metric record");
        assertNotNull(((Map<?, ?>) line.get("_aws")).get("CloudWatchMetrics"));
    }

    @Test
    void aSlowQueueTimesOutIntoTheFallbackSink() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket blackHole = new java.net.ServerSocket(0);
             SqsClient sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + blackHole.getLocalPort()))
                     .region(Region.EU_WEST_3).credentialsProvider(AnonymousCredentialsProvider.create())
                     .httpClient(UrlConnectionHttpClient.create()).build();
             SqsEventSender sender = new SqsEventSender(sqs, "http://127.0.0.1/q", new FallbackSink(lines::add), Duration.ofMillis(200), 1)) {
            sender.send(new ActionEvent().put(ActionEvent.F_ID, "slow")).get();
        }
        assertEquals(1, lines.size());
        assertEquals("SQS send timed out", Json.readObject(lines.get(0)).get("reason"));
    }

    @Test
    void theFallbackSinkWritesAnyStringAsOneEncodableLine() {
        List<String> lines = new CopyOnWriteArrayList<>();
        FallbackSink sink = new FallbackSink(lines::add);
        String lone = new ActionEvent().put(ActionEvent.F_ID, "e\ud800").put(ActionEvent.F_USER, "u\uffff").toJson();
        sink.write(lone, "SQS refused the message: InvalidMessageContents (HTTP 400)");
        sink.write("not json at all \udc00\u0001", "reason \ud800");
        assertEquals(2, lines.size());
        for (String line : lines) {
            assertFalse(line.chars().anyMatch(c -> Character.isSurrogate((char) c) || c == 0xffff || c < 0x20), line);
        }
        assertEquals("e\ud800", ((Map<?, ?>) Json.readObject(lines.get(0)).get("event")).get(ActionEvent.F_ID));
        assertEquals("not json at all \udc00\u0001", Json.readObject(lines.get(1)).get("event"), "kept as text, never lost");
    }
}

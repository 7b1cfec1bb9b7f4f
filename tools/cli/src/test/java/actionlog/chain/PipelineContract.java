package actionlog.chain;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EdgeProtocol;
import actionlog.core.Identity;
import actionlog.core.Json;
import actionlog.core.QueueLimits;
import actionlog.testkit.Eventually;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole chain — real edge and consumer handlers, a real loopback origin — against whatever queue and table
 * a subclass starts: the embedded emulators or LocalStack. One set of tests, one set of helpers.
 */
abstract class PipelineContract {
    static TestOrigin origin;
    static StackFixture stack;

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (origin != null) origin.close();
    }

    @Test
    void postWithABodyIsProxiedUnchangedAndStoredWithTheExactFields() {
        HttpResponse<byte[]> response = stack.send("POST", "/orders?page=2&token=abc", "{\"item\":42}".getBytes(StandardCharsets.UTF_8),
                "X-User-Id", "alice-it", "Authorization", "Bearer s3cr3t", "Cookie", "session=sess-it; theme=dark",
                "Content-Type", "application/json", "User-Agent", "it-agent/1.0");
        assertEquals(201, response.statusCode());
        assertEquals("{\"item\":42}", new String(response.body(), StandardCharsets.UTF_8));

        ActionEvent event = stack.awaitEvents("alice-it", 1).get(0);
        assertEquals("POST", event.get(F_METHOD));
        assertEquals("/orders", event.get(F_PATH));
        assertEquals("page=2&token=[REDACTED]", event.get(F_QUERY));
        assertEquals(201L, event.number(F_STATUS));
        assertEquals(11L, event.number(F_BODY_SIZE));
        assertEquals("127.0.0.1", event.clientAddress());
        assertEquals(Identity.HEADER, event.get(F_USER_SOURCE));
        assertEquals(Identity.sessionId("sess-it"), event.sessionId());
        assertEquals("it-agent/1.0", event.get(F_USER_AGENT));
        assertEquals("proxy", event.get(F_MODE));
        assertEquals("Bearer [REDACTED]", event.get(F_HEADER_PREFIX + "authorization"));
        assertTrue(event.number(F_LATENCY) >= 0);
        assertTrue(Instant.parse(event.string(F_TIME)).isAfter(Instant.now().minusSeconds(60)));

        // the stored item itself, every attribute, holds no secret
        List<Map<String, AttributeValue>> raw = stack.runtime.dynamo().query(r -> r.tableName(stack.runtime.table())
                .keyConditionExpression("pk = :k").expressionAttributeValues(Map.of(":k", AttributeValue.fromS("u#alice-it")))).items();
        assertEquals(1, raw.size());
        String stored = raw.toString();
        for (String secret : List.of("s3cr3t", "token=abc", "sess-it")) assertFalse(stored.contains(secret), secret + " stored: " + stored);
    }

    @Test
    void everyMethodWithABodyWorksThroughTheHttpEdge() {
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            String marker = "body-of-" + method;
            HttpResponse<byte[]> response = stack.send(method, "/things/1", marker.getBytes(StandardCharsets.UTF_8),
                    "X-User-Id", "methods-it");
            assertEquals(200, response.statusCode(), method);
            assertTrue(origin.received.stream().anyMatch(r -> r.method().equals(method)
                    && new String(r.body(), StandardCharsets.UTF_8).equals(marker)), method);
        }
        List<ActionEvent> events = stack.awaitEvents("methods-it", 3);
        assertEquals(List.of("PUT", "PATCH", "DELETE"), events.stream().map(e -> e.string(F_METHOD)).toList());
    }

    @Test
    void binaryBodiesAndRepeatedSetCookieComeBackByteIdentical() {
        HttpResponse<byte[]> response = stack.send("GET", "/binary", null, "X-User-Id", "binary-it");
        assertEquals(200, response.statusCode());
        assertArrayEquals(TestOrigin.BINARY, response.body());
        List<String> cookies = response.headers().allValues("set-cookie");
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), cookies.subList(0, 2), "the origin's, byte-identical");
        assertTrue(cookies.size() == 3 && cookies.get(2).startsWith("actionlog_bid="), "then the edge's browser cookie: " + cookies);
        assertEquals("kept", response.headers().firstValue("x-custom").orElse(null));
    }

    @Test
    void theSameMessageDeliveredTwiceIsStoredOnce() {
        String id = "dup-" + UUID.randomUUID();
        String body = Json.write(Map.of("schema_version", 1, "event.id", id, "event.received_at", Instant.now().toString(),
                "user.id", "dup-it", "http.request.method", "GET", "url.path", "/twice"));
        stack.sendRaw(body);
        stack.sendRaw(body);
        stack.awaitDrained();
        assertEquals(1, stack.byEventId(id).size());
        assertEquals(1, stack.events("dup-it").size());
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueue() {
        String poison = "not an event " + UUID.randomUUID();
        stack.sendRaw(poison);
        Eventually.until(StackFixture.WAIT, stack::peekDlq, m -> m.stream().anyMatch(x -> x.body().equals(poison)),
                "the poison message in the DLQ after " + QueueLimits.MAX_RECEIVE_COUNT + " receives");
    }

    @Test
    void healthIsServedByTheEdge() {
        HttpResponse<byte[]> response = stack.send("GET", EdgeProtocol.HEALTH_PATH, null);
        assertEquals(200, response.statusCode());
        assertEquals("proxy", Json.readObject(new String(response.body(), StandardCharsets.UTF_8)).get("mode"));
    }
}

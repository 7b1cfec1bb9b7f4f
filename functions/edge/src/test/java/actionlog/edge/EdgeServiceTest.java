package actionlog.edge;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.core.Identity;
import actionlog.core.SettingCatalog;
import actionlog.testkit.TestOrigin;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeServiceTest extends EdgeTestBase {

    @Test
    void proxyModeForwardsPostWithItsBodyAndCapturesTheOutcome() {
        // the fixture names its user in X-User-Id, trusted here explicitly (the edge trusts no request header by default);
        // CloudFront's headers are trusted only on requests that carry the origin secret
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url(), Env.TRUST_CLOUDFRONT_HEADERS, "true",
                SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id", "SECRET", "right-secret");
        FunctionUrlAdapter.Result outcome = edge.handle(fixture("function-url-post.json"));

        assertEquals(201, outcome.response().getStatusCode());
        assertEquals("{\"item\":42}", outcome.response().getBody());
        TestOrigin.Received got = origin.received.poll();
        assertEquals("POST", got.method());
        assertEquals("/orders", got.path());
        assertEquals("page=2&token=abc", got.query(), "the origin gets the query unredacted");
        assertEquals("{\"item\":42}", new String(got.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("Bearer s3cr3t"), got.headers().get("Authorization"));
        assertEquals(List.of("session=sess-42; theme=dark"), got.headers().get("Cookie"));
        assertNull(got.headers().get("X-actionlog-origin-secret"), "the origin secret never reaches the origin");
        assertEquals(List.of("203.0.113.7, 130.176.0.1"), got.headers().get("X-forwarded-for"));

        ActionEvent event = sender.events.get(0);
        assertEquals("cf-req-0001", event.id(), "the origin secret proves CloudFront sent it: its request id is the event id");
        assertEquals("alice", event.userId());
        assertEquals(Identity.sessionId("sess-42"), event.sessionId());
        assertEquals("203.0.113.7", event.clientAddress());
        assertEquals("FR", event.get(F_COUNTRY));
        assertEquals("POST", event.get(F_METHOD));
        assertEquals("/orders", event.get(F_PATH));
        assertEquals("page=2&token=[REDACTED]", event.get(F_QUERY));
        assertEquals(11L, event.number(F_BODY_SIZE));
        assertEquals(201L, event.number(F_STATUS));
        assertNotNull(event.number(F_LATENCY));
        assertEquals("2026-11-22T14:05:00Z", event.get(F_TIME));
        String json = event.toJson();
        assertFalse(json.contains("s3cr3t") || json.contains("token=abc") || json.contains("sess-42") || json.contains("right-secret"), json);
    }

    @Test
    void shouldSendTheEventOnlyWhenAsked_whenTheTransportAnswersFirst() {
        Map<String, String> env = Map.of(Env.QUEUE_URL, "http://queue");
        EdgeService edge = new EdgeService(EdgeConfig.fromEnvironment(new actionlog.core.Settings(env), null), sender);
        actionlog.core.ViewerRequest page = new actionlog.core.ViewerRequest("req-1", 1_795_356_300_000L, "GET", "https",
                "shop.example", "/cart", "", Map.of(), "203.0.113.7", 0);

        EdgeService.Answer answer = edge.answer(page, new byte[0], null);
        assertEquals(204, answer.response().status());
        assertEquals("/cart", answer.event().get(F_PATH));
        assertTrue(sender.events.isEmpty(), "answering sends nothing");
        assertTrue(edge.send(answer).sent().isDone());
        assertEquals(List.of(answer.event()), sender.events);

        actionlog.core.ViewerRequest health = new actionlog.core.ViewerRequest("req-2", 1_795_356_300_000L, "GET", "https",
                "shop.example", EdgeProtocol.HEALTH_PATH, "", Map.of(), "203.0.113.7", 0);
        EdgeService.Answer healthy = edge.answer(health, new byte[0], null);
        assertNull(healthy.event(), "the health answer records nothing");
        edge.send(healthy);
        assertEquals(1, sender.events.size());
    }

    @Test
    void everyMethodWithABodyIsForwarded() {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url());
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            APIGatewayV2HTTPEvent event = fixture("function-url-post.json");
            event.getRequestContext().getHttp().setMethod(method);
            APIGatewayV2HTTPResponse response = edge.handle(event).response();
            assertTrue(response.getStatusCode() < 300, method + " → " + response.getStatusCode());
            TestOrigin.Received got = origin.received.poll();
            assertEquals(method, got.method());
            assertEquals("{\"item\":42}", new String(got.body(), StandardCharsets.UTF_8), method);
        }
    }

    @Test
    void binaryResponsesAndMultipleCookiesComeBackUnchanged() {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url());
        APIGatewayV2HTTPEvent event = fixture("function-url-post.json");
        event.setRawPath("/binary");
        APIGatewayV2HTTPResponse response = edge.handle(event).response();
        assertEquals(200, response.getStatusCode());
        assertTrue(response.getIsBase64Encoded());
        assertArrayEquals(TestOrigin.BINARY, Base64.getDecoder().decode(response.getBody()));
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), response.getCookies().subList(0, 2), "the origin's, unchanged");
        assertEquals(3, response.getCookies().size());
        assertTrue(response.getCookies().get(2).matches("actionlog_bid=[A-Za-z0-9_-]+; Path=/; Max-Age=34560000; HttpOnly; Secure; SameSite=Lax"),
                "then the edge's own browser cookie (a first visit): " + response.getCookies().get(2));
        assertEquals("kept", response.getHeaders().get("x-custom"));
        assertFalse(response.getHeaders().containsKey("content-length"));
    }

    @Test
    void originDownGives502AndStillCaptures() {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), "http://127.0.0.1:9");
        APIGatewayV2HTTPResponse response = edge.handle(fixture("function-url-post.json")).response();
        assertEquals(502, response.getStatusCode());
        assertTrue(response.getBody().contains("did not answer"), response.getBody());
        ActionEvent event = sender.events.get(0);
        assertEquals(502L, event.number(F_STATUS));
        assertNotNull(event.get("actionlog.origin_error"));
    }

    @Test
    void collectModeAnswers204AndCaptures() {
        FunctionUrlAdapter edge = service();
        FunctionUrlAdapter.Result outcome = edge.handle(fixture("function-url-post.json"));
        assertEquals(204, outcome.response().getStatusCode());
        assertEquals("collect", sender.events.get(0).get(F_MODE));
        assertNull(sender.events.get(0).get(F_STATUS), "collect mode knows no application status");
    }

    @Test
    void originSecretIsCheckedAndDirectCallsAreRefused() {
        FunctionUrlAdapter edge = service("SECRET", "right-secret");
        assertEquals(204, edge.handle(fixture("function-url-post.json")).response().getStatusCode());
        APIGatewayV2HTTPEvent direct = fixture("function-url-post.json");
        direct.getHeaders().remove("x-actionlog-origin-secret");
        assertEquals(403, edge.handle(direct).response().getStatusCode());
        APIGatewayV2HTTPEvent wrong = fixture("function-url-post.json");
        wrong.getHeaders().put("x-actionlog-origin-secret", "right-secreT");
        assertEquals(403, edge.handle(wrong).response().getStatusCode());
        assertEquals(1, sender.events.size());
    }

    @Test
    void beaconIsRecordedWithCors() {
        FunctionUrlAdapter edge = service(SettingCatalog.CORS_ORIGINS.env(), "https://shop.example.com", SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id");
        APIGatewayV2HTTPResponse response = edge.handle(fixture("function-url-beacon.json")).response();
        assertEquals(204, response.getStatusCode());
        assertEquals("https://shop.example.com", response.getHeaders().get("access-control-allow-origin"));
        ActionEvent event = sender.events.get(0);
        assertEquals(KIND_BEACON, event.get(F_KIND));
        assertEquals("add_to_cart", event.get(F_ACTION));
        assertEquals("bob", event.userId());
        assertEquals(Map.of("sku", "A-1", "qty", 2), event.get(F_PROPERTIES));
    }

    @Test
    void badBeaconsGetAClearAnswerAndAreStillRecorded() {
        FunctionUrlAdapter edge = service();
        Map<String, Integer> cases = Map.of("{not json", 400, "{\"properties\":{}}", 400, "{\"action\":\"a\",\"properties\":[1]}", 400,
                "{\"action\":\"" + "x".repeat(70_000) + "\"}", 413);
        cases.forEach((body, status) -> {
            APIGatewayV2HTTPEvent event = fixture("function-url-beacon.json");
            event.setBody(body);
            APIGatewayV2HTTPResponse response = edge.handle(event).response();
            assertEquals(status, response.getStatusCode(), body.length() > 50 ? "oversize" : body);
            assertTrue(response.getBody().contains("\"error\""));
        });
        assertEquals(cases.size(), sender.events.size());
        assertTrue(sender.events.stream().allMatch(e -> e.get("actionlog.error") != null));
    }

    @Test
    void healthAnswersWithoutCapturing() {
        APIGatewayV2HTTPEvent event = fixture("function-url-beacon.json");
        event.setRawPath(EdgeProtocol.HEALTH_PATH);
        APIGatewayV2HTTPResponse response = service().handle(event).response();
        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().contains("\"collect\""));
        assertTrue(sender.events.isEmpty());
    }
}

package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Env;
import actionlog.core.Metrics;
import actionlog.core.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EdgeHandlerTest {

    /** Without the post-response extension the handler waits for the send; a send that never ends must not cost the response. */
    @Test
    void aSendThatTimesOutNeverBreaksTheResponse() {
        EventSender stuck = event -> new CompletableFuture<>(); // never completes
        EdgeService service = new EdgeService(EdgeConfig.fromEnvironment(new Settings(Map.of(Env.QUEUE_URL, "http://queue")), null),
                stuck);
        EdgeHandler handler = new EdgeHandler(service, null, Duration.ofMillis(50));
        assertEquals(204, handler.handle(EdgeTestBase.fixture("function-url-beacon.json")).getStatusCode());
    }

    @Test
    void aFailedSendNeverBreaksTheResponseEither() {
        EventSender failing = event -> CompletableFuture.failedFuture(new IllegalStateException("SQS down"));
        EdgeService service = new EdgeService(EdgeConfig.fromEnvironment(new Settings(Map.of(Env.QUEUE_URL, "http://queue")), null),
                failing);
        EdgeHandler handler = new EdgeHandler(service, null, Duration.ofMillis(50));
        assertEquals(204, handler.handle(EdgeTestBase.fixture("function-url-beacon.json")).getStatusCode());
    }

    @Test
    void trustingTheViewerHeadersNeedsTheOriginSecret() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EdgeConfig.fromEnvironment(new Settings(Map.of(
                Env.QUEUE_URL, "http://queue", Env.TRUST_CLOUDFRONT_HEADERS, "true")), null));
        assertTrue(e.getMessage().contains(Env.ORIGIN_SECRET_ARN), e.getMessage());
    }

    @Test
    void theFallbackMetricCarriesTheStackDimension() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        new FallbackSink(lines::add, "Actionlog").write(new ActionEvent().put(ActionEvent.F_ID, "e1").toJson(), "SQS send timed out");
        Map<String, Object> line = actionlog.core.Json.readObject(lines.get(0));
        assertEquals("Actionlog", line.get(Metrics.STACK_DIMENSION));
        Map<?, ?> metrics = (Map<?, ?>) ((java.util.List<?>) ((Map<?, ?>) line.get("_aws")).get("CloudWatchMetrics")).get(0);
        assertEquals(java.util.List.of(java.util.List.of(Metrics.STACK_DIMENSION)), metrics.get("Dimensions"));
        assertEquals(Metrics.NAMESPACE, metrics.get("Namespace"));
    }
}

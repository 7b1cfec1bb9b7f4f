package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Names;
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
        EdgeService service = new EdgeService(EdgeConfig.fromEnvironment(new Settings(Map.of(Names.ENV_QUEUE_URL, "http://queue")), null),
                stuck, () -> 1_795_356_300_000L);
        EdgeHandler handler = new EdgeHandler(service, null, Duration.ofMillis(50));
        assertEquals(204, handler.handleRequest(EdgeTestBase.fixture("function-url-beacon.json"), null).getStatusCode());
    }

    @Test
    void aFailedSendNeverBreaksTheResponseEither() {
        EventSender failing = event -> CompletableFuture.failedFuture(new IllegalStateException("SQS down"));
        EdgeService service = new EdgeService(EdgeConfig.fromEnvironment(new Settings(Map.of(Names.ENV_QUEUE_URL, "http://queue")), null),
                failing, () -> 1_795_356_300_000L);
        EdgeHandler handler = new EdgeHandler(service, null, Duration.ofMillis(50));
        assertEquals(204, handler.handleRequest(EdgeTestBase.fixture("function-url-beacon.json"), null).getStatusCode());
    }

    @Test
    void trustingTheViewerHeadersNeedsTheOriginSecret() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EdgeConfig.fromEnvironment(new Settings(Map.of(
                Names.ENV_QUEUE_URL, "http://queue", Names.ENV_TRUST_CLOUDFRONT, "true")), null));
        assertTrue(e.getMessage().contains(Names.ENV_ORIGIN_SECRET_PARAM), e.getMessage());
    }

    @Test
    void theFallbackMetricCarriesTheStackDimension() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        new FallbackSink(lines::add, "Actionlog").write(new ActionEvent().put(ActionEvent.F_ID, "e1").toJson(), "SQS send timed out");
        Map<String, Object> line = actionlog.core.Json.readObject(lines.get(0));
        assertEquals("Actionlog", line.get(Names.STACK_DIMENSION));
        Map<?, ?> metrics = (Map<?, ?>) ((java.util.List<?>) ((Map<?, ?>) line.get("_aws")).get("CloudWatchMetrics")).get(0);
        assertEquals(java.util.List.of(java.util.List.of(Names.STACK_DIMENSION)), metrics.get("Dimensions"));
        assertEquals(Names.METRICS_NAMESPACE, metrics.get("Namespace"));
    }
}

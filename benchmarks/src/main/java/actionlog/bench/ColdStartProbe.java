package actionlog.bench;

import actionlog.edge.EdgeHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Runs in a fresh JVM with only the edge's Lambda jar: the real Lambda init path (the no-argument handler
 * constructor, configured from the environment), then one request. Prints timings as JSON.
 */
public final class ColdStartProbe {
    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        EdgeHandler handler = new EdgeHandler();
        long initDone = System.currentTimeMillis();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/checkout");
        event.setRawQueryString("step=2");
        event.setHeaders(Map.of("user-agent", "cold-start-probe", "x-user-id", "probe", "content-type", "application/json"));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        http.setSourceIp("203.0.113.7");
        context.setHttp(http);
        context.setRequestId("probe-1");
        event.setRequestContext(context);
        event.setBody("{\"item\":42}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long handled = System.currentTimeMillis();
        System.out.printf("{\"status\":%d,\"jvmToMainMs\":%d,\"initMs\":%d,\"firstRequestMs\":%d,\"jvmStartToHandledMs\":%d,\"loadedClasses\":%d}%n",
                response.getStatusCode(), mainAt - jvmStart, initDone - mainAt, handled - initDone, handled - jvmStart,
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        System.exit(0);
    }
}

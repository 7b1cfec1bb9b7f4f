package actionlog.bench;

import actionlog.core.Json;
import actionlog.edge.EdgeHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a fresh JVM with only the edge's Lambda jar: the real Lambda init path (the no-argument handler
 * constructor, configured from the environment), then one request as the runtime hands it over (payload-2.0 JSON
 * bytes in, response bytes out). Prints timings as JSON.
 */
public final class ColdStartProbe {
    static final String PAYLOAD = "{\"version\":\"2.0\",\"rawPath\":\"/checkout\",\"rawQueryString\":\"step=2\","
            + "\"headers\":{\"user-agent\":\"cold-start-probe\",\"x-user-id\":\"probe\",\"content-type\":\"application/json\"},"
            + "\"requestContext\":{\"requestId\":\"probe-1\",\"http\":{\"method\":\"POST\",\"sourceIp\":\"203.0.113.7\"}},"
            + "\"body\":\"{\\\"item\\\":42}\",\"isBase64Encoded\":false}";

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        EdgeHandler handler = new EdgeHandler();
        long initDone = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(PAYLOAD.getBytes(StandardCharsets.UTF_8)), out, null);
        long handled = System.currentTimeMillis();
        Object status = Json.readObject(out.toString(StandardCharsets.UTF_8)).get("statusCode");
        System.out.printf("{\"status\":%s,\"jvmToMainMs\":%d,\"initMs\":%d,\"firstRequestMs\":%d,\"jvmStartToHandledMs\":%d,\"loadedClasses\":%d}%n",
                status, mainAt - jvmStart, initDone - mainAt, handled - initDone, handled - jvmStart,
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        System.exit(0);
    }
}

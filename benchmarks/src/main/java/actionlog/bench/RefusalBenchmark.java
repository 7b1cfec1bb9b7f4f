package actionlog.bench;

import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.core.Settings;
import actionlog.edge.EdgeConfig;
import actionlog.edge.EdgeHandler;
import actionlog.edge.EdgeService;
import actionlog.edge.FunctionUrlPayload;
import actionlog.edge.FunctionUrlReader;
import actionlog.edge.OriginSecrets;
import actionlog.edge.RefusedCalls;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a call without the origin secret costs the edge, payload in to payload out, beside a request that carries it
 * and the refusal done the earlier way (after the body was decoded and the request built), in the same run. The
 * request is a POST with 20 headers and a 64 KiB body (base64 in the payload, as a Function URL sends binary bodies);
 * the refusal's metric line is built but discarded, the accepted request's event is written as JSON and discarded.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RefusalBenchmark {
    static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef";

    Blackhole sink;
    EdgeService service;
    EdgeHandler handler;
    byte[] refused;
    byte[] accepted;

    @org.openjdk.jmh.annotations.Setup
    public void setup(Blackhole blackhole) {
        sink = blackhole;
        EdgeConfig config = EdgeConfig.fromEnvironment(new Settings(Map.of(Env.QUEUE_URL, "http://queue")), SECRET);
        service = EdgeService.builder(config, event -> {
                    sink.consume(event.toJson());
                    return CompletableFuture.completedFuture(null);
                }).originSecrets(OriginSecrets.fixed(SECRET)).refusedCalls(new RefusedCalls(sink::consume, "Actionlog"))
                .responseLimit(FunctionUrlPayload.LIMIT).build();
        handler = new EdgeHandler(service, null, Duration.ofSeconds(1));
        refused = payload(null);
        accepted = payload(SECRET);
    }

    /** A payload-2.0 POST as CloudFront forwards it: 20 headers, a 64 KiB binary body; the secret header if given. */
    static byte[] payload(String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        CaptureBenchmark.typical().headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        headers.put("content-type", "application/octet-stream");
        if (secret != null) headers.put(EdgeProtocol.ORIGIN_SECRET_HEADER, secret);
        byte[] body = new byte[64 * 1024];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 31);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "2.0");
        json.put("rawPath", "/api/orders");
        json.put("rawQueryString", "page=2");
        json.put("headers", headers);
        json.put("requestContext", Map.of("requestId", "bench-1", "http", Map.of("method", "POST", "sourceIp", "130.176.0.1")));
        json.put("body", Base64.getEncoder().encodeToString(body));
        json.put("isBase64Encoded", true);
        return actionlog.core.Json.write(json).getBytes(StandardCharsets.UTF_8);
    }

    byte[] invoke(byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        handler.handleRequest(new ByteArrayInputStream(payload), out, null);
        return out.toByteArray();
    }

    /** A direct call: refused as soon as the payload is read. */
    @Benchmark
    public byte[] refusedFirst() throws IOException {
        return invoke(refused);
    }

    /** Baseline: the same call refused only after its body was decoded and the request built, as before. */
    @Benchmark
    public int refusedAfterDecoding() {
        APIGatewayV2HTTPEvent event = FunctionUrlPayload.read(refused);
        byte[] body = FunctionUrlReader.body(event);
        return service.handle(FunctionUrlReader.request(event, body, 0L), body, FunctionUrlReader.rawTarget(event)).response().status();
    }

    /** The same request with the secret: captured, its event written as JSON, answered 204 (collect mode). */
    @Benchmark
    public byte[] acceptedRequest() throws IOException {
        return invoke(accepted);
    }
}

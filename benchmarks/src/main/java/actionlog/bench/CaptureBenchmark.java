package actionlog.bench;

import actionlog.core.CaptureConfig;
import actionlog.core.EdgeProtocol;
import actionlog.core.EventCapture;
import actionlog.core.SettingCatalog;
import actionlog.core.ViewerRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * The capture path: a typical request with 20 headers → redacted, bounded schema-v1 event → JSON, against a
 * naive baseline in the same run: a reflection-based full Jackson mapping with regex redaction.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CaptureBenchmark {
    final EventCapture capture = new EventCapture(CaptureConfig.fromEnvironment( // users named by a trusted header, as measured before
            new actionlog.core.Settings(Map.of(SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id"))));
    final ObjectMapper mapper = new ObjectMapper();
    final ViewerRequest request = typical();

    /** A browser POST behind CloudFront: 20 headers, a cookie, a bearer token, a query with a token. */
    public static ViewerRequest typical() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("host", List.of("shop.example.com"));
        h.put("user-agent", List.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"));
        h.put("accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        h.put("accept-language", List.of("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"));
        h.put("accept-encoding", List.of("gzip, deflate, br"));
        h.put("content-type", List.of("application/json"));
        h.put("content-length", List.of("187"));
        h.put("origin", List.of("https://shop.example.com"));
        h.put("referer", List.of("https://shop.example.com/products/1234?ref=home"));
        h.put("cookie", List.of("session=9f2b1c7e4d6a8b0c; theme=dark; _ga=GA1.2.123456789.1700000000"));
        h.put("authorization", List.of("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl"));
        h.put("x-user-id", List.of("alice"));
        h.put("x-forwarded-for", List.of("203.0.113.7"));
        h.put("x-forwarded-proto", List.of("https"));
        h.put("x-amz-cf-id", List.of("b3XzN8pW3xk7Gv9Q0a1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY=="));
        h.put(EdgeProtocol.VIEWER_ADDRESS_HEADER, List.of("203.0.113.7"));
        h.put(EdgeProtocol.VIEWER_COUNTRY_HEADER, List.of("FR"));
        h.put("sec-fetch-mode", List.of("cors"));
        h.put("sec-fetch-site", List.of("same-origin"));
        h.put("sec-ch-ua-platform", List.of("\"macOS\""));
        return new ViewerRequest("b3XzN8pW3xk7Gv9Q0a1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY==", 1_795_356_300_123L, "POST", "https",
                "shop.example.com", "/api/orders", "page=2&token=abc123&utm_source=mail", h, "130.176.0.1", 187);
    }

    @Benchmark
    public String actionlogCapture() {
        return capture.capture(request, actionlog.core.Mode.PROXY).toJson();
    }

    /** What a first attempt often looks like: a POJO of everything, regex redaction, databind. */
    public static final class NaiveEvent {
        public String id, method, host, path, query, sourceIp, time;
        public long bodySize;
        public Map<String, String> headers = new LinkedHashMap<>();
    }

    @Benchmark
    public String naiveJacksonBaseline() throws Exception {
        NaiveEvent e = new NaiveEvent();
        e.id = request.requestId();
        e.method = request.method();
        e.host = request.host();
        e.path = request.path();
        e.query = request.rawQuery().replaceAll("(?i)(token|password|secret|code|sig)=[^&]*", "$1=[REDACTED]");
        e.sourceIp = request.sourceIp();
        e.time = java.time.Instant.ofEpochMilli(request.receivedAtMs()).toString();
        e.bodySize = request.bodySize();
        request.headers().forEach((k, v) -> e.headers.put(k,
                String.join(", ", v).replaceAll("(?i)^(authorization|cookie)$", "").replaceAll("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]*", "[REDACTED]")));
        e.headers.replaceAll((k, v) -> k.equals("authorization") || k.equals("cookie") ? "[REDACTED]" : v);
        return mapper.writeValueAsString(e);
    }
}

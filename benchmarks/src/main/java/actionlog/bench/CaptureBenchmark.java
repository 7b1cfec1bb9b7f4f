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

    /**
     * {@link #traffic}: each call takes the next request of the mix, so repeated values are as many as real traffic has
     * and no more (the request's id, edge id and token differ on every request; nothing repeats within 4,096 requests).
     * The 4,096 requests do not fit in the processor's caches, so each one's headers are read from memory, which a
     * request just read from the wire is not (two header lookups: 190 ns against 12 on the typical request), for both
     * methods alike: a pessimistic figure for both.
     */
    final ViewerRequest[] traffic = traffic(4096, 42);
    int nextActionlog;
    int nextNaive;

    @Benchmark
    public String actionlogCaptureTraffic() {
        ViewerRequest next = traffic[nextActionlog++ & (traffic.length - 1)];
        return capture.capture(next, actionlog.core.Mode.PROXY).toJson();
    }

    @Benchmark
    public String naiveJacksonBaselineTraffic() throws Exception {
        return naive(traffic[nextNaive++ & (traffic.length - 1)]);
    }

    /** Browsers of the traffic mix: user agent, Accept-Language, platform. */
    private static final String[][] BROWSERS = {
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "en-US,en;q=0.9", "\"Windows\""},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "en-GB,en;q=0.9", "\"macOS\""},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "\"macOS\""},
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "de-DE,de;q=0.8,en-US;q=0.5,en;q=0.3", "\"Windows\""},
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "en-US,en;q=0.9", "\"iOS\""},
        {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "es-ES,es;q=0.9", "\"Android\""},
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "en-US,en;q=0.9,fr;q=0.8", "\"Windows\""},
        {"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "en-US,en;q=0.5", "\"Linux\""},
    };

    /**
     * A mix of {@code n} requests (a power of two) as an edge meets them: 32 visitors on the browsers above, in bursts
     * of 1–6 requests each (a page, its calls, its assets), the busier visitors more often; pages with a query,
     * JSON posts with a bearer token and a one-time token in the query, assets; every request with its own edge id.
     * Deterministic for a seed. Every header name and value is its own instance, as in a request read from the wire
     * (their hash codes are cached after the first pass over the mix, for both methods alike).
     */
    public static ViewerRequest[] traffic(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        ViewerRequest[] requests = new ViewerRequest[n];
        String[] pages = {"/", "/products", "/products/1234", "/products/98765", "/cart", "/account/orders", "/search", "/help/shipping"};
        long time = 1_795_356_300_123L;
        int visitor = 0;
        int burst = 0;
        for (int i = 0; i < n; i++) {
            if (burst == 0) {
                visitor = Math.min(random.nextInt(32), random.nextInt(32)); // the lower numbers more often
                burst = 1 + random.nextInt(6);
            }
            burst--;
            String[] browser = BROWSERS[visitor % BROWSERS.length];
            String page = pages[(visitor + i / 16) % pages.length];
            String edgeId = token(random, 54) + "==";
            int kind = random.nextInt(3); // a page, a call, an asset
            Map<String, List<String>> h = new LinkedHashMap<>();
            h.put("host", List.of("shop.example.com"));
            h.put("user-agent", List.of(browser[0]));
            h.put("accept", List.of(kind == 0 ? "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
                    : kind == 1 ? "application/json" : "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"));
            h.put("accept-language", List.of(browser[1]));
            h.put("accept-encoding", List.of("gzip, deflate, br"));
            if (kind == 1) {
                h.put("content-type", List.of("application/json"));
                h.put("content-length", List.of(Integer.toString(100 + random.nextInt(900))));
                h.put("origin", List.of("https://shop.example.com"));
            }
            h.put("referer", List.of("https://shop.example.com" + page + (visitor % 3 == 0 ? "?ref=home" : "")));
            h.put("cookie", List.of("session=" + token(random, 22) + "; theme=dark; _ga=GA1.2." + (100_000_000 + visitor) + ".1700000000"));
            if (kind == 1) h.put("authorization", List.of("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLSIsInYiOjF9." + token(random, 43)));
            h.put("x-user-id", List.of("user-" + visitor));
            String address = "203.0.113." + (10 + visitor);
            h.put("x-forwarded-for", List.of(address));
            h.put("x-forwarded-proto", List.of("https"));
            h.put("x-amz-cf-id", List.of(edgeId));
            h.put(EdgeProtocol.VIEWER_ADDRESS_HEADER, List.of(address));
            h.put(EdgeProtocol.VIEWER_COUNTRY_HEADER, List.of(visitor % 2 == 0 ? "FR" : "US"));
            h.put("sec-fetch-mode", List.of(kind == 0 ? "navigate" : kind == 1 ? "cors" : "no-cors"));
            h.put("sec-fetch-site", List.of("same-origin"));
            h.put("sec-ch-ua-platform", List.of(browser[2]));
            Map<String, List<String>> own = new LinkedHashMap<>(); // every name and value its own instance
            h.forEach((name, values) -> own.put(new String(name), List.of(new String(values.get(0)))));
            String method = kind == 1 ? "POST" : "GET";
            String path = kind == 0 ? page : kind == 1 ? "/api/orders" : "/static/app." + Integer.toHexString(visitor * 7919) + ".js";
            String query = kind == 0 ? (random.nextBoolean() ? "page=" + (1 + random.nextInt(9)) : "")
                    : kind == 1 ? "page=2&token=" + token(random, 12) + "&utm_source=mail" : "";
            time += random.nextInt(40);
            requests[i] = new ViewerRequest(new String(edgeId), time, method, "https", new String("shop.example.com"), path, query, own,
                    "130.176.0." + (1 + visitor % 4), kind == 1 ? 187 : 0);
        }
        return requests;
    }

    private static String token(java.util.Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return out.toString();
    }

    /** What a first attempt often looks like: a POJO of everything, regex redaction, databind. */
    public static final class NaiveEvent {
        public String id, method, host, path, query, sourceIp, time;
        public long bodySize;
        public Map<String, String> headers = new LinkedHashMap<>();
    }

    @Benchmark
    public String naiveJacksonBaseline() throws Exception {
        return naive(request);
    }

    private String naive(ViewerRequest request) throws Exception {
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

package actionlog.bench;

import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.testkit.FaultProxy;
import actionlog.testkit.TestOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Added latency of the edge in proxy mode: the same origin called directly and through the local edge,
 * interleaved in one run by one closed-loop loopback client. Scenarios: a fast origin, an origin slowed to
 * 20 ms (capture overlaps the origin call), SQS slowed by 50 ms per request (the send is not on the response
 * path), each with the consumer paused; then the whole pipeline sharing the machine's cores.
 *
 * <p>Run: {@code benchmarks/run.sh proxy} (or with the class name and an optional request count).
 */
public final class ProxyLatency {
    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        FaultProxy[] sqsProxy = new FaultProxy[1];
        LocalRuntime.Hooks hooks = new LocalRuntime.Hooks(endpoint -> {
            try {
                sqsProxy[0] = new FaultProxy(endpoint);
                return sqsProxy[0].uri();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, u -> u, h -> h);
        try (TestOrigin origin = new TestOrigin();
             LocalRuntime edge = LocalRuntime.start(LocalRuntime.options().origin(origin.url())
                     .edgeEnv(java.util.Map.of(SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id"))
                     .visibilityTimeoutSeconds(30).pollers(2).hooks(hooks))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 5000; i++) { // JIT warm-up of both paths, not measured
                get(client, origin.url() + "/warm", i);
                get(client, edge.edgeUrl() + "/warm", i);
            }
            System.out.println("| scenario | direct p50 | edge p50 | added p50 | direct p99 | edge p99 | added p99 | ms |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            // This machine has 2 cores for the client, origin, edge, SQS, consumer and DynamoDB Local alike; in AWS
            // the consumer and the queue run elsewhere. So the edge is first measured with the consumer paused.
            edge.stopConsumer();
            run(client, origin.url(), edge.edgeUrl(), "/fast", n, "fast origin, consumer paused");
            run(client, origin.url(), edge.edgeUrl(), "/slow?ms=20", n / 3, "origin slowed to 20 ms, consumer paused");
            sqsProxy[0].delay(50);
            run(client, origin.url(), edge.edgeUrl(), "/fast", n, "SQS slowed by 50 ms per request, consumer paused");
            sqsProxy[0].delay(0);
            edge.startConsumer();
            run(client, origin.url(), edge.edgeUrl(), "/fast", n, "fast origin, whole pipeline on the same 2 cores");
            sqsProxy[0].close();
        }
    }

    static void run(HttpClient client, String direct, String edge, String path, int n, String name) throws Exception {
        for (int i = 0; i < Math.min(500, n); i++) { // settle into the scenario
            get(client, direct + path, i);
            get(client, edge + path, i);
        }
        long[] d = new long[n];
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = get(client, direct + path, i);
            e[i] = get(client, edge + path, i);
        }
        Percentiles pd = new Percentiles(d, n);
        Percentiles pe = new Percentiles(e, n);
        System.out.printf("| %s | %s | %s | **%s** | %s | %s | **%s** | %d each |%n", name,
                Percentiles.f(pd.ms(50)), Percentiles.f(pe.ms(50)), Percentiles.f(pe.ms(50) - pd.ms(50)),
                Percentiles.f(pd.ms(99)), Percentiles.f(pe.ms(99)), Percentiles.f(pe.ms(99) - pd.ms(99)), n);
    }

    /** One request; returns its latency in microseconds. */
    static long get(HttpClient client, String url, int i) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("X-User-Id", "bench-" + (i % 50)).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long micros = (System.nanoTime() - start) / 1000;
        if (response.statusCode() != 200) throw new IllegalStateException(url + " answered " + response.statusCode());
        return micros;
    }
}

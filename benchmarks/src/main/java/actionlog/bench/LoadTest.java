package actionlog.bench;

import actionlog.edge.TestOrigin;
import actionlog.local.LocalRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A bounded open-loop load on the local edge (proxy mode, loopback only): RATE requests/s for SECONDS, latency
 * measured from each request's scheduled time (no coordinated omission), then how long the consumer takes to
 * drain the queue and whether every request became exactly one stored event.
 *
 * <p>Run: {@code benchmarks/run.sh load [RATE] [SECONDS] [MAX_IN_FLIGHT]} (default 2000/s for 60 s, 1000 in flight).
 */
public final class LoadTest {
    static final int USERS = 100;
    static final int MAX_IN_FLIGHT = 1000;

    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int maxInFlight = args.length > 2 ? Integer.parseInt(args[2]) : MAX_IN_FLIGHT;
        int total = rate * seconds;
        try (TestOrigin origin = new TestOrigin();
             LocalRuntime edge = LocalRuntime.start(new LocalRuntime.Options(0, origin.url(), false, null, null, Map.of(),
                     60, false, 0, 4, LocalRuntime.Hooks.NONE))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();
            // warm-up: 2 s at a tenth of the rate, not counted
            for (int i = 0; i < rate / 5; i++) {
                client.send(request(edge.edgeUrl(), "warm", i), HttpResponse.BodyHandlers.discarding());
            }
            long[] latency = new long[total];
            java.util.Map<String, Long> cpuBefore = CpuByComponent.snapshot();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            AtomicLong firstError = new AtomicLong(-1);
            Semaphore inFlight = new Semaphore(maxInFlight);
            AtomicInteger shed = new AtomicInteger();
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                if (!inFlight.tryAcquire()) { // the generator refuses to queue without bound: counted as an error
                    shed.incrementAndGet();
                    done.incrementAndGet();
                    continue;
                }
                int index = i;
                client.sendAsync(request(edge.edgeUrl(), "load-u" + (i % USERS), i), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, failure) -> {
                            if (failure != null || response.statusCode() != 200) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(-1, index);
                            } else {
                                latency[answered.getAndIncrement()] = (System.nanoTime() - scheduled) / 1000;
                            }
                            inFlight.release();
                            done.incrementAndGet();
                        });
            }
            long sentAt = System.nanoTime();
            while (done.get() < total && System.nanoTime() - sentAt < TimeUnit.SECONDS.toNanos(120)) Thread.sleep(10);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long loadEnd = System.nanoTime();
            java.util.Map<String, Long> cpu = CpuByComponent.since(cpuBefore);

            // drain: queue empty and every request stored exactly once
            long stored = 0;
            while (System.nanoTime() - loadEnd < TimeUnit.SECONDS.toNanos(300)) {
                var a = edge.sqs().getQueueAttributes(r -> r.queueUrl(edge.queueUrl()).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                int depth = Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
                if (depth == 0) {
                    stored = count(edge);
                    if (stored >= total - shed.get() - errors.get()) break;
                }
                Thread.sleep(250);
            }
            double drain = (System.nanoTime() - loadEnd) / 1e9;
            Percentiles p = new Percentiles(latency, answered.get());
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf("| target | %d req/s for %d s (%d requests, %d users) |%n", rate, seconds, total, USERS);
            System.out.printf("| answered 200 (goodput) | **%d in %.1f s = %.0f req/s** |%n", answered.get(), elapsed, answered.get() / elapsed);
            System.out.printf("| errors (non-200 or failed) | **%d** |%n", errors.get());
            System.out.printf("| not sent: generator at its cap of %d in flight | %d |%n", maxInFlight, shed.get());
            System.out.printf("| latency of answered requests p50 / p90 / p99 / p99.9 / max (ms, from schedule) | %s / %s / %s / %s / %s |%n",
                    Percentiles.f(p.ms(50)), Percentiles.f(p.ms(90)), Percentiles.f(p.ms(99)), Percentiles.f(p.ms(99.9)), Percentiles.f(p.maxMs()));
            System.out.printf("| queue drained and all stored, after the load ended | **%.1f s** |%n", drain);
            System.out.printf("| events stored / requests answered 200 | %d / %d |%n", stored, answered.get());
            System.out.println();
            System.out.println("CPU time during the load, by component (thread CPU time, this JVM; 2 cores = 200%):");
            long sum = cpu.values().stream().mapToLong(Long::longValue).sum();
            cpu.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e ->
                    System.out.printf("  %-44s %6.1f s  %5.1f%%  (%.0f%% of one core)%n", e.getKey(), e.getValue() / 1e9,
                            100.0 * e.getValue() / sum, 100.0 * e.getValue() / 1e9 / elapsed));
        }
    }

    static HttpRequest request(String edge, String user, int i) {
        return HttpRequest.newBuilder(URI.create(edge + "/load/" + (i % 500) + "?n=" + i)).header("X-User-Id", user)
                .header("User-Agent", "actionlog-load").timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** Stored events of the load users (Query with Select COUNT, per user; never a Scan). */
    static long count(LocalRuntime edge) {
        long total = 0;
        for (int u = 0; u < USERS; u++) {
            String key = "u#load-u" + u;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = edge.dynamo().query(r -> {
                    r.tableName(edge.table()).keyConditionExpression("pk = :k").select(Select.COUNT)
                            .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(key)));
                    if (from != null) r.exclusiveStartKey(from);
                });
                total += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return total;
    }
}

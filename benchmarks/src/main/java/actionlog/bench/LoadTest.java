package actionlog.bench;

import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.testkit.TestOrigin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A bounded open-loop load on the local edge (proxy mode, loopback only): RATE requests/s for SECONDS, latency
 * measured from each request's scheduled time (no coordinated omission), then how long the consumer takes to
 * drain the queue and whether every request became exactly one stored event.
 *
 * <p>Run: {@code benchmarks/run.sh load [RATE] [SECONDS] [CONNECTIONS] [WARMUP_SECONDS]} (default 2000/s for 60 s over
 * 64 connections, after 15 s of the same load that is not counted).
 */
public final class LoadTest {
    static final int USERS = 100;
    static final int CONNECTIONS = 64;
    static final int WARMUP_SECONDS = 15;

    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : CONNECTIONS;
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : WARMUP_SECONDS;
        try (TestOrigin origin = new TestOrigin();
             LocalRuntime edge = LocalRuntime.start(LocalRuntime.options().origin(origin.url())
                     .edgeEnv(java.util.Map.of(SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id")) // users by header
                     .visibilityTimeoutSeconds(60).pollers(4))) {
            URI base = URI.create(edge.edgeUrl());
            if (warmupSeconds > 0) { // the same load, not counted: JIT compilation is a one-off of every new JVM
                Phase warm = Phase.run(base, "warm-u", rate, warmupSeconds, connections);
                drain(edge, "warm-u", warm.answered(), 300);
                origin.received.clear();
            }
            Map<String, Long> cpuBefore = CpuByComponent.snapshot();
            long processCpuBefore = processCpuNanos();
            QueueDepth depth = new QueueDepth(edge).start();
            Phase load = Phase.run(base, "load-u", rate, seconds, connections);
            long loadEnd = System.nanoTime();
            Map<String, Long> cpu = CpuByComponent.since(cpuBefore);
            long processCpu = processCpuNanos() - processCpuBefore;
            int depthAtEnd = depth.current();
            long stored = drain(edge, "load-u", load.answered(), 300);
            double drainSeconds = (System.nanoTime() - loadEnd) / 1e9;
            depth.close();

            Percentiles p = new Percentiles(load.latencyMicros(), load.answered());
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf("| target | %d req/s for %d s (%d requests, %d users, %d keep-alive connections, %d s warm-up before) |%n",
                    rate, seconds, rate * seconds, USERS, connections, warmupSeconds);
            System.out.printf("| answered 200 | **%d in %.1f s = %.0f req/s** |%n", load.answered(), load.seconds(), load.answered() / load.seconds());
            System.out.printf("| errors (non-200 or failed) | **%d**%s |%n", load.errors(), load.firstError() == null ? "" : " (first: " + load.firstError() + ")");
            System.out.printf("| latency p50 / p90 / p99 / p99.9 / max (ms, from each request's scheduled time) | %s / %s / %s / %s / %s |%n",
                    Percentiles.f(p.ms(50)), Percentiles.f(p.ms(90)), Percentiles.f(p.ms(99)), Percentiles.f(p.ms(99.9)), Percentiles.f(p.maxMs()));
            System.out.printf("| queue depth (visible + in flight) during the load: max / at the end | %d / %d |%n", depth.max(), depthAtEnd);
            System.out.printf("| from the end of the load until the queue was empty and every answered request stored | **%.1f s** |%n", drainSeconds);
            System.out.printf("| events stored / requests answered 200 | %d / %d |%n", stored, load.answered());
            System.out.printf("| CPU of the whole process during the load (generator, origin, edge, emulators, consumer, JIT, GC) | %.0f µs per request = %.2f of the %d cores |%n",
                    processCpu / 1e3 / Math.max(1, load.answered()), processCpu / 1e9 / load.seconds(), Runtime.getRuntime().availableProcessors());
            System.out.println();
            cpu.put("load generator", load.generatorCpuNanos()); // its threads have ended: counted by themselves
            long sum = cpu.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("CPU time during the load by component (thread CPU time; %.0f µs per request in all, the rest of the process's is JIT and GC):%n",
                    sum / 1e3 / Math.max(1, load.answered()));
            cpu.entrySet().stream().filter(e -> e.getValue() >= 50_000_000L).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e ->
                    System.out.printf("  %-48s %6.1f s  %5.1f%%  %4.0f µs/request  (%.0f%% of one core)%n", e.getKey(), e.getValue() / 1e9,
                            100.0 * e.getValue() / sum, e.getValue() / 1e3 / Math.max(1, load.answered()), 100.0 * e.getValue() / 1e9 / load.seconds()));
        }
    }

    /**
     * Open loop: request i is due at start + i/rate whatever happened before; each connection takes the next due
     * request, waits for its time, sends it and reads the answer. When every connection is busy, due requests
     * wait and their latency (from the scheduled time) shows it: no coordinated omission.
     */
    record Phase(int answered, int errors, String firstError, long[] latencyMicros, double seconds, long generatorCpuNanos) {
        static Phase run(URI base, String userPrefix, int rate, int seconds, int connections) throws InterruptedException {
            int total = rate * seconds;
            long interval = 1_000_000_000L / rate;
            long[] latency = new long[total];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            AtomicReference<String> firstError = new AtomicReference<>();
            AtomicLong generatorCpu = new AtomicLong();
            long start = System.nanoTime() + 10_000_000;
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Thread t = new Thread(() -> {
                    try (LoadConnection connection = new LoadConnection(base)) {
                        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                            long scheduled = start + i * interval;
                            for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
                                LockSupport.parkNanos(wait);
                            }
                            String failure;
                            try {
                                int status = connection.get("/load/" + (i % 500) + "?n=" + i, userPrefix + (i % USERS));
                                failure = status == 200 ? null : "status " + status;
                            } catch (IOException e) {
                                failure = e.toString();
                            }
                            if (failure == null) {
                                latency[answered.getAndIncrement()] = (System.nanoTime() - scheduled) / 1000;
                            } else {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, failure);
                            }
                        }
                    }
                    generatorCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }, "load-generator");
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) t.join();
            return new Phase(answered.get(), errors.get(), firstError.get(), latency, (System.nanoTime() - start) / 1e9, generatorCpu.get());
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Waits until the queue is empty and every answered request of these users is stored; returns the count. */
    static long drain(LocalRuntime edge, String userPrefix, int expected, int maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        long stored = 0;
        while (System.nanoTime() < deadline) {
            if (QueueDepth.read(edge) == 0) {
                stored = count(edge, userPrefix);
                if (stored >= expected) return stored;
            }
            Thread.sleep(250);
        }
        return stored;
    }

    /** Samples the queue depth once a second (ElasticMQ counts by walking its messages: keep it rare). */
    static final class QueueDepth implements AutoCloseable {
        private final LocalRuntime edge;
        private final AtomicInteger max = new AtomicInteger();
        private final AtomicInteger current = new AtomicInteger();
        private final Thread thread;

        QueueDepth(LocalRuntime edge) {
            this.edge = edge;
            this.thread = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        int d = read(edge);
                        current.set(d);
                        max.accumulateAndGet(d, Math::max);
                        Thread.sleep(1000);
                    }
                } catch (InterruptedException stop) {
                    // closed
                }
            }, "load-queue-depth");
            thread.setDaemon(true);
        }

        QueueDepth start() {
            thread.start();
            return this;
        }

        int max() {
            return max.get();
        }

        int current() {
            return read(edge);
        }

        static int read(LocalRuntime edge) {
            var a = edge.sqs().getQueueAttributes(r -> r.queueUrl(edge.queueUrl()).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** Stored events of the load users (Query with Select COUNT, per user; never a Scan). */
    static long count(LocalRuntime edge, String userPrefix) {
        long total = 0;
        for (int u = 0; u < USERS; u++) {
            String key = "u#" + userPrefix + u;
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

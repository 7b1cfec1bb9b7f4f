package actionlog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;

/**
 * The methods of {@link CaptureBenchmark} compared by the CPU time of the measuring thread rather than by wall time:
 * on a machine shared with other work (builds, tests) a thread waits for a core for a share of its wall time, and
 * JMH's wall-clock figures then move by ±100%, while the CPU time each operation costs and the ratio of the two
 * methods stay comparable. Two workloads: the one typical request again and again, and the traffic mix
 * ({@link CaptureBenchmark#traffic}), where only what real traffic repeats repeats. Rounds alternate the methods; the
 * first two rounds are warm-up.
 *
 * <p>Run: {@code benchmarks/run.sh jmh} (after the JMH run).
 */
public final class CaptureCpuTime {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        CaptureBenchmark bench = new CaptureBenchmark();
        System.out.printf("| benchmark (CPU time of the thread, median of %d rounds of %,d) | µs/op |%n", rounds - 2, PER_ROUND);
        System.out.println("|---|---|");
        measure("typical request", rounds, bench::actionlogCapture, bench::naiveJacksonBaseline);
        measure("traffic mix", rounds, bench::actionlogCaptureTraffic, bench::naiveJacksonBaselineTraffic);
    }

    private static final int PER_ROUND = 50_000;
    private static long sink;

    private static void measure(String workload, int rounds, Callable<String> actionlog, Callable<String> naive) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] a = new double[rounds];
        double[] n = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) sink += actionlog.call().length();
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) sink += naive.call().length();
            long t2 = threads.getCurrentThreadCpuTime();
            a[r] = (t1 - t0) / (PER_ROUND * 1000.0);
            n[r] = (t2 - t1) / (PER_ROUND * 1000.0);
        }
        a = java.util.Arrays.copyOfRange(a, 2, rounds);
        n = java.util.Arrays.copyOfRange(n, 2, rounds);
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(n);
        System.out.printf("| %s: actionlog capture | **%.2f** (%.2f–%.2f) |%n", workload, a[a.length / 2], a[0], a[a.length - 1]);
        System.out.printf("| %s: naive baseline | %.2f (%.2f–%.2f) |%n", workload, n[n.length / 2], n[0], n[n.length - 1]);
        System.out.printf("| **%s: ratio actionlog / naive** | **%.2f** |%n", workload, a[a.length / 2] / n[n.length / 2]);
        if (sink == 42) System.out.println(); // keeps the results alive
    }
}

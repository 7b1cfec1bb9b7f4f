package actionlog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The two methods of {@link CaptureBenchmark} compared by the CPU time of the measuring thread rather than by wall
 * time: on a machine shared with other work (builds, tests) a thread waits for a core for a share of its wall time,
 * and JMH's wall-clock figures then move by ±100%, while the CPU time each operation costs and the ratio of the two
 * methods stay comparable. Rounds alternate the two methods; the first two rounds are warm-up.
 *
 * <p>Run: {@code benchmarks/run.sh jmh} (after the JMH run).
 */
public final class CaptureCpuTime {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int perRound = 50_000;
        CaptureBenchmark bench = new CaptureBenchmark();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        double[] actionlog = new double[rounds];
        double[] naive = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) sink += bench.actionlogCapture().length();
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                try {
                    sink += bench.naiveJacksonBaseline().length();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            long t2 = threads.getCurrentThreadCpuTime();
            actionlog[r] = (t1 - t0) / (perRound * 1000.0);
            naive[r] = (t2 - t1) / (perRound * 1000.0);
        }
        double[] a = java.util.Arrays.copyOfRange(actionlog, 2, rounds);
        double[] n = java.util.Arrays.copyOfRange(naive, 2, rounds);
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(n);
        System.out.printf("| benchmark (CPU time of the thread, median of %d rounds of %,d) | µs/op |%n", rounds - 2, perRound);
        System.out.println("|---|---|");
        System.out.printf("| actionlog capture | **%.2f** (%.2f–%.2f) |%n", a[a.length / 2], a[0], a[a.length - 1]);
        System.out.printf("| naive baseline | %.2f (%.2f–%.2f) |%n", n[n.length / 2], n[0], n[n.length - 1]);
        System.out.printf("| **ratio actionlog / naive** | **%.2f** |%n", a[a.length / 2] / n[n.length / 2]);
        if (sink == 42) System.out.println(); // keeps the results alive
    }
}

package actionlog.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two builds of the core module's capture path in <b>one JVM</b>, each in its own class loader with the same
 * benchmark class and libraries, timed by the CPU time of the measuring thread in alternating rounds, with the naive
 * baseline beside them. Fresh JVMs one after another differed by 10–20% on this project's shared machines with the
 * same code, more than most single changes; here both builds meet the same JIT, collector and neighbours, and the
 * same jar on both sides (A/A) agreed within 1–5% in 24 rounds: judge a change on several runs.
 *
 * <p>Run, after {@code ./mvnw -B -q -DskipTests install -pl benchmarks -am}, with the core jar built from the commit
 * before (for example from a {@code git worktree}) and the current classes:
 * <pre>{@code
 * java -cp benchmarks/target/classes actionlog.bench.CaptureSideBySide BEFORE.jar functions/core/target/classes [ROUNDS] [typical|traffic]
 * }</pre>
 */
public final class CaptureSideBySide {
    private static final int PER_ROUND = 20_000;
    private static final int WARM_UP_ROUNDS = 4;

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: CaptureSideBySide BEFORE_CORE(jar|classes) AFTER_CORE(jar|classes) [ROUNDS, default 24] [typical|traffic]");
            System.exit(2);
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        boolean traffic = args.length > 3 && args[3].equals("traffic");
        if (rounds <= WARM_UP_ROUNDS) {
            System.err.println("ROUNDS must be more than the " + WARM_UP_ROUNDS + " warm-up rounds, got " + rounds);
            System.exit(2);
        }
        Path benchmarks = Path.of(CaptureSideBySide.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<URL> shared = new ArrayList<>(List.of(benchmarks.toUri().toURL()));
        for (String entry : Files.readString(benchmarks.resolveSibling("bench.classpath")).trim().split(java.io.File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("actionlog-core")) shared.add(Path.of(entry).toUri().toURL());
        }
        String suffix = traffic ? "Traffic" : "";
        MethodHandle before = capture(args[0], shared, "actionlogCapture" + suffix);
        MethodHandle after = capture(args[1], shared, "actionlogCapture" + suffix);
        MethodHandle naive = capture(args[0], shared, "naiveJacksonBaseline" + suffix);
        MethodHandle[] all = {before, after, naive};
        double[][] micros = new double[3][rounds];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (int slot = 0; slot < 3; slot++) {
                int which = round % 2 == 0 || slot == 2 ? slot : 1 - slot; // before first in even rounds, after first in odd
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < PER_ROUND; i++) sink += ((String) all[which].invoke()).length();
                micros[which][round] = (threads.getCurrentThreadCpuTime() - start) / (PER_ROUND * 1000.0);
            }
        }
        double[] median = new double[3];
        String[] names = {"before (" + args[0] + ")", "after (" + args[1] + ")", "naive baseline"};
        System.out.printf("| capture path, %s, CPU time of the thread (median of %d rounds of %,d, after %d warm-up rounds) | µs/op |%n",
                traffic ? "traffic mix" : "typical request", rounds - WARM_UP_ROUNDS, PER_ROUND, WARM_UP_ROUNDS);
        System.out.println("|---|---|");
        for (int i = 0; i < 3; i++) {
            double[] measured = Arrays.copyOfRange(micros[i], WARM_UP_ROUNDS, rounds);
            Arrays.sort(measured);
            median[i] = measured[measured.length / 2];
            System.out.printf("| %s | %.2f (%.2f–%.2f) |%n", names[i], median[i], measured[0], measured[measured.length - 1]);
        }
        System.out.printf("| **after / before** | **%.3f** |%n", median[1] / median[0]);
        System.out.printf("| ratio to naive: before, after | %.3f, **%.3f** |%n", median[0] / median[2], median[1] / median[2]);
        if (sink == 42) System.out.println(); // keeps the results alive
    }

    /** {@code CaptureBenchmark.<method>} of a fresh instance, loaded with {@code core} in a class loader of its own. */
    private static MethodHandle capture(String core, List<URL> shared, String method) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(core).toUri().toURL());
        urls.addAll(shared);
        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Class<?> bench = loader.loadClass(CaptureBenchmark.class.getName());
        Object instance = bench.getConstructor().newInstance();
        return MethodHandles.publicLookup().findVirtual(bench, method, MethodType.methodType(String.class)).bindTo(instance);
    }
}

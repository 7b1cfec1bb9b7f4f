package actionlog.bench;

import java.util.Arrays;

/** Latency samples in microseconds and their percentiles (nearest rank). */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] samplesMicros, int count) {
        sorted = Arrays.copyOf(samplesMicros, count);
        Arrays.sort(sorted);
    }

    double ms(double percentile) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1000.0;
    }

    double maxMs() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0;
    }

    int count() {
        return sorted.length;
    }

    static String f(double ms) {
        return String.format("%.2f", ms);
    }
}

package actionlog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/** A cheap profile: CPU time of this JVM's threads, grouped by what they belong to (from their names). */
final class CpuByComponent {
    private CpuByComponent() {}

    static Map<String, Long> snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byThread = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            if (info != null && cpu > 0) byThread.put(id + " " + info.getThreadName(), cpu);
        }
        return byThread;
    }

    static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> grouped = new HashMap<>();
        snapshot().forEach((thread, cpu) -> grouped.merge(component(thread.substring(thread.indexOf(' ') + 1)),
                cpu - before.getOrDefault(thread, 0L), Long::sum));
        return grouped;
    }

    static String component(String name) {
        if (name.startsWith("actionlog-edge-http")) return "edge: HTTP adapter + handler + capture";
        if (name.startsWith("HttpClient") || name.startsWith("actionlog-origin")) return "edge: origin calls (JDK HttpClient)";
        if (name.startsWith("pool-") || name.startsWith("load-")) return "load generator";
        if (name.startsWith("actionlog-send")) return "edge: SQS sends (SDK)";
        if (name.startsWith("test-origin")) return "origin (test app)";
        if (name.startsWith("elasticmq")) return "ElasticMQ (SQS emulator)";
        if (name.startsWith("actionlog-event-source-mapping")) return "consumer: pollers + handler (SDK)";
        if (name.startsWith("actionlog-batch-write")) return "consumer: BatchWriteItem chunks (SDK)";
        if (name.startsWith("qtp") || name.toLowerCase(java.util.Locale.ROOT).contains("sqlite") || name.startsWith("Thread-")) return "DynamoDB Local (Jetty + SQLite)";
        if (name.contains("Compiler") || name.startsWith("GC") || name.startsWith("G1")) return "JVM (JIT, GC)";
        return "other: " + name.replaceAll("[-#]?\\d+$", "");
    }
}

package actionlog.bench;

import actionlog.core.Env;
import actionlog.core.Json;
import actionlog.local.EmbeddedStack;
import actionlog.support.Clients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Cold start of the edge on this machine: jar size, and a fresh JVM (the java21-like flags the stack sets)
 * from process start to the first handled request, sending its event to a real (embedded) SQS. Also lists
 * what the init loads, by package.
 *
 * <p>Run: {@code benchmarks/run.sh coldstart}.
 */
public final class ColdStart {
    public static void main(String[] args) {
        Bench.main(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "functions/edge/target/lambda/function.jar");
        String probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        System.out.printf("edge jar: %s, %.2f MB (%d bytes)%n", jar, Files.size(jar) / 1_048_576.0, Files.size(jar));
        try (EmbeddedStack stack = EmbeddedStack.start(null); SqsClient sqs = Clients.sqs(stack.sqsEndpoint())) {
            String queue = sqs.createQueue(r -> r.queueName("coldstart")).queueUrl();
            List<Long> wall = new ArrayList<>();
            List<Map<String, Object>> probes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long start = System.nanoTime();
                String out = run(jar, probeClasses, stack, queue, null);
                wall.add((System.nanoTime() - start) / 1_000_000);
                probes.add(Json.readObject(out.lines().filter(l -> l.startsWith("{\"status\"")).findFirst().orElseThrow()));
            }
            wall.remove(0); // the first run also warms the OS file cache
            probes.remove(0);
            long[] w = wall.stream().mapToLong(Long::longValue).toArray();
            java.util.Arrays.sort(w);
            System.out.println("| measure (median of 5 fresh JVMs) | ms |");
            System.out.println("|---|---|");
            System.out.println("| process start → first request handled (wall, includes JVM exit) | " + w[w.length / 2] + " |");
            for (String key : List.of("jvmToMainMs", "initMs", "firstRequestMs", "jvmStartToHandledMs")) {
                long[] v = probes.stream().mapToLong(p -> ((Number) p.get(key)).longValue()).sorted().toArray();
                System.out.println("| " + key + " | " + (key.equals("jvmStartToHandledMs") ? "**" + v[v.length / 2] + "**" : v[v.length / 2]) + " |");
            }
            System.out.println("| classes loaded at first response | " + probes.get(0).get("loadedClasses") + " |");

            Path log = Files.createTempFile("classload", ".log");
            run(jar, probeClasses, stack, queue, "-Xlog:class+load=info:file=" + log);
            Map<String, Integer> byPackage = new TreeMap<>();
            for (String line : Files.readAllLines(log)) {
                int start = line.indexOf("] ") + 2;
                int end = line.indexOf(' ', start);
                if (start < 2 || end < 0) continue;
                String cls = line.substring(start, end);
                String[] parts = cls.split("\\.");
                String group = parts.length > 3 ? parts[0] + "." + parts[1] + "." + parts[2] + (parts[0].equals("software") ? "." + parts[3] : "")
                        : parts[0];
                byPackage.merge(group, 1, Integer::sum);
            }
            System.out.println("\nclasses loaded by package (top 12):");
            byPackage.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                    .forEach(e -> System.out.println("  " + e.getValue() + "  " + e.getKey()));
        }
    }

    static String run(Path jar, String probeClasses, EmbeddedStack stack, String queue, String extraFlag) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        if (extraFlag != null) cmd.add(extraFlag);
        cmd.addAll(List.of("-cp", jar + java.io.File.pathSeparator + probeClasses, ColdStartProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put(Env.AWS_REGION, "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_SQS", stack.sqsEndpoint().toString());
        env.put(Env.QUEUE_URL, queue);
        env.put(Env.FLUSH_AFTER_RESPONSE, "false");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("probe failed:\n" + out);
        return out;
    }
}

package actionlog.edge;

import actionlog.core.Json;
import actionlog.core.Metrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One CloudWatch Embedded Metric Format record: a JSON log line that CloudWatch Logs turns into a data point of
 * {@code actionlog/<metric>} (value 1, unit Count) with no API call. The dimensions are fields of the line; the
 * other fields travel with it for whoever reads the log.
 */
final class Emf {
    private Emf() {}

    /** The function's log: standard output, which Lambda sends to CloudWatch Logs; one whole line at a time. */
    static final Consumer<String> STDOUT = line -> {
        synchronized (System.out) {
            System.out.println(line);
        }
    };

    /**
     * @param dimensions the metric's dimension names and values, in order (none: the metric has no dimension)
     * @param fields     what else the line carries
     */
    static String line(String metric, Map<String, String> dimensions, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of(
                "Timestamp", Instant.now().toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", Metrics.NAMESPACE,
                        "Dimensions", List.of(new ArrayList<>(dimensions.keySet())),
                        "Metrics", List.of(Map.of("Name", metric, "Unit", "Count"))))));
        line.put(metric, 1);
        line.putAll(dimensions);
        line.putAll(fields);
        return Json.write(line); // escapes what SQS and UTF-8 refuse, so any string can be written
    }
}

package actionlog.bench;

import actionlog.core.ActionEvent;
import actionlog.core.CaptureConfig;
import actionlog.core.EventCapture;
import actionlog.core.ItemMapper;
import actionlog.core.Mode;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.core.TableSchema;
import actionlog.core.WriteUnits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What storing the benchmarks' typical event costs, computed from the items the consumer writes and DynamoDB's rules
 * ({@link WriteUnits}): the table item and each index entry, 1 write unit per started KB. Nothing is measured here:
 * the sizes are exact, the prices are us-east-1 list prices as in README's cost table.
 */
public final class WriteCost {
    /** On-demand: $0.625 per million write request units. */
    static final double USD_PER_MILLION_WRU = 0.625;
    /** README's *Cost per million requests*, every part but the DynamoDB writes: CloudFront, its function, the edge, SQS, the consumer. */
    static final double OTHER_PARTS_USD = 1.00 + 0.10 + 1.53 + 0.41 + 0.03;
    /** Events per session, user and hour assumed for the session pointer's share (a visit of a few minutes, assets included). */
    static final int EVENTS_PER_SESSION_HOUR = 20;

    private WriteCost() {}

    public static void main(String[] args) {
        Bench.main(WriteCost::run);
    }

    static void run() {
        EventCapture capture = new EventCapture(CaptureConfig.fromEnvironment(new Settings(Map.of(SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id"))));
        ActionEvent event = capture.capture(CaptureBenchmark.typical(), Mode.PROXY);
        event.put(ActionEvent.F_STATUS, 201).put(ActionEvent.F_LATENCY, 42); // as stored after the origin answered
        Duration retention = Duration.ofDays(SettingCatalog.RETENTION_DAYS.fallback());
        Map<String, AttributeValue> item = ItemMapper.toItem(event, retention);
        Map<String, AttributeValue> legacy = ItemMapper.toLegacyItem(event, retention);
        System.out.printf(Locale.ROOT, "typical event (CaptureBenchmark.typical(), answered 201): %,d bytes of JSON%n%n",
                event.toJson().getBytes(StandardCharsets.UTF_8).length);
        System.out.println("| write | compact item: bytes | units | before (JSON text, session index): bytes | units |");
        System.out.println("|---|---|---|---|---|");
        row("table item", item, legacy);
        for (TableSchema.Index index : TableSchema.INDEXES) {
            row("index " + index.name(), WriteUnits.indexEntry(item, index), WriteUnits.indexEntry(legacy, index));
        }
        Map<String, AttributeValue> pointer = ItemMapper.sessionPointer(event, retention);
        int units = WriteUnits.withIndexes(item);
        int before = WriteUnits.withIndexes(legacy);
        double pointerShare = (double) WriteUnits.units(pointer) / EVENTS_PER_SESSION_HOUR;
        System.out.println();
        System.out.println("write units per event: " + units);
        System.out.printf(Locale.ROOT, "plus the session pointer: %d unit (%d bytes) once per session, user and hour and consumer environment"
                        + " = %.2f per event at %d events per session-hour%n", WriteUnits.units(pointer), WriteUnits.itemBytes(pointer),
                pointerShare, EVENTS_PER_SESSION_HOUR);
        System.out.println("before: " + before + " write units per event");
        double writes = (units + pointerShare) * USD_PER_MILLION_WRU;
        System.out.printf(Locale.ROOT, "cost per million requests: DynamoDB writes $%.2f (was $%.2f); with CloudFront, the edge, SQS and the"
                + " consumer (README) $%.2f (was $%.2f)%n", writes, before * USD_PER_MILLION_WRU, writes + OTHER_PARTS_USD,
                before * USD_PER_MILLION_WRU + OTHER_PARTS_USD);
    }

    private static void row(String name, Map<String, AttributeValue> now, Map<String, AttributeValue> before) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name,
                now == null ? "—" : Integer.toString(WriteUnits.itemBytes(now)), now == null ? "0" : Integer.toString(WriteUnits.units(now)),
                before == null ? "—" : Integer.toString(WriteUnits.itemBytes(before)), before == null ? "0" : Integer.toString(WriteUnits.units(before)));
    }
}

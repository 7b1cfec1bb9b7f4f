package actionlog.consumer;

import actionlog.core.ActionEvent;
import actionlog.core.ArchiveSchema;
import actionlog.core.CompactEvent;
import actionlog.core.EventCodec;
import actionlog.core.InvalidEventException;
import actionlog.core.ItemMapper;
import actionlog.core.Json;
import actionlog.core.Metrics;
import actionlog.core.TableSchema;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Archives what the table stored: reads the table's stream and hands every newly inserted event item to the archive as
 * one row. Only INSERT records count: DynamoDB writes no stream record for a write that changes nothing, so a
 * redelivered message, a replay or a redrive of an event already stored archives nothing again; an erased user's
 * events are never written to the table after the erasure (the suppression list), so they are never archived either.
 * Session links, the suppression list itself, TTL expiry and erasures (REMOVE) are not events and are skipped.
 *
 * <p>Rows the sink refuses are reported as the batch's first failure, so the stream hands them (and the records after
 * them) to the function again; each refusal also counts in {@link Metrics#ARCHIVE_DELIVERY_FAILURES}.
 */
public final class Archiver {
    private final ArchiveSink sink;
    private final Consumer<String> log;
    private final String stack;

    /** @param stack the stack the failure metric is counted for */
    public Archiver(ArchiveSink sink, Consumer<String> log, String stack) {
        this.sink = sink;
        this.log = log;
        this.stack = stack;
    }

    public StreamsEventResponse archive(DynamodbEvent event, LongSupplier remainingMs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> sequenceNumbers = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            ActionEvent stored = insertedEvent(record);
            if (stored == null) continue;
            rows.add(ArchiveSchema.row(stored));
            sequenceNumbers.add(record.getDynamodb().getSequenceNumber());
        }
        List<Integer> failed = rows.isEmpty() ? List.of() : sink.deliver(rows, remainingMs);
        if (failed.isEmpty()) return StreamsEventResponse.builder().withBatchItemFailures(new ArrayList<>()).build();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("level", "ERROR");
        fields.put("actionlog", "archive_delivery_failed");
        fields.put("reason", failed.size() + " of " + rows.size() + " row(s) not taken; the stream retries them from the first");
        fields.put("eventIds", failed.stream().limit(20).map(i -> rows.get(i).get(ArchiveSchema.EVENT_ID)).toList());
        log.accept(Json.write(Metrics.emf(Metrics.ARCHIVE_DELIVERY_FAILURES, failed.size(), stack, fields)));
        // the stream retries from this record on: those before it were delivered
        String first = sequenceNumbers.get(failed.get(0));
        return StreamsEventResponse.builder().withBatchItemFailures(
                new ArrayList<>(List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(first).build()))).build();
    }

    /** The event a record inserted into the table, or null when the record is anything else. */
    private ActionEvent insertedEvent(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null || record.getDynamodb().getNewImage() == null) {
            return null;
        }
        Map<String, AttributeValue> item = record.getDynamodb().getNewImage();
        AttributeValue pk = item.get(TableSchema.PK);
        AttributeValue json = item.get(TableSchema.EVENT_JSON);
        AttributeValue compact = item.get(TableSchema.EVENT_COMPACT);
        boolean hasEvent = (json != null && json.getS() != null) || (compact != null && compact.getB() != null);
        if (pk == null || pk.getS() == null || !pk.getS().startsWith(ItemMapper.USER_PREFIX) || !hasEvent) {
            return null;
        }
        try {
            if (compact != null && compact.getB() != null) {
                java.nio.ByteBuffer bytes = compact.getB().duplicate();
                byte[] stored = new byte[bytes.remaining()];
                bytes.get(stored);
                return EventCodec.decode(CompactEvent.decode(stored));
            }
            return EventCodec.decode(json.getS());
        } catch (InvalidEventException e) { // the consumer validated it before writing: only a hand-written item gets here
            log.accept(Json.write(Map.of("level", "ERROR", "actionlog", "archive_unreadable_item",
                    "key", pk.getS() + " " + item.get(TableSchema.SK), "reason", e.getMessage())));
            return null;
        }
    }
}

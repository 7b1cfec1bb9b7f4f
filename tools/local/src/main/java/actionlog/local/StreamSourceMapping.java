package actionlog.local;

import actionlog.core.ArchiveDelivery;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What Lambda's event source mapping on a DynamoDB stream does, for the local runtime: reads every shard of the table's
 * stream from the moment it starts (then each child shard from its start), hands the records to the handler as a
 * {@link DynamodbEvent}, and on a reported failure reads again from the failed record, up to {@link #RETRIES} times
 * before skipping the batch with an error (as the stack's mapping does after its retries; {@code archive backfill}
 * repairs what was skipped).
 */
final class StreamSourceMapping implements Runnable, AutoCloseable {
    static final int RETRIES = 3;
    /** How often the shards are listed again, to find the children of closed ones. */
    static final long DISCOVER_MS = 5_000;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this, "actionlog-stream-source-mapping");

    StreamSourceMapping(DynamoDbStreamsClient streams, String streamArn, RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.handler = handler;
        thread.setDaemon(true);
        discover(ShardIteratorType.LATEST); // from now on, as a new mapping starting at LATEST
    }

    StreamSourceMapping start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        long discovered = System.currentTimeMillis();
        while (running.get()) {
            try {
                if (System.currentTimeMillis() - discovered > DISCOVER_MS) {
                    discover(ShardIteratorType.TRIM_HORIZON); // shards opened since: read from their start
                    discovered = System.currentTimeMillis();
                }
                for (String shard : new ArrayList<>(iterators.keySet())) poll(shard);
            } catch (SdkException e) {
                if (!running.get()) return;
                System.err.println("stream source mapping: " + e.getMessage() + "; retrying");
            }
            sleep(ArchiveDelivery.LOCAL_STREAM_POLL_MS);
        }
    }

    private void discover(ShardIteratorType from) {
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            if (!seen.add(shard.shardId())) continue;
            boolean open = shard.sequenceNumberRange() == null || shard.sequenceNumberRange().endingSequenceNumber() == null;
            if (from == ShardIteratorType.LATEST && !open) continue; // closed before we started: nothing new in it
            iterators.put(shard.shardId(), iterator(shard.shardId(), from, null));
        }
    }

    private String iterator(String shard, ShardIteratorType type, String sequence) {
        return streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard).shardIteratorType(type).sequenceNumber(sequence))
                .shardIterator();
    }

    private void poll(String shard) {
        var page = streams.getRecords(r -> r.shardIterator(iterators.get(shard)).limit(1000));
        List<Record> records = page.records();
        String next = page.nextShardIterator();
        for (int attempt = 0; !records.isEmpty(); attempt++) {
            String failed = invoke(records);
            if (failed == null) break;
            if (attempt == RETRIES) {
                System.err.println("stream source mapping: " + records.size() + " record(s) from " + failed
                        + " skipped after " + RETRIES + " retries; `actionlog archive backfill --local` repairs the archive");
                break;
            }
            sleep(500L << attempt);
            records = records.subList(indexOf(records, failed), records.size());
        }
        if (next == null) iterators.remove(shard); // closed: its children are found by the next discovery
        else iterators.put(shard, next);
    }

    private static int indexOf(List<Record> records, String sequence) {
        for (int i = 0; i < records.size(); i++) if (records.get(i).dynamodb().sequenceNumber().equals(sequence)) return i;
        return 0;
    }

    /** Runs the handler on a batch; the sequence number it names as failed, or null. */
    private String invoke(List<Record> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records.stream().map(StreamSourceMapping::lambdaRecord).toList());
        try {
            StreamsEventResponse response = handler.handleRequest(event, new LocalContext("archive", 60_000));
            if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) return null;
            return response.getBatchItemFailures().get(0).getItemIdentifier();
        } catch (RuntimeException e) {
            System.err.println("archive function threw " + e + "; the batch will be retried");
            return records.get(0).dynamodb().sequenceNumber();
        }
    }

    /** An SDK stream record as Lambda's event carries it (the archive function reads event name, sequence and new image). */
    static DynamodbEvent.DynamodbStreamRecord lambdaRecord(Record record) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventName(record.eventNameAsString());
        out.setEventSource("aws:dynamodb");
        StreamRecord stream = new StreamRecord().withSequenceNumber(record.dynamodb().sequenceNumber());
        if (record.dynamodb().hasNewImage()) stream.setNewImage(image(record.dynamodb().newImage()));
        if (record.dynamodb().hasKeys()) stream.setKeys(image(record.dynamodb().keys()));
        out.setDynamodb(stream);
        return out;
    }

    private static Map<String, AttributeValue> image(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> out = new HashMap<>();
        item.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue out = new AttributeValue();
        if (v.s() != null) out.setS(v.s());
        else if (v.n() != null) out.setN(v.n());
        else if (v.b() != null) out.setB(v.b().asByteBuffer());
        else if (v.bool() != null) out.setBOOL(v.bool());
        else if (Boolean.TRUE.equals(v.nul())) out.setNULL(true);
        else if (v.hasM()) out.setM(image(v.m()));
        else if (v.hasL()) out.setL(v.l().stream().map(StreamSourceMapping::value).toList());
        else if (v.hasSs()) out.setSS(v.ss());
        else if (v.hasNs()) out.setNS(v.ns());
        return out;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

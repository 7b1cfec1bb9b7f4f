package actionlog.consumer;

import actionlog.core.BatchPacker;
import actionlog.core.BatchRetry;
import actionlog.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Rows to Firehose's Iceberg delivery with PutRecordBatch: one JSON object per row, calls within Firehose's bounds
 * (500 records, 4 MiB), refused records (throttling, a service error) sent again with exponential backoff and full
 * jitter while the invocation has time left. Firehose commits to the Iceberg table itself, exactly once per record it
 * accepted.
 */
public final class FirehoseArchiveSink implements ArchiveSink {
    static final int MAX_RECORDS = 500;
    static final long MAX_BYTES = 4L * 1024 * 1024;
    static final long BASE_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;

    private final FirehoseClient firehose;
    private final String stream;
    private final BatchRetry.Sleeper sleeper;
    private final RandomGenerator random;

    public FirehoseArchiveSink(FirehoseClient firehose, String stream, BatchRetry.Sleeper sleeper, RandomGenerator random) {
        this.firehose = firehose;
        this.stream = stream;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public List<Integer> deliver(List<Map<String, Object>> rows, LongSupplier remainingMs) {
        List<byte[]> records = rows.stream().map(r -> Json.write(r).getBytes(StandardCharsets.UTF_8)).toList();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) all.add(i);
        BatchRetry.Result<List<Integer>> result = BatchRetry.run(all, pending -> {
            List<Integer> refused = new ArrayList<>();
            for (List<Integer> call : BatchPacker.pack(pending, i -> records.get(i).length, MAX_RECORDS, MAX_BYTES)) {
                refused.addAll(put(call, records));
            }
            return refused;
        }, List::isEmpty, new BatchRetry.Policy(Integer.MAX_VALUE, BASE_BACKOFF_MS, MAX_BACKOFF_MS, remainingMs,
                BatchWriter.SAFETY_MS, sleeper, random));
        return result.pending();
    }

    /** One PutRecordBatch; the positions of the records it did not take (all of them if the call failed). */
    private List<Integer> put(List<Integer> call, List<byte[]> records) {
        PutRecordBatchResponse response;
        try {
            response = firehose.putRecordBatch(r -> r.deliveryStreamName(stream)
                    .records(call.stream().map(i -> Record.builder().data(SdkBytes.fromByteArray(records.get(i))).build()).toList()));
        } catch (SdkException e) {
            return call;
        }
        if (response.failedPutCount() == null || response.failedPutCount() == 0) return List.of();
        List<Integer> refused = new ArrayList<>();
        List<PutRecordBatchResponseEntry> entries = response.requestResponses();
        for (int k = 0; k < call.size(); k++) {
            if (k >= entries.size() || entries.get(k).errorCode() != null) refused.add(call.get(k));
        }
        return refused;
    }
}

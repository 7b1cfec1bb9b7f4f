package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import actionlog.core.Threads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Search across users by path and outcome on the {@link TableSchema#SEARCH_INDEX} index: a Query per hour bucket and
 * shard, newest bucket first, the path prefix in the key condition; never a Scan. The Queries return the table keys
 * only; the events are fetched by key, {@value #FETCH_BATCH} per BatchGetItem, several batches at once.
 */
final class PathSearch {
    /** The shards of a search bucket are queried at once (the client is thread-safe). */
    private static final ExecutorService SHARD_QUERIES = Threads.daemonPool("actionlog-search", TableSchema.SEARCH_SHARDS);
    private static final long HOUR_MS = 3_600_000L;
    /** Keys per BatchGetItem: DynamoDB's maximum. */
    static final int FETCH_BATCH = 100;

    private final TableReader reader;

    PathSearch(TableReader reader) {
        this.reader = reader;
    }

    /**
     * Events of all users whose path starts with the filter's prefix (and method/status match), newest first, at most
     * {@code limit} (0 = all). The range must have a start and be at most {@link TableSchema#SEARCH_MAX_RANGE} wide;
     * an open end means now. The shards of a bucket are queried in parallel.
     */
    List<ActionEvent> search(TimeRange range, EventStore.Filters filters, int limit) {
        if (range.fromMs() <= 0) {
            throw new IllegalArgumentException("a search needs the start of its time range (since or from)");
        }
        long to = Math.min(range.toMs(), System.currentTimeMillis() + 60_000);
        if (to - range.fromMs() > TableSchema.SEARCH_MAX_RANGE.toMillis()) {
            throw new IllegalArgumentException("a search may cover at most " + TableSchema.SEARCH_MAX_RANGE.toDays()
                    + " days; narrow its time range");
        }
        List<ActionEvent> events = new ArrayList<>();
        for (long bucket = to - Math.floorMod(to, HOUR_MS); bucket + HOUR_MS > range.fromMs(); bucket -= HOUR_MS) {
            List<CompletableFuture<List<Map<String, AttributeValue>>>> shards = new ArrayList<>();
            for (int shard = 0; shard < TableSchema.SEARCH_SHARDS; shard++) {
                QueryRequest request = query(ItemMapper.searchKey(bucket, shard), new TimeRange(range.fromMs(), to), filters);
                shards.add(CompletableFuture.supplyAsync(() -> reader.all(request), SHARD_QUERIES));
            }
            List<Map<String, AttributeValue>> matches = new ArrayList<>();
            try {
                for (var shard : shards) matches.addAll(shard.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            matches.sort((a, b) -> b.get(TableSchema.SK).s().compareTo(a.get(TableSchema.SK).s()));
            if (limit > 0 && matches.size() > limit - events.size()) matches = matches.subList(0, limit - events.size());
            events.addAll(fetch(matches));
            if (limit > 0 && events.size() >= limit) break;
        }
        return events;
    }

    /**
     * The events behind index items, in the items' order: batches of {@value #FETCH_BATCH} keys fetched and decoded on
     * the search pool at once (one batch, the first page's, on the calling thread).
     */
    private List<ActionEvent> fetch(List<Map<String, AttributeValue>> matches) {
        if (matches.size() <= FETCH_BATCH) return reader.decode(reader.fetch(matches));
        List<CompletableFuture<List<ActionEvent>>> batches = new ArrayList<>();
        for (int i = 0; i < matches.size(); i += FETCH_BATCH) {
            List<Map<String, AttributeValue>> batch = matches.subList(i, Math.min(matches.size(), i + FETCH_BATCH));
            batches.add(CompletableFuture.supplyAsync(() -> reader.decode(reader.fetch(batch)), SHARD_QUERIES));
        }
        List<ActionEvent> events = new ArrayList<>(matches.size());
        try {
            for (var batch : batches) events.addAll(batch.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return events;
    }

    /**
     * The Query of one bucket and shard; a path prefix is also a key condition on the index's sort key. Only the
     * table's keys come back (what the sort and the fetch need); the filters still see every projected attribute.
     */
    private QueryRequest query(String key, TimeRange range, EventStore.Filters filters) {
        QueryRequest.Builder builder = reader.query(new EventStore.Selector(TableSchema.SEARCH_INDEX, TableSchema.SEARCH_KEY, key, false, "search"), range, filters);
        QueryRequest built = builder.build();
        Map<String, String> names = new HashMap<>(built.expressionAttributeNames());
        names.put("#tpk", TableSchema.PK);
        names.put("#tsk", TableSchema.SK);
        builder.projectionExpression("#tpk, #tsk");
        String prefix = filters.pathPrefix();
        if (prefix == null || prefix.isEmpty()) return builder.expressionAttributeNames(names).build();
        Map<String, AttributeValue> values = new HashMap<>(built.expressionAttributeValues());
        names.put("#ss", TableSchema.SEARCH_SORT);
        String keyPrefix = prefix.substring(0, Math.min(prefix.length(), TableSchema.SEARCH_PREFIX_KEY_CHARS));
        values.put(":pk", AttributeValue.fromS(keyPrefix));
        values.put(":pkhi", AttributeValue.fromS(upperBound(keyPrefix)));
        return builder.keyConditionExpression(built.keyConditionExpression() + " AND #ss BETWEEN :pk AND :pkhi")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    /**
     * The greatest sort key that starts with {@code prefix}, as far as a key can tell: the prefix followed by U+10FFFF,
     * the greatest code point (UTF-8 F4 8F BF BF, DynamoDB compares bytes), up to the 1,024-byte key limit. {@code
     * BETWEEN prefix AND upperBound(prefix)} selects the same index items as {@code begins_with}, and DynamoDB Local
     * reads only that key range for it where it reads the shard's partition from its start for {@code begins_with}
     * (docs/BENCHMARKS.md). The range holds every key that starts with the prefix and no other, but for a key whose
     * path continues with some 190 U+10FFFF (a noncharacter) in a row.
     */
    static String upperBound(String prefix) {
        int room = 1024 - prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return prefix + "\uDBFF\uDFFF".repeat(Math.max(0, room / 4));
    }
}

package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.BatchRetry;
import actionlog.core.InvalidEventException;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reading the events table: the Query of a selector, time range and filters; its pages (the SDK's paginator, never
 * a hand-written loop); the events behind index items (BatchGetItem by key); decoding items into events.
 */
final class TableReader {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Consumer<String> warnings;

    TableReader(DynamoDbClient dynamo, String table, Consumer<String> warnings) {
        this.dynamo = dynamo;
        this.table = table;
        this.warnings = warnings;
    }

    String table() {
        return table;
    }

    /** The pages of one Query, fetched lazily as they are iterated (stop iterating to stop reading). */
    Iterable<QueryResponse> pages(QueryRequest request) {
        return dynamo.queryPaginator(request);
    }

    /** Every item of one Query. */
    List<Map<String, AttributeValue>> all(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (QueryResponse page : pages(request)) items.addAll(page.items());
        return items;
    }

    /**
     * One item by its key, or null. Read with BatchGetItem like every other read by key, so support staff need that
     * one action on the table (the managed support policy grants exactly it), not GetItem as well.
     */
    Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        List<Map<String, AttributeValue>> found = new ArrayList<>(1);
        BatchRetry.Result<Map<String, KeysAndAttributes>> result = BatchRetry.run(
                Map.of(table, KeysAndAttributes.builder().keys(List.of(key)).build()), request -> {
                    BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(request));
                    found.addAll(response.responses().getOrDefault(table, List.of()));
                    return response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
                }, Map::isEmpty, BatchRetry.Policy.interactive());
        if (!result.done()) throw unprocessed("reads");
        return found.isEmpty() ? null : found.get(0);
    }

    /** A Query on the table's own key: every item of one partition, only the given attributes (null projection: all). */
    QueryRequest partition(String partitionKey, String projection, Map<String, String> projectionNames) {
        Map<String, String> names = new HashMap<>(projectionNames);
        names.put("#k", TableSchema.PK);
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(partitionKey)))
                .projectionExpression(projection)
                .build();
    }

    /**
     * Events of the selector in the range, oldest first; with a limit, the newest {@code limit} (still oldest
     * first). Expired items (TTL passed, not yet deleted) are left out.
     */
    List<ActionEvent> events(EventStore.Selector selector, TimeRange range, EventStore.Filters filters, int limit,
                             Consumer<Integer> progress) {
        if (TableSchema.SESSION_INDEX.equals(selector.index())) return sessionEvents(selector, range, filters, limit, progress);
        List<ActionEvent> events = new ArrayList<>();
        boolean newestFirst = limit > 0 && selector.timeSorted();
        QueryRequest.Builder request = query(selector, range, filters).scanIndexForward(!newestFirst);
        if (limit > 0) request.limit(Math.min(1000, Math.max(limit, 25)));
        for (QueryResponse page : pages(request.build())) {
            List<Map<String, AttributeValue>> items = page.items();
            if (limit > 0 && items.size() > limit - events.size()) items = items.subList(0, limit - events.size());
            events.addAll(decode(selector.index() != null ? fetch(items) : items));
            if (progress != null) progress.accept(events.size());
            if (limit > 0 && events.size() >= limit) break;
        }
        if (newestFirst) java.util.Collections.reverse(events);
        return events;
    }

    private static final long HOUR_MS = 3_600_000L;
    /** The newest sort key a time range can reach: 13 digits of epoch ms. */
    private static final long MAX_MS = 9_999_999_999_999L;

    /**
     * A session's events, oldest first (with a limit, the newest {@code limit}). Compact items are not in the session
     * index: the session's pointers ({@link ItemMapper#sessionPointer}) name each user and hour it had events in, and
     * each user's partition is read over those hours, filtered on the session. Items an older consumer wrote are
     * still in the session index and read from there. Both together, each item once.
     */
    private List<ActionEvent> sessionEvents(EventStore.Selector selector, TimeRange range, EventStore.Filters filters, int limit,
                                            Consumer<Integer> progress) {
        Map<String, Map<String, AttributeValue>> found = new java.util.TreeMap<>();
        for (QueryResponse page : pages(query(selector, range, filters).build())) { // items of older consumers
            for (Map<String, AttributeValue> item : fetch(page.items())) found.put(item.get(TableSchema.SK).s() + '\n' + keyOf(item), item);
        }
        String session = selector.keyValue();
        long to = Math.min(range.toMs(), MAX_MS);
        Map<String, long[]> hours = new java.util.LinkedHashMap<>(); // user -> first and last hour start
        QueryRequest pointers = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#k = :k AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#k", TableSchema.PK, "#s", TableSchema.SK))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(ItemMapper.sessionPointerKey(session)),
                        ":lo", AttributeValue.fromS(ItemMapper.hourBucket(range.fromMs())),
                        ":hi", AttributeValue.fromS(ItemMapper.hourBucket(to) + "#\uffff")))
                .build();
        for (Map<String, AttributeValue> pointer : all(pointers)) {
            String sk = pointer.get(TableSchema.SK).s();
            int hash = sk.indexOf('#');
            String bucket = sk.substring(0, hash); // yyyyMMddHH, UTC
            long hour = java.time.LocalDateTime.of(Integer.parseInt(bucket.substring(0, 4)), Integer.parseInt(bucket.substring(4, 6)),
                    Integer.parseInt(bucket.substring(6, 8)), Integer.parseInt(bucket.substring(8, 10)), 0).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            hours.merge(sk.substring(hash + 1), new long[] {hour, hour}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        for (Map.Entry<String, long[]> user : hours.entrySet()) {
            TimeRange window = new TimeRange(Math.max(range.fromMs(), user.getValue()[0]),
                    Math.max(Math.max(range.fromMs(), user.getValue()[0]), Math.min(to, user.getValue()[1] + HOUR_MS - 1)));
            QueryRequest built = query(EventStore.Selector.user(user.getKey()), window, filters).build();
            Map<String, String> names = new HashMap<>(built.expressionAttributeNames());
            Map<String, AttributeValue> values = new HashMap<>(built.expressionAttributeValues());
            names.put("#ses", TableSchema.SESSION);
            values.put(":ses", AttributeValue.fromS(session));
            QueryRequest request = built.toBuilder().filterExpression(built.filterExpression() + " AND #ses = :ses")
                    .expressionAttributeNames(names).expressionAttributeValues(values).build();
            for (Map<String, AttributeValue> item : all(request)) found.put(item.get(TableSchema.SK).s() + '\n' + keyOf(item), item);
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>(found.values()); // by time, then key
        if (limit > 0 && items.size() > limit) items = items.subList(items.size() - limit, items.size());
        List<ActionEvent> events = decode(items);
        if (progress != null) progress.accept(events.size());
        return events;
    }

    /** Items as events; an unreadable item is skipped with a warning naming its key. */
    List<ActionEvent> decode(List<Map<String, AttributeValue>> items) {
        List<ActionEvent> events = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            try {
                events.add(ItemMapper.fromItem(item));
            } catch (InvalidEventException e) {
                warnings.accept("skipping unreadable item " + item.get(TableSchema.SK) + ": " + e.getMessage());
            }
        }
        return events;
    }

    /**
     * Index items carry keys and the filter attributes only ({@link TableSchema#INDEX_ATTRIBUTES}): the events come
     * from the table by key, up to 100 per BatchGetItem, in the index's order. An event erased meanwhile is left out.
     */
    List<Map<String, AttributeValue>> fetch(List<Map<String, AttributeValue>> indexItems) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (int i = 0; i < indexItems.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = indexItems.subList(i, Math.min(indexItems.size(), i + 100)).stream()
                    .map(ItemMapper::key).toList();
            BatchRetry.Result<Map<String, KeysAndAttributes>> result = BatchRetry.run(
                    Map.of(table, KeysAndAttributes.builder().keys(keys).build()), request -> {
                        BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(request));
                        response.responses().getOrDefault(table, List.of()).forEach(item -> found.put(keyOf(item), item));
                        return response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
                    }, Map::isEmpty, BatchRetry.Policy.interactive());
            if (!result.done()) throw unprocessed("reads");
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>(indexItems.size());
        for (Map<String, AttributeValue> indexItem : indexItems) {
            Map<String, AttributeValue> item = found.get(keyOf(indexItem));
            if (item != null) items.add(item);
        }
        return items;
    }

    static IllegalStateException unprocessed(String what) {
        return new IllegalStateException("some " + what + " stayed unprocessed after retries (table throttled); run the command again");
    }

    private static String keyOf(Map<String, AttributeValue> item) {
        return item.get(TableSchema.PK).s() + '\n' + item.get(TableSchema.SK).s();
    }

    /** The Query of a selector: its key, the time range on the sort key, TTL and the filters. */
    QueryRequest.Builder query(EventStore.Selector selector, TimeRange range, EventStore.Filters filters) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#k", selector.keyAttribute());
        values.put(":k", AttributeValue.fromS(selector.keyValue()));
        String keyCondition = "#k = :k";
        List<String> filter = new ArrayList<>();
        if (range.bounded()) {
            names.put("#s", TableSchema.SK);
            values.put(":lo", AttributeValue.fromS(ItemMapper.timePrefix(range.fromMs())));
            values.put(":hi", AttributeValue.fromS(ItemMapper.timeUpperBound(Math.min(range.toMs(), 9_999_999_999_999L))));
            // time-sorted keys bound the Query itself; the event-id index has no sort key, so it filters instead
            if (selector.timeSorted()) keyCondition += " AND #s BETWEEN :lo AND :hi";
            else filter.add("#s BETWEEN :lo AND :hi");
        }
        names.put("#ttl", TableSchema.TTL);
        values.put(":now", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond())));
        filter.add("(attribute_not_exists(#ttl) OR #ttl > :now)");
        if (filters.method() != null) {
            names.put("#m", TableSchema.METHOD);
            values.put(":m", AttributeValue.fromS(filters.method().toUpperCase(Locale.ROOT)));
            filter.add("#m = :m");
        }
        if (filters.pathPrefix() != null) {
            names.put("#p", TableSchema.PATH);
            values.put(":p", AttributeValue.fromS(filters.pathPrefix()));
            filter.add("begins_with(#p, :p)");
        }
        if (filters.status() != null) {
            int[] bounds = EventStore.Filters.statusBounds(filters.status());
            names.put("#st", TableSchema.STATUS);
            values.put(":stlo", AttributeValue.fromN(Integer.toString(bounds[0])));
            values.put(":sthi", AttributeValue.fromN(Integer.toString(bounds[1])));
            filter.add("#st BETWEEN :stlo AND :sthi");
        }
        QueryRequest.Builder builder = QueryRequest.builder().tableName(table)
                .keyConditionExpression(keyCondition)
                .filterExpression(String.join(" AND ", filter))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
        if (selector.index() != null) builder.indexName(selector.index());
        return builder;
    }
}

package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.Erasures;
import actionlog.core.Identity;
import actionlog.core.InvalidEventException;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Support queries over the events table: always a Query on the table or an index, never a Scan. */
public final class EventStore {

    /** Which key to query: the table (user) or one of the indexes. */
    public record Selector(String index, String keyAttribute, String keyValue, boolean timeSorted, String label) {
        public static Selector user(String userId) {
            return new Selector(null, TableSchema.PK, ItemMapper.userKey(userId), true, "user " + userId);
        }

        /** A session id as stored ({@code s_…}) or a raw session cookie value, which is hashed the same way. */
        public static Selector session(String session) {
            String id = session.startsWith(Identity.SESSION_PREFIX) ? session : Identity.sessionId(session);
            return new Selector(TableSchema.SESSION_INDEX, TableSchema.SESSION_KEY, id, true, "session " + id);
        }

        public static Selector request(String eventId) {
            return new Selector(TableSchema.EVENT_ID_INDEX, TableSchema.EVENT_ID_KEY, eventId, false, "request " + eventId);
        }

        public static Selector ip(String address) {
            return new Selector(TableSchema.IP_INDEX, TableSchema.IP_KEY, address, true, "address " + address);
        }
    }

    /** Server-side filters; null fields do not filter. {@code status} is "404", "5xx" or "4xx". */
    public record Filters(String method, String pathPrefix, String status) {
        public static final Filters NONE = new Filters(null, null, null);

        public Filters {
            if (status != null) statusBounds(status); // fails early with the usage message
        }
    }

    /** The shards of a search bucket are queried at once (the client is thread-safe). */
    private static final java.util.concurrent.ExecutorService SHARD_QUERIES =
            actionlog.core.Threads.daemonPool("actionlog-search", TableSchema.SEARCH_SHARDS);

    private final DynamoDbClient dynamo;
    private final String table;

    public EventStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /**
     * Events of the selector in the range, oldest first. With a limit, the newest {@code limit} events (still
     * returned oldest first). Expired items (TTL passed, not yet deleted) are left out.
     */
    public List<ActionEvent> find(Selector selector, TimeRange range, Filters filters, int limit,
                                  Consumer<Integer> progress) {
        List<ActionEvent> events = query(selector, range, filters, limit, progress);
        String user = userOf(selector);
        if (user == null) return events;
        List<ActionEvent> stitched = stitched(user, range, filters, limit);
        if (stitched.isEmpty()) return events;
        List<ActionEvent> all = new ArrayList<>(events);
        all.addAll(stitched);
        all.sort(java.util.Comparator.comparing((ActionEvent e) -> e.string(ActionEvent.F_TIME)).thenComparing(ActionEvent::id));
        return limit > 0 && all.size() > limit ? all.subList(all.size() - limit, all.size()) : all;
    }

    /** The user a selector asks for, or null when it asks for something else. */
    private static String userOf(Selector selector) {
        return selector.index() == null && selector.keyValue().startsWith(ItemMapper.USER_PREFIX)
                ? selector.keyValue().substring(ItemMapper.USER_PREFIX.length()) : null;
    }

    /** The sessions linked to a user ({@link Names#LINK_PREFIX}): one Query on the table's own key. */
    public List<String> sessionsOf(String userId) {
        List<String> sessions = new ArrayList<>();
        QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", TableSchema.PK, "#s", TableSchema.SK))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(ItemMapper.linkKey(userId))))
                .projectionExpression("#s");
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) request.exclusiveStartKey(start);
            QueryResponse page = dynamo.query(request.build());
            page.items().forEach(item -> sessions.add(item.get(TableSchema.SK).s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return sessions;
    }

    /**
     * Identity stitching: the anonymous events of the user's sessions (before sign-in, or answers the application
     * sent without naming anyone), each marked with {@link ActionEvent#F_STITCHED_TO}. Queries only: the user's
     * links, then the session index per session.
     */
    private List<ActionEvent> stitched(String user, TimeRange range, Filters filters, int limit) {
        List<ActionEvent> found = new ArrayList<>();
        for (String session : sessionsOf(user)) {
            for (ActionEvent event : query(Selector.session(session), range, filters, limit, null)) {
                if (Identity.ANONYMOUS.equals(event.string(ActionEvent.F_USER_SOURCE))) {
                    found.add(event.put(ActionEvent.F_STITCHED_TO, user));
                }
            }
        }
        return found;
    }

    private List<ActionEvent> query(Selector selector, TimeRange range, Filters filters, int limit,
                                    Consumer<Integer> progress) {
        List<ActionEvent> events = new ArrayList<>();
        boolean newestFirst = limit > 0 && selector.timeSorted();
        QueryRequest.Builder request = query(selector, range, filters).scanIndexForward(!newestFirst);
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) request.exclusiveStartKey(start);
            if (limit > 0) request.limit(Math.min(1000, Math.max(limit - events.size(), 25)));
            QueryResponse page = dynamo.query(request.build());
            List<Map<String, AttributeValue>> items = page.items();
            if (limit > 0 && items.size() > limit - events.size()) items = items.subList(0, limit - events.size());
            if (selector.index() != null) items = fetch(items);
            for (Map<String, AttributeValue> item : items) {
                try {
                    events.add(ItemMapper.fromItem(item));
                } catch (InvalidEventException e) {
                    System.err.println("skipping unreadable item " + item.get(TableSchema.SK) + ": " + e.getMessage());
                }
            }
            if (progress != null) progress.accept(events.size());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && (limit <= 0 || events.size() < limit));
        if (newestFirst) Collections.reverse(events);
        return events;
    }

    /**
     * Events of all users whose path starts with the filter's prefix (and method/status match), newest first,
     * at most {@code limit} (0 = all). A Query per hour bucket and shard of the {@link Names#SEARCH_INDEX} index,
     * newest bucket first, the path prefix in the key condition; never a Scan. The range must be bounded (from
     * given) and at most {@link Names#SEARCH_MAX_RANGE} wide; an open end means now. The shards of a bucket are
     * queried in parallel.
     */
    public List<ActionEvent> search(TimeRange range, Filters filters, int limit) {
        if (range.fromMs() <= 0) {
            throw new IllegalArgumentException("a search needs a time range; pass --since (e.g. 1h) or --from");
        }
        long to = Math.min(range.toMs(), System.currentTimeMillis() + 60_000);
        if (to - range.fromMs() > TableSchema.SEARCH_MAX_RANGE.toMillis()) {
            throw new IllegalArgumentException("a search may cover at most " + TableSchema.SEARCH_MAX_RANGE.toDays()
                    + " days; narrow it with --since, --from and --to");
        }
        List<ActionEvent> events = new ArrayList<>();
        long hour = 3_600_000L;
        for (long bucket = to - Math.floorMod(to, hour); bucket + hour > range.fromMs(); bucket -= hour) {
            List<CompletableFuture<List<Map<String, AttributeValue>>>> shards = new ArrayList<>();
            for (int shard = 0; shard < TableSchema.SEARCH_SHARDS; shard++) {
                QueryRequest.Builder request = searchQuery(ItemMapper.searchKey(bucket, shard), new TimeRange(range.fromMs(), to), filters);
                shards.add(CompletableFuture.supplyAsync(() -> queryAll(request), SHARD_QUERIES));
            }
            List<Map<String, AttributeValue>> matches = new ArrayList<>();
            try {
                for (var shard : shards) matches.addAll(shard.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            matches.sort((a, b) -> b.get(TableSchema.SK).s().compareTo(a.get(TableSchema.SK).s()));
            if (limit > 0 && matches.size() > limit - events.size()) matches = matches.subList(0, limit - events.size());
            for (Map<String, AttributeValue> item : fetch(matches)) {
                try {
                    events.add(ItemMapper.fromItem(item));
                } catch (InvalidEventException e) {
                    System.err.println("skipping unreadable item " + item.get(TableSchema.SK) + ": " + e.getMessage());
                }
            }
            if (limit > 0 && events.size() >= limit) break;
        }
        return events;
    }

    /** Every page of one Query (one bucket and shard of the search index). */
    private List<Map<String, AttributeValue>> queryAll(QueryRequest.Builder request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) request.exclusiveStartKey(start);
            QueryResponse page = dynamo.query(request.build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private QueryRequest.Builder searchQuery(String key, TimeRange range, Filters filters) {
        QueryRequest.Builder builder = query(new Selector(TableSchema.SEARCH_INDEX, TableSchema.SEARCH_KEY, key, false, "search"), range, filters);
        QueryRequest built = builder.build();
        String prefix = filters.pathPrefix();
        if (prefix == null || prefix.isEmpty()) return builder;
        Map<String, String> names = new HashMap<>(built.expressionAttributeNames());
        Map<String, AttributeValue> values = new HashMap<>(built.expressionAttributeValues());
        names.put("#ss", TableSchema.SEARCH_SORT);
        values.put(":pk", AttributeValue.fromS(prefix.substring(0, Math.min(prefix.length(), TableSchema.SEARCH_PREFIX_KEY_CHARS))));
        return builder.keyConditionExpression(built.keyConditionExpression() + " AND begins_with(#ss, :pk)")
                .expressionAttributeNames(names).expressionAttributeValues(values);
    }

    /**
     * What erasing a user removed: their events, the anonymous events of their sessions, and the session links.
     */
    public record Erasure(int events, int stitched, int links) {
        public int total() {
            return events + stitched;
        }
    }

    /** Erases every event of a user, stitched anonymous ones included (see {@link #forget}); returns how many. */
    public int forgetUser(String userId) {
        return forget(userId).total();
    }

    public Erasure forget(String givenUserId) {
        return forget(givenUserId, System.currentTimeMillis());
    }

    /**
     * Right to erasure. First the user goes on the suppression list ({@link Erasures}), so a consumer writing
     * meanwhile, and recover, replay and redrive later, drop the user's events; then the user's events (the id as
     * given or as the edge stores it, trimmed and bounded), the anonymous events of each linked session (found
     * through the session index), and the links themselves. Queries and deletes by key only.
     */
    public Erasure forget(String givenUserId, long nowMs) {
        String userId = Erasures.storedUserId(givenUserId);
        dynamo.putItem(r -> r.tableName(table).item(Erasures.item(userId, nowMs)));
        int stitched = 0;
        List<String> sessions = sessionsOf(userId);
        for (String session : sessions) {
            List<WriteRequest> deletes = new ArrayList<>();
            for (ActionEvent event : query(Selector.session(session), TimeRange.ALL, Filters.NONE, 0, null)) {
                if (!Identity.ANONYMOUS.equals(event.string(ActionEvent.F_USER_SOURCE))) continue;
                Map<String, AttributeValue> key = Map.of(TableSchema.PK, AttributeValue.fromS(ItemMapper.userKey(event.userId())),
                        TableSchema.SK, AttributeValue.fromS(ItemMapper.sortKey(event.receivedAt().toEpochMilli(), event.id())));
                deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
            }
            for (int i = 0; i < deletes.size(); i += 25) writeAll(deletes.subList(i, Math.min(deletes.size(), i + 25)));
            stitched += deletes.size();
        }
        int events = deletePartition(ItemMapper.userKey(userId));
        int links = deletePartition(ItemMapper.linkKey(userId));
        return new Erasure(events, stitched, links);
    }

    private int deletePartition(String partitionKey) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", TableSchema.PK, "#s", TableSchema.SK))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(partitionKey)))
                .projectionExpression("#k, #s");
        int deleted = 0;
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) request.exclusiveStartKey(start);
            QueryResponse page = dynamo.query(request.build());
            List<WriteRequest> deletes = page.items().stream()
                    .map(item -> WriteRequest.builder().deleteRequest(d -> d.key(ItemMapper.key(item))).build()).toList();
            for (int i = 0; i < deletes.size(); i += 25) {
                writeAll(deletes.subList(i, Math.min(deletes.size(), i + 25)));
            }
            deleted += deletes.size();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return deleted;
    }

    private void writeAll(List<WriteRequest> requests) {
        untilProcessed(requests, batch -> {
            var unprocessed = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch))).unprocessedItems();
            return unprocessed == null ? List.of() : unprocessed.getOrDefault(table, List.of());
        }, List::isEmpty, "deletes");
    }

    /**
     * Index items carry keys and the filter attributes only ({@link Names#INDEX_ATTRIBUTES}): the events come from
     * the table by key, up to 100 per BatchGetItem, in the index's order. An event erased meanwhile is left out.
     */
    private List<Map<String, AttributeValue>> fetch(List<Map<String, AttributeValue>> indexItems) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (int i = 0; i < indexItems.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = indexItems.subList(i, Math.min(indexItems.size(), i + 100)).stream()
                    .map(ItemMapper::key).toList();
            untilProcessed(Map.of(table, KeysAndAttributes.builder().keys(keys).build()), request -> {
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(request));
                response.responses().getOrDefault(table, List.of()).forEach(item -> found.put(keyOf(item), item));
                return response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
            }, Map::isEmpty, "reads");
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>(indexItems.size());
        for (Map<String, AttributeValue> indexItem : indexItems) {
            Map<String, AttributeValue> item = found.get(keyOf(indexItem));
            if (item != null) items.add(item);
        }
        return items;
    }

    private static String keyOf(Map<String, AttributeValue> item) {
        return item.get(TableSchema.PK).s() + '\n' + item.get(TableSchema.SK).s();
    }

    /** Repeats a batch call with what it left unprocessed, backing off; gives up after 10 retries with the fix. */
    private static <T> void untilProcessed(T first, UnaryOperator<T> call, Predicate<T> done, String what) {
        T pending = first;
        for (int attempt = 0; !done.test(pending); attempt++) {
            if (attempt > 10) throw new IllegalStateException("some " + what + " stayed unprocessed after retries (table throttled); run the command again");
            if (attempt > 0) sleep(Math.min(2000, 50L << Math.min(attempt, 6)));
            pending = call.apply(pending);
        }
    }

    private QueryRequest.Builder query(Selector selector, TimeRange range, Filters filters) {
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
            values.put(":m", AttributeValue.fromS(filters.method().toUpperCase(java.util.Locale.ROOT)));
            filter.add("#m = :m");
        }
        if (filters.pathPrefix() != null) {
            names.put("#p", TableSchema.PATH);
            values.put(":p", AttributeValue.fromS(filters.pathPrefix()));
            filter.add("begins_with(#p, :p)");
        }
        if (filters.status() != null) {
            int[] bounds = statusBounds(filters.status());
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

    static int[] statusBounds(String status) {
        String s = status.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.matches("[1-5]xx")) {
            int base = (s.charAt(0) - '0') * 100;
            return new int[] {base, base + 99};
        }
        if (s.matches("[1-5]\\d\\d")) {
            int code = Integer.parseInt(s);
            return new int[] {code, code};
        }
        throw new IllegalArgumentException("--status '" + status + "' is not a status; use e.g. 404 or 5xx");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.BatchRetry;
import actionlog.core.Erasures;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Right to erasure in the events table, following the person rather than a cookie. First the user goes on the
 * suppression list ({@link Erasures}), so a consumer writing meanwhile, and recover, replay and redrive later, drop the
 * user's events; then exactly the anonymous events in the windows of the user's links (the pages each browser saw
 * before signing in, never another browser's, never outside the window), whose windows go on the suppression list
 * too; then the user's events (the id as given or as the edge stores it, trimmed and bounded) and the links in both
 * directions, and the session pointers that name the user. Queries, reads and writes by key only.
 */
final class Eraser {
    private static final int WRITE_BATCH = 25;

    private final DynamoDbClient dynamo;
    private final TableReader reader;

    Eraser(DynamoDbClient dynamo, TableReader reader) {
        this.dynamo = dynamo;
        this.reader = reader;
    }

    EventStore.Erasure forget(String givenUserId, long nowMs) {
        String userId = Erasures.storedUserId(givenUserId);
        People people = new People(reader);
        List<People.Link> links = people.linksOf(userId); // before the erasure is listed: windows reach back as they were
        dynamo.putItem(r -> r.tableName(reader.table()).item(Erasures.item(userId, nowMs)));
        Map<String, java.util.Set<String>> windows = new java.util.LinkedHashMap<>();
        for (People.Link link : links) windows.computeIfAbsent(link.key(), k -> new java.util.LinkedHashSet<>())
                .add(Erasures.window(link.fromMs(), link.toMs()));
        for (Map.Entry<String, java.util.Set<String>> key : windows.entrySet()) { // listed before the deletes: nothing slips back
            Map<String, AttributeValue> existing = reader.item(Erasures.windowsKey(key.getKey()));
            java.util.Set<String> all = new java.util.LinkedHashSet<>(existing == null ? List.of() : Erasures.windows(existing));
            all.addAll(key.getValue());
            dynamo.putItem(r -> r.tableName(reader.table()).item(Erasures.windowsItem(key.getKey(), all)));
        }
        List<WriteRequest> deletes = new ArrayList<>();
        for (ActionEvent event : people.stitched(userId, TimeRange.ALL, EventStore.Filters.NONE, 0)) {
            deletes.add(delete(Map.of(TableSchema.PK, AttributeValue.fromS(ItemMapper.userKey(event.userId())),
                    TableSchema.SK, AttributeValue.fromS(ItemMapper.sortKey(event.receivedAt().toEpochMilli(), event.id())))));
        }
        deleteAll(deletes);
        deleteAll(links.stream().map(link -> delete(Map.of(TableSchema.PK, AttributeValue.fromS(TableSchema.LINK_REVERSE_PREFIX + link.key()),
                TableSchema.SK, AttributeValue.fromS(link.sortKey())))).toList());
        java.util.Set<Map<String, AttributeValue>> pointers = new java.util.LinkedHashSet<>();
        int events = deletePartition(ItemMapper.userKey(userId), userId, pointers);
        deleteAll(pointers.stream().map(Eraser::delete).toList()); // the session pointers naming the user
        deletePartition(ItemMapper.linkKey(userId), null, null);
        return new EventStore.Erasure(events, deletes.size(), links.size());
    }

    /**
     * Deletes every item of a partition, a page at a time (bounded memory); with {@code pointers}, collects the keys of
     * the session pointers ({@link ItemMapper#sessionPointer}) the deleted events of {@code userId} made.
     */
    private int deletePartition(String partitionKey, String userId, java.util.Set<Map<String, AttributeValue>> pointers) {
        int deleted = 0;
        for (QueryResponse page : reader.pages(reader.partition(partitionKey, "#k, #s, #ses",
                Map.of("#s", TableSchema.SK, "#ses", TableSchema.SESSION)))) {
            deleteAll(page.items().stream().map(item -> delete(ItemMapper.key(item))).toList());
            deleted += page.items().size();
            if (pointers == null) continue;
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue session = item.get(TableSchema.SESSION);
                if (session == null || session.s() == null) continue;
                long at = Long.parseLong(item.get(TableSchema.SK).s().substring(0, 13));
                pointers.add(Map.of(TableSchema.PK, AttributeValue.fromS(ItemMapper.sessionPointerKey(session.s())),
                        TableSchema.SK, AttributeValue.fromS(ItemMapper.hourBucket(at) + "#" + userId)));
            }
        }
        return deleted;
    }

    private static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(d -> d.key(key)).build();
    }

    private void deleteAll(List<WriteRequest> deletes) {
        for (int i = 0; i < deletes.size(); i += WRITE_BATCH) {
            BatchRetry.Result<List<WriteRequest>> result = BatchRetry.run(deletes.subList(i, Math.min(deletes.size(), i + WRITE_BATCH)), batch -> {
                var unprocessed = dynamo.batchWriteItem(r -> r.requestItems(Map.of(reader.table(), batch))).unprocessedItems();
                return unprocessed == null ? List.of() : unprocessed.getOrDefault(reader.table(), List.of());
            }, List::isEmpty, BatchRetry.Policy.interactive());
            if (!result.done()) throw TableReader.unprocessed("deletes");
        }
    }
}

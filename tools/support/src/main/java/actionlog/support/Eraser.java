package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.BatchRetry;
import actionlog.core.Erasures;
import actionlog.core.Identity;
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
 * Right to erasure in the events table. First the user goes on the suppression list ({@link Erasures}), so a
 * consumer writing meanwhile, and recover, replay and redrive later, drop the user's events; then the user's events
 * (the id as given or as the edge stores it, trimmed and bounded), the anonymous events of each linked session
 * (found through the session index), and the links themselves. Queries and deletes by key only.
 */
final class Eraser {
    private static final int WRITE_BATCH = 25;

    private final DynamoDbClient dynamo;
    private final TableReader reader;
    private final SessionLinks links;

    Eraser(DynamoDbClient dynamo, TableReader reader, SessionLinks links) {
        this.dynamo = dynamo;
        this.reader = reader;
        this.links = links;
    }

    EventStore.Erasure forget(String givenUserId, long nowMs) {
        String userId = Erasures.storedUserId(givenUserId);
        dynamo.putItem(r -> r.tableName(reader.table()).item(Erasures.item(userId, nowMs)));
        int stitched = 0;
        for (String session : links.sessionsOf(userId)) {
            List<WriteRequest> deletes = new ArrayList<>();
            for (ActionEvent event : reader.events(EventStore.Selector.session(session), TimeRange.ALL, EventStore.Filters.NONE, 0, null)) {
                if (!Identity.ANONYMOUS.equals(event.string(ActionEvent.F_USER_SOURCE))) continue;
                deletes.add(delete(Map.of(TableSchema.PK, AttributeValue.fromS(ItemMapper.userKey(event.userId())),
                        TableSchema.SK, AttributeValue.fromS(ItemMapper.sortKey(event.receivedAt().toEpochMilli(), event.id())))));
            }
            deleteAll(deletes);
            stitched += deletes.size();
        }
        int events = deletePartition(ItemMapper.userKey(userId));
        int linkCount = deletePartition(ItemMapper.linkKey(userId));
        return new EventStore.Erasure(events, stitched, linkCount);
    }

    private int deletePartition(String partitionKey) {
        int deleted = 0;
        for (QueryResponse page : reader.pages(reader.partition(partitionKey, "#k, #s", Map.of("#s", TableSchema.SK)))) {
            deleteAll(page.items().stream().map(item -> delete(ItemMapper.key(item))).toList()); // a page at a time: bounded memory
            deleted += page.items().size();
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

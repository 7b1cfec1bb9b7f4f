package actionlog.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** A DynamoDB seam for unit tests: records every BatchWriteItem and answers with a scripted behaviour. */
class FakeDynamo implements DynamoDbClient {
    final List<List<WriteRequest>> calls = new ArrayList<>();
    /** Given the write requests of a call, returns those left unprocessed (or throws). */
    Function<List<WriteRequest>, List<WriteRequest>> behaviour = requests -> List.of();

    @Override
    public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        if (request.requestItems().size() != 1) throw new AssertionError("one table per call");
        List<WriteRequest> writes = request.requestItems().values().iterator().next();
        if (writes.size() > 25) throw new AssertionError("BatchWriteItem takes at most 25 writes, got " + writes.size());
        long distinct = writes.stream().map(w -> w.putRequest().item().get("pk").s() + w.putRequest().item().get("sk").s()).distinct().count();
        if (distinct != writes.size()) throw new AssertionError("duplicate keys in one BatchWriteItem");
        calls.add(writes);
        List<WriteRequest> unprocessed = behaviour.apply(writes);
        String table = request.requestItems().keySet().iterator().next();
        return BatchWriteItemResponse.builder().unprocessedItems(unprocessed.isEmpty() ? Map.of() : Map.of(table, unprocessed)).build();
    }

    /** The suppression list the fake holds: items as {@link actionlog.core.Erasures#item} makes them. */
    final List<Map<String, AttributeValue>> erasures = new ArrayList<>();

    @Override
    public synchronized BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        String table = request.requestItems().keySet().iterator().next();
        List<Map<String, AttributeValue>> keys = request.requestItems().get(table).keys();
        if (keys.size() > 100) throw new AssertionError("BatchGetItem takes at most 100 keys, got " + keys.size());
        List<Map<String, AttributeValue>> found = erasures.stream()
                .filter(item -> keys.contains(Map.of("pk", item.get("pk"), "sk", item.get("sk")))).toList();
        return BatchGetItemResponse.builder().responses(Map.of(table, found)).build();
    }

    synchronized int writes() {
        return calls.stream().mapToInt(List::size).sum();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {}
}

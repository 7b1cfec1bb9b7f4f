package actionlog.infra;

import actionlog.core.TableSchema;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The events table: keys and indexes from {@link TableSchema} (the same the runtime reads), on-demand, TTL,
 * point-in-time recovery, deletion protection, and kept when the stack is deleted.
 */
public final class EventTable extends Construct {
    public final Table table;
    /** The names of the indexes the table has, in {@link TableSchema#INDEXES} order. */
    public final List<String> indexNames;

    /** {@code searchIndex}: whether the table has the {@link TableSchema#SEARCH_INDEX} index (context key searchIndex). */
    public EventTable(Construct scope, String id, boolean searchIndex) {
        this(scope, id, searchIndex, false);
    }

    /** {@code stream}: whether the table streams new images (the archive reads them). */
    public EventTable(Construct scope, String id, boolean searchIndex, boolean stream) {
        super(scope, id);
        table = Table.Builder.create(this, "Events")
                .stream(stream ? StreamViewType.NEW_IMAGE : null)
                .partitionKey(string(TableSchema.PK))
                .sortKey(string(TableSchema.SK))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TableSchema.TTL)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        List<String> names = new ArrayList<>();
        for (TableSchema.Index index : TableSchema.INDEXES) {
            if (!searchIndex && index.name().equals(TableSchema.SEARCH_INDEX)) continue;
            names.add(index.name());
            GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(string(index.partitionKey()))
                    .projectionType(ProjectionType.INCLUDE)
                    .nonKeyAttributes(TableSchema.INDEX_ATTRIBUTES);
            if (index.sortKey() != null) gsi.sortKey(string(index.sortKey()));
            table.addGlobalSecondaryIndex(gsi.build());
        }
        indexNames = List.copyOf(names);
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}

package actionlog.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Managed policies for the people who use the deployed stack, exactly what the {@code actionlog} commands call and
 * nothing else: {@link #support} reads (trace, session, request, ip, search, tail, export, ui) and {@link #operator}
 * runs the queues (dlq peek, redrive, replay, recover, and fetching the fallback lines) and erases (forget, which
 * also needs support's reads to find what to erase). Attach them to your support staff's and operators' roles or
 * groups; the stack outputs their ARNs.
 */
public final class AccessPolicies extends Construct {
    /**
     * @param indexNames the indexes the table has (support queries each of them)
     * @param edgeLogs   the edge's log group, where fallback lines wait for {@code actionlog recover}
     */
    public record Props(ITable table, List<String> indexNames, IQueue queue, IQueue deadLetters, ILogGroup edgeLogs) {}

    public final ManagedPolicy support;
    public final ManagedPolicy operator;

    public AccessPolicies(Construct scope, String id, Props props) {
        super(scope, id);
        String tableArn = props.table().getTableArn();
        List<String> tableAndIndexes = new ArrayList<>(List.of(tableArn));
        for (String index : props.indexNames()) tableAndIndexes.add(tableArn + "/index/" + index);
        support = ManagedPolicy.Builder.create(this, "Support")
                .description("actionlog support staff: read recorded events (trace, session, request, ip, search, tail, export, ui)")
                .statements(List.of(
                        // every lookup is a Query on the table or one of its indexes, never a Scan
                        statement(List.of("dynamodb:Query"), tableAndIndexes),
                        // index lookups then fetch the events from the table by key
                        statement(List.of("dynamodb:BatchGetItem"), List.of(tableArn)),
                        readOutputs()))
                .build();

        operator = ManagedPolicy.Builder.create(this, "Operator")
                .description("actionlog operators: dead-letter queue (dlq peek, redrive), replay, recover, and the writes of "
                        + "forget (which needs the support policy too)")
                .statements(List.of(
                        // replay and recover send events; a redrive without a message move task re-sends them
                        statement(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"), List.of(props.queue().getQueueArn())),
                        // dlq peek (receive with visibility 0, depth); redrive as an SQS message move task, whose caller
                        // needs these on the source queue (and SendMessage on the destination, above), or by hand
                        statement(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                                "sqs:StartMessageMoveTask"), List.of(props.deadLetters().getQueueArn())),
                        // forget: deletes the user's items (BatchWriteItem) and puts them on the suppression list (PutItem)
                        statement(List.of("dynamodb:BatchWriteItem", "dynamodb:PutItem"), List.of(tableArn)),
                        // fetching the edge's fallback lines for recover (aws logs filter-log-events)
                        statement(List.of("logs:FilterLogEvents"), List.of(props.edgeLogs().getLogGroupArn())),
                        readOutputs()))
                .build();
    }

    /** The CLI finds the table and queues in the stack's outputs (--stack), unless given them. */
    private static PolicyStatement readOutputs() {
        return statement(List.of("cloudformation:DescribeStacks"), List.of(Aws.STACK_ID));
    }

    private static PolicyStatement statement(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }
}

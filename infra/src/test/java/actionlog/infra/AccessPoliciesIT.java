package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.TableSchema;
import actionlog.infra.PolicyEvaluator.Decision;
import actionlog.infra.PolicyEvaluator.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The managed policies for support staff and operators grant exactly what the commands call: every pair of an action
 * and a resource of the stack (and the dangerous neighbours of each) is evaluated against the synthesized policy, and
 * the pairs allowed must be exactly the expected ones.
 */
class AccessPoliciesIT {
    static TemplateValues template;
    static Map<String, String> resources = new LinkedHashMap<>();

    static final List<String> ACTIONS = List.of("dynamodb:Query", "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:BatchGetItem",
            "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteTable",
            "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:StartMessageMoveTask",
            "sqs:PurgeQueue", "sqs:SetQueueAttributes", "cloudformation:DescribeStacks", "cloudformation:DeleteStack",
            "logs:FilterLogEvents", "logs:DeleteLogGroup");

    @BeforeAll
    static void synth() {
        template = new TemplateValues(ActionlogStackIT.synth(Map.of()));
        String table = template.ids("AWS::DynamoDB::Table").get(0);
        resources.put("table", template.getAtt(table, "Arn"));
        for (TableSchema.Index index : TableSchema.INDEXES) {
            resources.put("index " + index.name(), template.getAtt(table, "Arn") + "/index/" + index.name());
        }
        resources.put("another table", "arn:aws:dynamodb:" + TemplateValues.REGION + ":" + TemplateValues.ACCOUNT + ":table/other");
        for (String queue : template.ids("AWS::SQS::Queue")) {
            // the events queue, its dead letters, and any other queue of the stack (the archive's skipped rows)
            String name = queue.startsWith("QueueEvents") ? "queue" : queue.startsWith("QueueDeadLetters") ? "dlq" : "other queue " + queue;
            resources.put(name, template.getAtt(queue, "Arn"));
        }
        assertTrue(resources.containsKey("queue") && resources.containsKey("dlq"), resources.keySet().toString());
        resources.put("edge logs", template.getAtt(template.ids("AWS::Logs::LogGroup").stream()
                .filter(id -> id.startsWith("Capture")).findFirst().orElseThrow(), "Arn"));
        resources.put("stack", TemplateValues.STACK_ID);
    }

    /** Every "action on resource" the managed policy whose logical id starts with {@code prefix} allows. */
    static TreeSet<String> allowed(String prefix) {
        List<String> ids = template.ids("AWS::IAM::ManagedPolicy").stream().filter(id -> id.startsWith(prefix)).toList();
        assertEquals(1, ids.size(), ids.toString());
        Map<?, ?> props = (Map<?, ?>) template.resolve(template.properties(ids.get(0)));
        List<?> statements = (List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement");
        TreeSet<String> out = new TreeSet<>();
        for (String action : ACTIONS) {
            resources.forEach((name, arn) -> {
                if (PolicyEvaluator.evaluate(statements, new Request(null, action, arn, Map.of())) == Decision.ALLOW) {
                    out.add(action + " on " + name);
                }
            });
        }
        return out;
    }

    @Test
    void supportReadsTheTableAndEachIndexAndTheStackOutputsAndNothingElse() {
        List<String> expected = new ArrayList<>(List.of("dynamodb:Query on table", "dynamodb:BatchGetItem on table",
                "cloudformation:DescribeStacks on stack"));
        for (TableSchema.Index index : TableSchema.INDEXES) expected.add("dynamodb:Query on index " + index.name());
        assertEquals(new TreeSet<>(expected), allowed("AccessSupport"));
    }

    @Test
    void operatorsRunTheQueuesFetchFallbackLinesAndWriteWhatForgetWrites() {
        assertEquals(new TreeSet<>(List.of("sqs:SendMessage on queue", "sqs:GetQueueAttributes on queue",
                "sqs:ReceiveMessage on dlq", "sqs:DeleteMessage on dlq", "sqs:GetQueueAttributes on dlq",
                "sqs:StartMessageMoveTask on dlq", "dynamodb:BatchWriteItem on table", "dynamodb:PutItem on table",
                "logs:FilterLogEvents on edge logs", "cloudformation:DescribeStacks on stack")), allowed("AccessOperator"));
    }

    @Test
    void bothArnsAreStackOutputs() {
        var stack = ActionlogStackIT.synth(Map.of());
        for (String output : List.of(ActionlogStack.OUTPUT_SUPPORT_POLICY, ActionlogStack.OUTPUT_OPERATOR_POLICY,
                ActionlogStack.OUTPUT_EDGE_LOG_GROUP)) {
            assertFalse(stack.findOutputs(output).isEmpty(), output);
        }
        stack.hasOutput(ActionlogStack.OUTPUT_SUPPORT_POLICY, Map.of("Value", Map.of("Ref",
                template.ids("AWS::IAM::ManagedPolicy").stream().filter(id -> id.startsWith("AccessSupport")).findFirst().orElseThrow())));
    }
}

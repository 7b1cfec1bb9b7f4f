package actionlog.infra;

import actionlog.core.StackContract;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The whole product: capture → queue → consumer → store, with alarms. One construct per runtime module. */
public final class ActionlogStack extends Stack {
    public final EventQueue queue;
    public final EventTable table;
    public final CaptureFunction capture;
    public final ConsumerFunction consumer;
    public final Alarms alarms;

    public ActionlogStack(Construct scope, String id, StackProps props, StackConfig config) {
        super(scope, id, props);
        queue = new EventQueue(this, "Queue", new EventQueue.Props(ConsumerFunction.TIMEOUT));
        table = new EventTable(this, "Store");
        capture = new CaptureFunction(this, "Capture", new CaptureFunction.Props(config, queue.queue));
        consumer = new ConsumerFunction(this, "Consumer", new ConsumerFunction.Props(config, queue.queue, table.table));
        alarms = new Alarms(this, "Alarms", new Alarms.Props(queue.queue, queue.deadLetters, capture.function,
                consumer.function, config.alarmEmail()));

        output(StackContract.OUTPUT_EDGE_URL, capture.url, "Where users' traffic goes (CloudFront, or the HTTP API without it)");
        output(StackContract.OUTPUT_QUEUE_URL, queue.queue.getQueueUrl(), "Events queue (actionlog replay --queue-url)");
        output(StackContract.OUTPUT_DLQ_URL, queue.deadLetters.getQueueUrl(), "Dead-letter queue (actionlog dlq peek --dlq-url)");
        output(StackContract.OUTPUT_TABLE_NAME, table.table.getTableName(), "Events table (actionlog trace --table)");
        output(StackContract.OUTPUT_MODE, config.origin() == null ? "collect" : "proxy to " + config.origin(), "Edge mode");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}

package actionlog.infra;

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
        table = new EventTable(this, "Store", config.searchIndex());
        capture = new CaptureFunction(this, "Capture", new CaptureFunction.Props(config, queue.queue));
        consumer = new ConsumerFunction(this, "Consumer", new ConsumerFunction.Props(config, queue.queue, table.table));
        alarms = new Alarms(this, "Alarms", new Alarms.Props(queue.queue, queue.deadLetters, capture.function,
                consumer.function, config.alarmEmail()));

        output("EdgeUrl", capture.url, "Where users' traffic goes (CloudFront, or the HTTP API without it)");
        output("QueueUrl", queue.queue.getQueueUrl(), "Events queue (actionlog replay --queue-url)");
        output("DeadLetterQueueUrl", queue.deadLetters.getQueueUrl(), "Dead-letter queue (actionlog dlq peek --dlq-url)");
        output("TableName", table.table.getTableName(), "Events table (actionlog trace --table)");
        if (config.traceLinkTemplate() != null) {
            output("TraceLinkTemplate", config.traceLinkTemplate(), "Link to the backend's trace of an event (actionlog request, UI)");
        }
        output("Mode", config.origin() == null ? "collect" : "proxy to " + config.origin(), "Edge mode");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}

package actionlog.infra;

import actionlog.core.Metrics;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** What an SRE wants to be woken for: lost events waiting in the DLQ, a stuck queue, the edge failing open, errors. */
public final class Alarms extends Construct {
    public record Props(IQueue queue, IQueue deadLetters, IFunction edge, IFunction consumer, String email) {}

    public final Topic topic;

    public Alarms(Construct scope, String id, Props props) {
        super(scope, id);
        topic = props.email() == null ? null : Topic.Builder.create(this, "Topic")
                .displayName("actionlog alarms")
                .enforceSsl(true)
                .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
                .build();
        if (topic != null) topic.addSubscription(new EmailSubscription(props.email()));

        alarm("DeadLetters", "Messages wait in the dead-letter queue: inspect with `actionlog dlq peek`, then `actionlog redrive`",
                props.deadLetters().metricApproximateNumberOfMessagesVisible(), 0);
        alarm("QueueAge", "Events wait more than 5 minutes: the consumer is failing or throttled",
                props.queue().metricApproximateAgeOfOldestMessage(), 300);
        alarm("EdgeFallback", "The edge could not send events to SQS and wrote them to its log: re-ingest with `actionlog recover`",
                Metric.Builder.create().namespace(Metrics.NAMESPACE).metricName(Metrics.FALLBACK_EVENTS)
                        .statistic("Sum").period(Duration.minutes(5)).build(), 0);
        alarm("ConsumerErrors", "The consumer function failed invocations", props.consumer().metricErrors(), 0);
        alarm("EdgeErrors", "The edge function failed invocations", props.edge().metricErrors(), 0);
    }

    private void alarm(String id, String description, IMetric metric, double threshold) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        if (topic != null) alarm.addAlarmAction(new SnsAction(topic));
    }
}

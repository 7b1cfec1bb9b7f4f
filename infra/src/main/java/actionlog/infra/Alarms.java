package actionlog.infra;

import actionlog.core.Metrics;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
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
                .masterKey(topicKey())
                .build();
        if (topic != null) topic.addSubscription(new EmailSubscription(props.email()));

        alarm("DeadLetters", "Messages wait in the dead-letter queue: inspect with `actionlog dlq peek`, then `actionlog redrive`",
                props.deadLetters().metricApproximateNumberOfMessagesVisible(), 0);
        alarm("QueueAge", "Events wait more than 5 minutes: the consumer is failing or throttled",
                props.queue().metricApproximateAgeOfOldestMessage(), 300);
        alarm("EdgeFallback", "The edge could not send events to SQS and wrote them to its log: re-ingest with `actionlog recover`",
                Metric.Builder.create().namespace(Metrics.NAMESPACE).metricName(Metrics.FALLBACK_EVENTS)
                        .dimensionsMap(Map.of(Metrics.STACK_DIMENSION, Stack.of(this).getStackName()))
                        .statistic("Sum").period(Duration.minutes(5)).build(), 0);
        alarm("ConsumerErrors", "The consumer function failed invocations", props.consumer().metricErrors(), 0);
        alarm("EdgeErrors", "The edge function failed invocations", props.edge().metricErrors(), 0);
    }

    /**
     * A customer-managed key: the AWS-managed alias/aws/sns key's policy does not let CloudWatch use it, so alarm
     * notifications to a topic encrypted with it are never delivered.
     */
    private Key topicKey() {
        Key key = Key.Builder.create(this, "TopicKey")
                .description("actionlog alarm topic: CloudWatch alarms may encrypt notifications with it")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        return key;
    }

    /** One alarm above {@code threshold}, notifying the topic when there is one. */
    void alarm(String id, String description, IMetric metric, double threshold) {
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

package actionlog.infra;

import actionlog.core.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IStableListProducer;
import software.amazon.awscdk.Lazy;
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

/**
 * What an SRE wants to be woken for: lost events waiting in the DLQ, a stuck queue, the edge failing open, errors,
 * the edge at its concurrency cap, and calls refused for lacking the origin secret. With an e-mail address, every
 * alarm notifies an encrypted SNS topic whose policies let exactly these alarms publish.
 */
public final class Alarms extends Construct {
    public record Props(IQueue queue, IQueue deadLetters, IFunction edge, IFunction consumer, String email) {}

    static final String CLOUDWATCH = "cloudwatch.amazonaws.com";
    /**
     * Refused calls per 5 minutes above which the alarm fires (one a second on average is 300). Viewers never get
     * this 403 (CloudFront always sends the secret), so a rate like this is either someone calling the public
     * Function URL directly, each call billed, or CloudFront sending a secret value the edge no longer accepts, in
     * which case every viewer gets 403. A stray scanner (a few calls) stays below it.
     */
    static final int REFUSED_CALLS_PER_5_MINUTES = 60;

    public final Topic topic;
    /** The key the topic is encrypted with; null without an e-mail address. */
    public final Key topicKey;
    private final List<Alarm> alarms = new ArrayList<>();

    public Alarms(Construct scope, String id, Props props) {
        super(scope, id);
        topicKey = props.email() == null ? null : topicKey();
        topic = props.email() == null ? null : Topic.Builder.create(this, "Topic")
                .displayName("actionlog alarms")
                .enforceSsl(true)
                .masterKey(topicKey)
                .build();
        if (topic != null) topic.addSubscription(new EmailSubscription(props.email()));

        String stack = Stack.of(this).getStackName();
        alarm("DeadLetters", "Messages wait in the dead-letter queue: inspect with `actionlog dlq peek`, then `actionlog redrive`",
                props.deadLetters().metricApproximateNumberOfMessagesVisible(), 0);
        alarm("QueueAge", "Events wait more than 5 minutes: the consumer is failing or throttled",
                props.queue().metricApproximateAgeOfOldestMessage(), 300);
        alarm("EdgeFallback", "The edge could not send events to SQS and wrote them to its log: re-ingest with `actionlog recover`",
                stackMetric(Metrics.FALLBACK_EVENTS, stack), 0);
        alarm("ConsumerErrors", "The consumer function failed invocations", props.consumer().metricErrors(), 0);
        alarm("EdgeErrors", "The edge function failed invocations", props.edge().metricErrors(), 0);
        alarm("EdgeThrottles", "The edge reached its concurrency cap: viewers got 429 Too Many Requests and those requests "
                + "were not recorded. Legitimate traffic: raise -c edgeReservedConcurrency (and the account's quota). A flood: "
                + "see the README, 'When the edge is flooded'",
                props.edge().metricThrottles(), 0);
        alarm("RefusedCalls", "More than " + REFUSED_CALLS_PER_5_MINUTES + " requests in 5 minutes lacked the origin secret "
                + "(403): the public Function URL is called directly (each call billed), or CloudFront sends a secret the "
                + "edge no longer accepts (every viewer gets 403). See the README, 'When the edge is flooded'",
                stackMetric(Metrics.REFUSED_CALLS, stack), REFUSED_CALLS_PER_5_MINUTES);
        if (topic != null) topic.addToResourcePolicy(cloudWatchMayPublish());
    }

    /**
     * The topic's policy holds the TLS-only Deny (enforceSsl), which replaces SNS's default policy: without this
     * Allow, nothing lets CloudWatch publish and alarm e-mails are never sent. Only this stack's alarms, in this
     * account (aws:SourceArn, aws:SourceAccount: a confused deputy elsewhere cannot use the topic).
     */
    private PolicyStatement cloudWatchMayPublish() {
        Map<String, Object> conditions = new LinkedHashMap<>(); // ordered: the template's bytes must not depend on a hash seed
        conditions.put("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID));
        // resolved at synth: the alarms the stack adds after this construct (the archive's) are named too
        conditions.put("ArnEquals", Map.of("aws:SourceArn", Lazy.list(new IStableListProducer() {
            @Override
            public List<String> produce() {
                return alarms.stream().map(Alarm::getAlarmArn).toList();
            }
        })));
        return PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(conditions)
                .build();
    }

    /**
     * A customer-managed key: the AWS-managed alias/aws/sns key's policy does not let CloudWatch use it, so alarm
     * notifications to a topic encrypted with it are never delivered. CloudWatch may use it for alarms of this account
     * and region only; the alarms' own ARNs cannot be named here, since the topic (and so every alarm) refers to the key.
     */
    private Key topicKey() {
        Key key = Key.Builder.create(this, "TopicKey")
                .description("actionlog alarm topic: CloudWatch alarms may encrypt notifications with it")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID));
        conditions.put("ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":"
                + Aws.ACCOUNT_ID + ":alarm:*"));
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(conditions)
                .build());
        return key;
    }

    /** A metric the edge writes (Embedded Metric Format) with the stack as dimension, summed over 5 minutes. */
    private static Metric stackMetric(String name, String stack) {
        return Metric.Builder.create().namespace(Metrics.NAMESPACE).metricName(name)
                .dimensionsMap(Map.of(Metrics.STACK_DIMENSION, stack))
                .statistic("Sum").period(Duration.minutes(5)).build();
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
        alarms.add(alarm);
        if (topic != null) alarm.addAlarmAction(new SnsAction(topic));
    }
}

package actionlog.infra;

import static actionlog.infra.PolicyEvaluator.Decision.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.infra.PolicyEvaluator.Decision;
import actionlog.infra.PolicyEvaluator.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alarm e-mails arrive: every alarm of the stack may publish to the topic and use its key, as IAM evaluates the
 * synthesized topic policy and key policy for the request CloudWatch makes (principal cloudwatch.amazonaws.com, over
 * TLS, with the alarm's ARN and account as aws:SourceArn and aws:SourceAccount). A Deny added to either policy later
 * that catches this request fails here.
 */
class AlarmDeliveryIT {
    static TemplateValues template;
    static String topic;
    static String key;

    @BeforeAll
    static void synth() {
        template = new TemplateValues(ActionlogStackIT.synth(Map.of("alarmEmail", "sre@example.com")));
        topic = template.ids("AWS::SNS::Topic").get(0);
        key = template.ids("AWS::KMS::Key").get(0);
    }

    /** CloudWatch publishing for {@code alarmArn} in {@code account}: the topic's decision, then the key's for each KMS call. */
    static List<Decision> publish(String alarmArn, String account, boolean tls) {
        Map<String, String> context = Map.of("aws:SourceArn", alarmArn, "aws:SourceAccount", account,
                "aws:SecureTransport", Boolean.toString(tls));
        List<Decision> decisions = new ArrayList<>();
        decisions.add(PolicyEvaluator.evaluate(topicPolicy(), new Request(Alarms.CLOUDWATCH, "sns:Publish", template.ref(topic), context)));
        String keyArn = template.getAtt(key, "Arn");
        for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
            decisions.add(PolicyEvaluator.evaluate(keyPolicy(), new Request(Alarms.CLOUDWATCH, action, keyArn, context)));
        }
        return decisions;
    }

    static List<?> topicPolicy() {
        List<String> policies = template.ids("AWS::SNS::TopicPolicy");
        assertEquals(1, policies.size(), "one policy for the topic");
        Map<?, ?> props = (Map<?, ?>) template.resolve(template.properties(policies.get(0)));
        assertEquals(List.of(template.ref(topic)), props.get("Topics"));
        return (List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement");
    }

    static List<?> keyPolicy() {
        Map<?, ?> props = (Map<?, ?>) template.resolve(template.properties(key));
        return (List<?>) ((Map<?, ?>) props.get("KeyPolicy")).get("Statement");
    }

    @Test
    void everyAlarmNotifiesTheTopicAndCloudWatchMayPublishForEach() {
        List<String> alarms = template.ids("AWS::CloudWatch::Alarm");
        assertEquals(13, alarms.size(), "the chain's 7 and the archive's 6: " + alarms);
        for (String alarm : alarms) {
            assertEquals(List.of(template.ref(topic)), template.resolve(template.properties(alarm).get("AlarmActions")), alarm);
            assertEquals(List.of(ALLOW, ALLOW, ALLOW), publish(template.getAtt(alarm, "Arn"), TemplateValues.ACCOUNT, true), alarm);
        }
    }

    @Test
    void theTopicStaysTlsOnly() {
        String alarm = template.getAtt(template.ids("AWS::CloudWatch::Alarm").get(0), "Arn");
        assertEquals(EXPLICIT_DENY, publish(alarm, TemplateValues.ACCOUNT, false).get(0));
    }

    @Test
    void alarmsOfOtherAccountsMayNotAndOtherAlarmsOfThisAccountOnlyUseTheKey() {
        String foreign = "arn:aws:cloudwatch:" + TemplateValues.REGION + ":210987654321:alarm:borrowed";
        assertEquals(List.of(IMPLICIT_DENY, IMPLICIT_DENY, IMPLICIT_DENY), publish(foreign, "210987654321", true));
        // the key's policy cannot name the alarms (they refer to the topic, which refers to the key), so it admits
        // this account's alarms in this region; the topic admits only this stack's
        String neighbour = "arn:aws:cloudwatch:" + TemplateValues.REGION + ":" + TemplateValues.ACCOUNT + ":alarm:someone-elses";
        assertEquals(List.of(IMPLICIT_DENY, ALLOW, ALLOW), publish(neighbour, TemplateValues.ACCOUNT, true));
    }

    @Test
    void aDenyAddedLaterThatCatchesCloudWatchIsCaught() {
        String alarm = template.getAtt(template.ids("AWS::CloudWatch::Alarm").get(0), "Arn");
        Map<String, String> context = Map.of("aws:SourceArn", alarm, "aws:SourceAccount", TemplateValues.ACCOUNT, "aws:SecureTransport", "true");
        List<Object> statements = new ArrayList<>(topicPolicy());
        // e.g. "only principals of our organization may publish": CloudWatch is no principal of an organization
        statements.add(Map.of("Effect", "Deny", "Principal", "*", "Action", "sns:Publish", "Resource", template.ref(topic),
                "Condition", Map.of("StringNotEquals", Map.of("aws:PrincipalOrgID", "o-a1b2c3d4e5"))));
        assertEquals(EXPLICIT_DENY, PolicyEvaluator.evaluate(statements, new Request(Alarms.CLOUDWATCH, "sns:Publish",
                template.ref(topic), context)));
    }
}

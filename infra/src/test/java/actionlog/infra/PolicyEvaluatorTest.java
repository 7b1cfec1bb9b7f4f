package actionlog.infra;

import static actionlog.infra.PolicyEvaluator.Decision.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.infra.PolicyEvaluator.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator the template tests rely on, against IAM's documented rules. */
class PolicyEvaluatorTest {
    static final String TOPIC = "arn:aws:sns:eu-west-3:123456789012:alarms";
    static final Map<String, Object> ALLOW_CLOUDWATCH = Map.of("Effect", "Allow",
            "Principal", Map.of("Service", "cloudwatch.amazonaws.com"), "Action", "sns:Publish", "Resource", TOPIC,
            "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", "123456789012"),
                    "ArnLike", Map.of("aws:SourceArn", "arn:aws:cloudwatch:eu-west-3:123456789012:alarm:*")));
    static final Map<String, Object> TLS_ONLY = Map.of("Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sns:Publish",
            "Resource", TOPIC, "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));

    static Request publish(String account, String alarm, String secure) {
        return new Request("cloudwatch.amazonaws.com", "SNS:Publish", TOPIC, Map.of("aws:SourceAccount", account,
                "aws:SourceArn", "arn:aws:cloudwatch:eu-west-3:" + account + ":alarm:" + alarm, "aws:SecureTransport", secure));
    }

    @Test
    void anAllowWhoseConditionsHoldAllowsAndActionsCompareWithoutCase() {
        assertEquals(ALLOW, PolicyEvaluator.evaluate(List.of(TLS_ONLY, ALLOW_CLOUDWATCH), publish("123456789012", "a", "true")));
    }

    @Test
    void anExplicitDenyBeatsAnAllow() {
        assertEquals(EXPLICIT_DENY, PolicyEvaluator.evaluate(List.of(ALLOW_CLOUDWATCH, TLS_ONLY), publish("123456789012", "a", "false")));
    }

    @Test
    void withoutAMatchingAllowTheDenyIsImplicit() {
        assertEquals(IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(TLS_ONLY), publish("123456789012", "a", "true")));
        assertEquals(IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(TLS_ONLY, ALLOW_CLOUDWATCH), publish("210987654321", "a", "true")));
        Request otherService = new Request("events.amazonaws.com", "sns:Publish", TOPIC, publish("123456789012", "a", "true").context());
        assertEquals(IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(ALLOW_CLOUDWATCH), otherService));
    }

    @Test
    void anAbsentKeyFailsAPositiveOperatorAndHoldsForIfExistsAndNegatedOnes() {
        Request bare = new Request("cloudwatch.amazonaws.com", "sns:Publish", TOPIC, Map.of());
        assertEquals(IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(ALLOW_CLOUDWATCH), bare));
        assertEquals(IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(TLS_ONLY), bare), "Bool on an absent key does not hold");
        Map<String, Object> ifExists = Map.of("Effect", "Allow", "Principal", "*", "Action", "sns:*", "Resource", "*",
                "Condition", Map.of("StringEqualsIfExists", Map.of("aws:SourceAccount", "123456789012")));
        assertEquals(ALLOW, PolicyEvaluator.evaluate(List.of(ifExists), bare));
        Map<String, Object> notEquals = Map.of("Effect", "Deny", "Principal", "*", "Action", "sns:*", "Resource", "*",
                "Condition", Map.of("StringNotEquals", Map.of("aws:SourceAccount", "123456789012")));
        assertEquals(EXPLICIT_DENY, PolicyEvaluator.evaluate(List.of(ALLOW_CLOUDWATCH, notEquals), bare));
        assertEquals(ALLOW, PolicyEvaluator.evaluate(List.of(ALLOW_CLOUDWATCH, notEquals), publish("123456789012", "a", "true")));
    }

    @Test
    void identityPoliciesMatchActionAndResourceWildcards() {
        Map<String, Object> statement = Map.of("Effect", "Allow", "Action", List.of("dynamodb:Query"),
                "Resource", List.of("arn:aws:dynamodb:eu-west-3:123456789012:table/t", "arn:aws:dynamodb:eu-west-3:123456789012:table/t/index/*"));
        assertEquals(ALLOW, PolicyEvaluator.evaluate(List.of(statement), new Request(null, "dynamodb:Query",
                "arn:aws:dynamodb:eu-west-3:123456789012:table/t/index/byUser", Map.of())));
        assertEquals(IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(statement), new Request(null, "dynamodb:Scan",
                "arn:aws:dynamodb:eu-west-3:123456789012:table/t", Map.of())));
        assertEquals(IMPLICIT_DENY, PolicyEvaluator.evaluate(List.of(statement), new Request(null, "dynamodb:Query",
                "arn:aws:dynamodb:eu-west-3:123456789012:table/t2", Map.of())));
    }

    @Test
    void whatItDoesNotModelFailsInsteadOfBeingMisread() {
        Map<String, Object> unknownOperator = Map.of("Effect", "Deny", "Principal", "*", "Action", "*", "Resource", "*",
                "Condition", Map.of("IpAddress", Map.of("aws:SourceIp", "203.0.113.0/24")));
        assertThrows(UnsupportedOperationException.class,
                () -> PolicyEvaluator.evaluate(List.of(unknownOperator), publish("123456789012", "a", "true")));
        Map<String, Object> notAction = Map.of("Effect", "Deny", "Principal", "*", "NotAction", "sns:Subscribe", "Resource", "*");
        assertThrows(UnsupportedOperationException.class,
                () -> PolicyEvaluator.evaluate(List.of(notAction), publish("123456789012", "a", "true")));
    }
}

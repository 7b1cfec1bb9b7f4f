package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.core.Metrics;
import actionlog.core.QueueLimits;
import actionlog.core.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ActionlogStackTest {
    static Template proxy;

    static Template synth(Map<String, Object> context) {
        return Template.fromStack(ActionlogApp.createStack(new App(), StackConfig.from(context::get)));
    }

    @BeforeAll
    static void synthProxy() {
        proxy = synth(Map.of("origin", "https://app.example.com", "bypassPaths", "/static/*,/*.js", "alarmEmail", "sre@example.com"));
    }

    @Test
    void eventSourceMappingReportsBatchItemFailuresAndProtectsTheTable() {
        proxy.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BatchSize", 100,
                "MaximumBatchingWindowInSeconds", 1,
                "ScalingConfig", Map.of("MaximumConcurrency", 5)));
    }

    @Test
    void cloudFrontAllowsEveryMethodAndForwardsTheViewer() {
        proxy.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "DefaultCacheBehavior", Match.objectLike(Map.of(
                        "AllowedMethods", List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"),
                        "Compress", false,
                        // managed CachingDisabled and AllViewerExceptHostHeader
                        "CachePolicyId", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
                        "OriginRequestPolicyId", "b689b0a8-53d0-40ab-baf2-68738e2966ac",
                        "ViewerProtocolPolicy", "redirect-to-https")),
                "Origins", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "OriginCustomHeaders", List.of(Match.objectLike(Map.of("HeaderName", EdgeProtocol.ORIGIN_SECRET_HEADER)))))))))));
    }

    @Test
    void noOriginAccessControlOnTheFunctionUrl() {
        assertTrue(proxy.findResources("AWS::CloudFront::OriginAccessControl").isEmpty(),
                "OAC on a Function URL refuses POST/PUT without x-amz-content-sha256");
        proxy.hasResourceProperties("AWS::Lambda::Url", Map.of("AuthType", "NONE", "Qualifier", "live"));
    }

    @Test
    void bypassPathsGoStraightToTheApplication() {
        proxy.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "CacheBehaviors", Match.arrayWith(List.of(Match.objectLike(Map.of("PathPattern", "/static/*")))),
                "Origins", Match.arrayWith(List.of(Match.objectLike(Map.of("DomainName", "app.example.com"))))))));
    }

    @Test
    void queueHasItsRedrivePolicyEncryptionAndSslOnlyPolicy() {
        Capture dlq = new Capture();
        proxy.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "RedrivePolicy", Map.of("deadLetterTargetArn", dlq, "maxReceiveCount", QueueLimits.MAX_RECEIVE_COUNT),
                "SqsManagedSseEnabled", true,
                "MaximumMessageSize", 1_048_576,
                "VisibilityTimeout", 6 * 60));
        proxy.hasResourceProperties("AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 14 * 24 * 3600, "SqsManagedSseEnabled", true));
        proxy.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Effect", "Deny", "Action", "sqs:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))), "Version", "2012-10-17")));
    }

    @Test
    void tableHasTtlPitrIndexesAndIsRetained() {
        proxy.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "TimeToLiveSpecification", Map.of("AttributeName", TableSchema.TTL, "Enabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true,
                        "BillingMode", "PAY_PER_REQUEST",
                        "GlobalSecondaryIndexes", Match.arrayWith(TableSchema.INDEXES.stream()
                                .map(i -> (Object) Match.objectLike(Map.of("IndexName", i.name()))).toList())))));
    }

    @Test
    void indexesCarryOnlyKeysAndTheSmallFilterAttributesNeverTheEvent() {
        // each index write then costs 1 write unit instead of the whole item's
        Map<String, Object> projection = Map.of("ProjectionType", "INCLUDE", "NonKeyAttributes", TableSchema.INDEX_ATTRIBUTES);
        proxy.hasResourceProperties("AWS::DynamoDB::Table", Map.of("GlobalSecondaryIndexes", Match.arrayWith(TableSchema.INDEXES.stream()
                .map(i -> (Object) Match.objectLike(Map.of("IndexName", i.name(), "Projection", projection))).toList())));
        assertFalse(TableSchema.INDEX_ATTRIBUTES.contains(TableSchema.EVENT_JSON));
    }

    /** The statements of the inline policy of the role whose logical id starts with {@code role}, as text. */
    static String policyOf(String role) {
        Capture statements = new Capture();
        proxy.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyName", Match.stringLikeRegexp(role + ".*"),
                "PolicyDocument", Map.of("Statement", statements, "Version", "2012-10-17")));
        return statements.asArray().toString();
    }

    @Test
    void edgeRoleMaySendOnlyToItsQueue() {
        String json = policyOf("CaptureRole");
        assertTrue(json.contains("sqs:SendMessage"), json);
        assertFalse(json.contains("sqs:ReceiveMessage") || json.contains("sqs:*") || json.contains("dynamodb"), json);
        assertTrue(json.contains("secretsmanager:GetSecretValue"), json);
    }

    @Test
    void consumerMayOnlyWriteTheTableAndConsumeItsQueue() {
        String json = policyOf("ConsumerRole");
        assertTrue(json.contains("dynamodb:BatchWriteItem") && json.contains("sqs:ReceiveMessage"), json);
        assertFalse(json.contains("dynamodb:Query") || json.contains("dynamodb:Delete") || json.contains("sqs:SendMessage")
                || json.contains("index/"), json);
    }

    @Test
    void functionsAreJava21Arm64WithJsonLogsAndTheEdgeUsesSnapStart() {
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "actionlog.edge.EdgeHandler::handleRequest", "Runtime", "java21", "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON"))));
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "actionlog.consumer.ConsumerHandler::handleRequest", "Runtime", "java21"));
        proxy.resourceCountIs("AWS::Logs::LogGroup", 2);
        proxy.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void noFixedResourceNamesAndNoSecretValuesInEnvironments() {
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::Lambda::Function")) {
            proxy.findResources(type).values().forEach(r -> {
                Map<?, ?> props = (Map<?, ?>) ((Map<?, ?>) r).get("Properties");
                assertNull(props.get("TableName"));
                assertNull(props.get("QueueName"));
                assertNull(props.get("FunctionName"));
            });
        }
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of(
                Env.ORIGIN_SECRET_ARN, Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("CaptureOriginSecret.*"))),
                Env.ORIGIN_URL, "https://app.example.com",
                Env.TRUST_CLOUDFRONT_HEADERS, "true")))));
    }

    @Test
    void alarmsCoverTheDlqQueueAgeFallbackAndErrorsAndNotify() {
        proxy.resourceCountIs("AWS::CloudWatch::Alarm", 5);
        proxy.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", Metrics.FALLBACK_EVENTS, "Namespace", Metrics.NAMESPACE));
        proxy.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 300));
        proxy.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "sre@example.com"));
    }

    @Test
    void outputsTellTheCliWhereEverythingIs() {
        for (String output : List.of("EdgeUrl", "QueueUrl", "DeadLetterQueueUrl", "TableName")) {
            assertFalse(proxy.findOutputs(output).isEmpty(), output);
        }
    }

    @Test
    void withoutCloudFrontAnHttpApiFrontsTheEdge() {
        Template api = synth(Map.of("cloudFront", "false"));
        api.resourceCountIs("AWS::CloudFront::Distribution", 0);
        api.resourceCountIs("AWS::SecretsManager::Secret", 0);
        api.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        api.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of("PayloadFormatVersion", "2.0"));
    }

    @Test
    void invalidContextFailsWithTheKeyAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("retentionDays", "ninety")::get));
        assertTrue(e.getMessage().contains("'retentionDays'") && e.getMessage().contains("-c retentionDays=90"), e.getMessage());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("origin", "ftp://x"), Map.of("bypassPaths", "/static/*"), Map.of("alarmEmail", "nobody"),
                Map.of("cloudFront", "maybe"), Map.of("identityHeader", "X User"), Map.of("webAclArn", "acl-1"),
                Map.of("consumerBatchSize", "100", "consumerBatchingWindowSeconds", "0"))) {
            IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> StackConfig.from(bad::get), bad.toString());
            assertTrue(err.getMessage().contains("context key '" + bad.keySet().iterator().next()) || err.getMessage().contains("context key"), err.getMessage());
        }
    }
}

package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.core.Metrics;
import actionlog.core.QueueLimits;
import actionlog.core.SettingCatalog;
import actionlog.core.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ActionlogStackIT {
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
                        // a redirect would turn a plain-HTTP POST into a body-less GET
                        "ViewerProtocolPolicy", "https-only")),
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
                "CacheBehaviors", Match.arrayWith(List.of(Match.objectLike(Map.of("PathPattern", "/static/*",
                        "ViewerProtocolPolicy", "https-only")))),
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
        assertFalse(TableSchema.INDEX_ATTRIBUTES.contains(TableSchema.EVENT_COMPACT));
    }

    @Test
    void theSearchIndexIsOnByDefaultWithBucketAndPathKeysAndCanBeSwitchedOff() {
        proxy.hasResourceProperties("AWS::DynamoDB::Table", Map.of("GlobalSecondaryIndexes", Match.arrayWith(List.of(
                Match.objectLike(Map.of("IndexName", TableSchema.SEARCH_INDEX, "KeySchema", List.of(
                        Map.of("AttributeName", TableSchema.SEARCH_KEY, "KeyType", "HASH"),
                        Map.of("AttributeName", TableSchema.SEARCH_SORT, "KeyType", "RANGE"))))))));
        Template off = synth(Map.of("searchIndex", "false"));
        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) off.findResources("AWS::DynamoDB::Table").values().iterator().next();
        String indexes = String.valueOf(((Map<?, ?>) table.get("Properties")).get("GlobalSecondaryIndexes"));
        assertFalse(indexes.contains(TableSchema.SEARCH_INDEX), indexes);
        assertTrue(indexes.contains(TableSchema.SESSION_INDEX), indexes);
    }

    @Test
    void aTraceLinkTemplateBecomesAnOutputAndABadOneFailsSynth() {
        synth(Map.of("traceLinkTemplate", "https://tempo.example.com/trace/{traceId}")).hasOutput("TraceLinkTemplate",
                Map.of("Value", "https://tempo.example.com/trace/{traceId}"));
        var e = assertThrows(IllegalArgumentException.class, () -> StackConfig.from(Map.<String, Object>of("traceLinkTemplate",
                "https://tempo.example.com/trace/")::get));
        assertTrue(e.getMessage().startsWith("context key 'traceLinkTemplate': trace link template"), e.getMessage());
    }

    /** The statements of the inline policy of the role whose logical id starts with {@code role}, as text. */
    static String policyOf(String role) {
        Capture statements = new Capture();
        proxy.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyName", Match.stringLikeRegexp(role + ".*"),
                "PolicyDocument", Map.of("Statement", statements, "Version", "2012-10-17")));
        return statements.asArray().toString();
    }

    /** Every action of every inline policy of the role whose logical id starts with {@code role}, sorted. */
    static java.util.SortedSet<String> actionsOf(Template template, String role) {
        java.util.SortedSet<String> actions = new java.util.TreeSet<>();
        template.findResources("AWS::IAM::Policy").values().forEach(resource -> {
            Map<?, ?> props = (Map<?, ?>) ((Map<?, ?>) resource).get("Properties");
            if (!props.get("PolicyName").toString().startsWith(role)) return;
            for (Object statement : (List<?>) ((Map<?, ?>) props.get("PolicyDocument")).get("Statement")) {
                Object action = ((Map<?, ?>) statement).get("Action");
                if (action instanceof List<?> list) list.forEach(a -> actions.add(a.toString()));
                else actions.add(action.toString());
            }
        });
        return actions;
    }

    @Test
    void consumerMayOnlyWriteTheTableAndConsumeItsQueue() {
        String json = policyOf("ConsumerRole");
        assertTrue(json.contains("dynamodb:BatchWriteItem") && json.contains("sqs:ReceiveMessage"), json);
        assertFalse(json.contains("dynamodb:Query") || json.contains("dynamodb:Delete") || json.contains("sqs:SendMessage")
                || json.contains("index/"), json);
        assertTrue(json.contains("{Action=dynamodb:BatchGetItem, Condition={ForAllValues:StringEquals={dynamodb:LeadingKeys=["
                + TableSchema.ERASURE_PK + "]}}"), "reads only the suppression list: " + json);
    }

    @Test
    void eachRoleHoldsExactlyTheActionsItsCodeCalls() {
        assertEquals(new java.util.TreeSet<>(List.of("logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage",
                "secretsmanager:GetSecretValue")), actionsOf(proxy, "CaptureRole"));
        assertEquals(new java.util.TreeSet<>(List.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:BatchWriteItem",
                "dynamodb:BatchGetItem", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")), actionsOf(proxy, "ConsumerRole"));
        Template api = synth(Map.of("cloudFront", "false")); // collect mode: no origin secret, no browser cookie, no key
        assertEquals(new java.util.TreeSet<>(List.of("logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage")),
                actionsOf(api, "CaptureRole"));
        Template noCookie = synth(Map.of("origin", "https://app.example.com", "cloudFront", "false", "browserCookie", "none"));
        assertEquals(new java.util.TreeSet<>(List.of("logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage")),
                actionsOf(noCookie, "CaptureRole"), "proxy mode with the browser cookie switched off: no key to read");
        noCookie.resourceCountIs("AWS::SecretsManager::Secret", 0);
        proxy.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void edgeRoleReadsOnlyItsOwnSecretAndSendsOnlyToItsQueue() {
        String json = policyOf("CaptureRole");
        assertTrue(json.contains("CaptureOriginSecret") && json.contains("CaptureBrowserKey"), json);
        assertFalse(json.contains("\"*\""), json);
    }

    @Test
    void functionsAreJava21Arm64WithJsonLogsAndTheEdgeUsesSnapStart() {
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "actionlog.edge.EdgeHandler::handleRequest", "Runtime", "java21", "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON"))));
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "actionlog.consumer.ConsumerHandler::handleRequest", "Runtime", "java21"));
        proxy.resourceCountIs("AWS::Logs::LogGroup", 4); // edge, consumer, archive function, archive delivery
    }

    @Test
    void theEdgeLogGroupHoldingFallbackLinesOutlivesTheStackForAsLongAsEventsAreKept() {
        Map<String, Map<String, Object>> groups = proxy.findResources("AWS::Logs::LogGroup");
        Map<String, Object> edge = groups.entrySet().stream().filter(e -> e.getKey().startsWith("Capture")).findFirst().orElseThrow().getValue();
        Map<String, Object> consumer = groups.entrySet().stream().filter(e -> e.getKey().startsWith("Consumer")).findFirst().orElseThrow().getValue();
        assertEquals("Retain", edge.get("DeletionPolicy"));
        assertEquals(90, ((Map<?, ?>) edge.get("Properties")).get("RetentionInDays"), "the retention of events (retentionDays)");
        assertEquals("Delete", consumer.get("DeletionPolicy"));
        assertEquals(30, ((Map<?, ?>) consumer.get("Properties")).get("RetentionInDays"));
        // longer event retention: the next period CloudWatch Logs accepts; or chosen
        assertEquals(400, StackConfig.from(Map.<String, Object>of("retentionDays", "366")::get).edgeLogRetentionDays());
        synth(Map.of("edgeLogRetentionDays", "731")).hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 731));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("edgeLogRetentionDays", "100")::get));
        assertTrue(e.getMessage().startsWith("context key 'edgeLogRetentionDays'='100' must be one of [1, 3,"),
                e.getMessage());
    }

    @Test
    void theEdgeHasAConcurrencyCapThatCanBeChangedOrSwitchedOff() {
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "actionlog.edge.EdgeHandler::handleRequest",
                "ReservedConcurrentExecutions", StackConfig.EDGE_RESERVED_CONCURRENCY));
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "actionlog.consumer.ConsumerHandler::handleRequest",
                "ReservedConcurrentExecutions", Match.absent()));
        synth(Map.of("edgeReservedConcurrency", "400")).hasResourceProperties("AWS::Lambda::Function",
                Map.of("Handler", "actionlog.edge.EdgeHandler::handleRequest", "ReservedConcurrentExecutions", 400));
        synth(Map.of("edgeReservedConcurrency", "none")).hasResourceProperties("AWS::Lambda::Function",
                Map.of("Handler", "actionlog.edge.EdgeHandler::handleRequest", "ReservedConcurrentExecutions", Match.absent()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("edgeReservedConcurrency", "0")::get));
        assertEquals("context key 'edgeReservedConcurrency'='0' must be a whole number from 1 to 10000 (or none); fix: "
                + "-c edgeReservedConcurrency=100", e.getMessage());
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
                Env.BROWSER_KEY_SECRET_ARN, Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("CaptureBrowserKey.*"))),
                SettingCatalog.ORIGIN.env(), "https://app.example.com",
                Env.TRUST_CLOUDFRONT_HEADERS, "true")))));
    }

    @Test
    void alarmsCoverTheDlqQueueAgeFallbackAndErrorsAndNotify() {
        proxy.resourceCountIs("AWS::CloudWatch::Alarm", 13); // 7 on the pipeline and the edge, 6 on the archive
        proxy.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Throttles", "Namespace", "AWS/Lambda",
                "Threshold", 0, "Statistic", "Sum", "Period", 300));
        proxy.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", Metrics.REFUSED_CALLS, "Namespace", Metrics.NAMESPACE,
                "Threshold", Alarms.REFUSED_CALLS_PER_5_MINUTES, "Statistic", "Sum", "Period", 300,
                "Dimensions", List.of(Map.of("Name", Metrics.STACK_DIMENSION, "Value", ActionlogApp.STACK_NAME))));
        proxy.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", Metrics.FALLBACK_EVENTS, "Namespace", Metrics.NAMESPACE,
                // the edge writes the same dimension into each fallback record (EMF), so two stacks never mix
                "Dimensions", List.of(Map.of("Name", Metrics.STACK_DIMENSION, "Value", ActionlogApp.STACK_NAME))));
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "actionlog.edge.EdgeHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(Env.STACK_NAME, ActionlogApp.STACK_NAME)))));
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
        // each bad context names the key at fault
        Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
        cases.put("origin", Map.of("origin", "ftp://x"));
        cases.put("bypassPaths", Map.of("bypassPaths", "/static/*"));
        cases.put("alarmEmail", Map.of("alarmEmail", "nobody"));
        cases.put("cloudFront", Map.of("cloudFront", "maybe"));
        cases.put("identityHeader", Map.of("identityHeader", "X User"));
        cases.put("webAclArn", Map.of("webAclArn", "acl-1"));
        cases.put("consumerBatchSize", Map.of("consumerBatchSize", "100", "consumerBatchingWindowSeconds", "0"));
        cases.forEach((key, bad) -> {
            IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> StackConfig.from(bad::get), bad.toString());
            assertTrue(err.getMessage().startsWith("context key '" + key + "'"), err.getMessage());
        });
    }

    @Test
    void corsOriginsThatWouldShareCredentialsWithAnySiteAreRefusedAtSynth() {
        for (String origins : List.of("*", "null", "https://shop.example.com,*", "https://shop.example.com/path")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StackConfig.from(Map.<String, Object>of("corsOrigins", origins)::get), origins);
            assertTrue(e.getMessage().startsWith("context key 'corsOrigins' has '"), e.getMessage());
        }
        assertEquals(List.of("https://shop.example.com", "http://localhost:3000"),
                StackConfig.from(Map.<String, Object>of("corsOrigins", "https://shop.example.com,http://localhost:3000")::get).corsOrigins());
    }

    @Test
    void alarmTopicUsesACustomerManagedKeyThatCloudWatchMayUse() {
        Capture key = new Capture();
        proxy.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn"))));
        Map<?, ?> keyResource = (Map<?, ?>) proxy.findResources("AWS::KMS::Key").get(key.asString());
        assertNotNull(keyResource, "the topic's key is a key of this stack, not alias/aws/sns");
        Map<?, ?> props = (Map<?, ?>) keyResource.get("Properties");
        assertEquals(true, props.get("EnableKeyRotation"));
        proxy.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Effect", "Allow",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*")))))))));
        assertFalse(proxy.toJSON().toString().contains("alias/aws/sns"));
    }

    @Test
    void theViewerRequestFunctionIsTheTestedResource() {
        proxy.hasResourceProperties("AWS::CloudFront::Function", Map.of(
                "FunctionCode", ViewerRequestCode.source(),
                "FunctionConfig", Match.objectLike(Map.of("Runtime", "cloudfront-js-2.0"))));
        assertTrue(ViewerRequestCode.source().contains("'" + EdgeProtocol.VIEWER_ADDRESS_HEADER + "'"));
    }

    @Test
    void aPinnedSecretVersionChangesWhatCloudFrontSends() {
        String version = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
        Template pinned = synth(Map.of("origin", "https://app.example.com", "originSecretVersion", version));
        String distribution = pinned.findResources("AWS::CloudFront::Distribution").toString();
        assertTrue(distribution.contains(":SecretString:::" + version + "}}"), distribution);
        assertFalse(proxy.findResources("AWS::CloudFront::Distribution").toString().contains(version));
    }

    @Test
    void regionsWithoutFunctionUrlsOrSnapStartFailSynthNamingTheAlternative() {
        IllegalArgumentException noUrls = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("region", "eu-central-2")::get));
        assertTrue(noUrls.getMessage().contains("-c cloudFront=false") && noUrls.getMessage().contains(Regions.CHECKED),
                noUrls.getMessage());
        assertFalse(noUrls.getMessage().contains("snapStart=false"), noUrls.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("region", "ap-east-2")::get));
        assertTrue(both.getMessage().contains("-c cloudFront=false") && both.getMessage().contains("-c snapStart=false"),
                both.getMessage());
        assertEquals("eu-central-2", StackConfig.from(Map.<String, Object>of("region", "eu-central-2", "cloudFront", "false")::get).region());
        assertEquals("ap-east-2", StackConfig.from(Map.<String, Object>of("region", "ap-east-2", "cloudFront", "false",
                "snapStart", "false")::get).region());
        assertEquals("eu-west-1", StackConfig.from(Map.<String, Object>of("region", "eu-west-1")::get).region());
        assertThrows(IllegalArgumentException.class, () -> StackConfig.from(Map.<String, Object>of("region", "Europe")::get));
    }

    @Test
    void customRedactHeadersReachTheEdgeAsAnExtensionAndCannotFreeTheOriginSecret() {
        Template custom = synth(Map.of("redactHeaders", "x-tenant"));
        custom.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "actionlog.edge.EdgeHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(SettingCatalog.REDACT_HEADERS.env(), "x-tenant")))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("redactHeaders", "-" + EdgeProtocol.ORIGIN_SECRET_HEADER)::get));
        assertTrue(e.getMessage().contains("never stored"), e.getMessage());
    }

    @Test
    void shouldNestTheEdgesTimeouts_whenTheOriginTimeoutIsChosen() {
        proxy.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "actionlog.edge.EdgeHandler::handleRequest", "Timeout", 29));
        proxy.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "Origins", Match.arrayWith(List.of(Match.objectLike(Map.of("CustomOriginConfig", Match.objectLike(Map.of("OriginReadTimeout", 30))))))))));
        synth(Map.of("originTimeoutMs", "50000")).hasResourceProperties("AWS::Lambda::Function",
                Map.of("Handler", "actionlog.edge.EdgeHandler::handleRequest", "Timeout", 54,
                        "Environment", Map.of("Variables", Match.objectLike(Map.of("ACTIONLOG_ORIGIN_TIMEOUT_MS", "50000")))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("originTimeoutMs", "57000")::get));
        assertTrue(e.getMessage().endsWith("more than CloudFront allows (60 s); lower context key 'originTimeoutMs'"), e.getMessage());
    }
}

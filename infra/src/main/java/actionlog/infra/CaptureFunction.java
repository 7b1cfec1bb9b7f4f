package actionlog.infra;

import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.FunctionUrlOrigin;
import software.amazon.awscdk.services.cloudfront.origins.FunctionUrlOriginProps;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The capture stage: the edge Lambda (regional, in the regions {@link Regions} allows, SnapStart on a published version behind the alias
 * "live") and what reaches it: CloudFront in front of its Function URL, or an HTTP API without CloudFront.
 * CloudFront proves itself with a secret origin header the function checks; no OAC, which would make POST and
 * PUT fail unless every client signs its body.
 */
public final class CaptureFunction extends Construct {
    public record Props(StackConfig config, IQueue queue) {}

    public final Function function;
    public final Alias alias;
    /**
     * The function's log group, home of the fallback lines ({@code actionlog recover} re-ingests them): retained when
     * the stack is deleted, kept {@code edgeLogRetentionDays}.
     */
    public final LogGroup logGroup;
    /** Null when deployed without CloudFront. */
    public final Distribution distribution;
    /** The public URL users hit. */
    public final String url;

    public CaptureFunction(Construct scope, String id, Props props) {
        super(scope, id);
        StackConfig config = props.config();
        // while SQS is down the fallback lines are the events' only copy: they outlive a teardown (RETAIN) and are
        // kept as long as the events would be (edgeLogRetentionDays), then CloudWatch deletes them
        LambdaDefaults.Basics basics = LambdaDefaults.basics(this, "actionlog edge: sends captured events to its queue",
                config.edgeLogRetentionDays(), RemovalPolicy.RETAIN);
        logGroup = basics.logGroup();

        Secret originSecret = config.cloudFront() ? Secret.Builder.create(this, "OriginSecret")
                .description("Header value CloudFront adds so the edge function can refuse direct calls")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(48).build())
                .build() : null;

        // The key of the edge's sealed browser cookie, shared by every environment of the function; proxy mode only
        // (a collect-only edge never answers with the cookie). Rotating it (a new version) keeps the previous one
        // opening the cookies it sealed, as the edge accepts AWSCURRENT and AWSPREVIOUS.
        Secret browserKey = config.origin() != null && !"none".equalsIgnoreCase(config.browserCookie())
                ? Secret.Builder.create(this, "BrowserKey")
                        .description("Key of the edge's sealed first-party browser cookie (actionlog_bid)")
                        .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build())
                        .build() : null;

        // ordered maps only: the template's bytes must not depend on a JVM's hash seed
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Env.QUEUE_URL, props.queue().getQueueUrl());
        if (originSecret != null) env.put(Env.ORIGIN_SECRET_ARN, originSecret.getSecretArn());
        if (browserKey != null) env.put(Env.BROWSER_KEY_SECRET_ARN, browserKey.getSecretArn());
        env.putAll(config.edgeEnvironment());
        env.put(Env.STACK_NAME, software.amazon.awscdk.Stack.of(this).getStackName());
        // Tiered compilation stopped at C1: the usual Lambda choice for short request handlers (faster start).
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        function = Function.Builder.create(this, "Function")
                .description("actionlog edge: captures every request and sends it to SQS (fail-open)")
                .runtime(Runtime.JAVA_21)
                // arm64: about 20% cheaper per GB-second than x86_64 for the same work
                .architecture(Architecture.ARM_64)
                // 1024 MB buys a full vCPU share: Java start-up and TLS to SQS and the origin are CPU-bound
                .memorySize(1024)
                // the origin timeout + the send + a margin; CloudFront's read timeout outlasts it (Timeouts)
                .timeout(Duration.seconds(config.timeouts().function().toSeconds()))
                .handler("actionlog.edge.EdgeHandler::handleRequest")
                .code(Code.fromAsset(Artifacts.jar("edge")))
                .role(basics.role())
                .logGroup(basics.logGroup())
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(config.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                // a cap (see StackConfig.EDGE_RESERVED_CONCURRENCY): a flood of requests, through CloudFront or
                // straight at the public Function URL, cannot take the account's concurrency from the consumer and
                // every other function; null (edgeReservedConcurrency=none) shares the account's pool
                .reservedConcurrentExecutions(config.edgeReservedConcurrency())
                .environment(env)
                .build();
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(props.queue().getQueueArn()))
                .build());
        Nag.accept(function, "AwsSolutions-L1", Nag.RUNTIME_REASON);
        if (originSecret != null) {
            readsSecret(originSecret, "rotated by hand without refusing a request: the edge accepts "
                    + "the AWSCURRENT and AWSPREVIOUS values and re-reads them every few minutes and after a SnapStart "
                    + "restore; `cdk deploy -c originSecretVersion=<VersionId>` then makes CloudFront send the new value "
                    + "(README: Rotating the origin secret)");
        }
        if (browserKey != null) {
            readsSecret(browserKey, "rotated by hand without signing anyone out: the edge opens cookies "
                    + "sealed under AWSCURRENT and AWSPREVIOUS; a new version takes effect when the function restarts "
                    + "(README: Naming your users)");
        }
        alias = Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion()).build();
        software.amazon.awscdk.Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the alias 'live' points at the published current version, which is what SnapStart snapshots");

        if (config.cloudFront()) {
            FunctionUrl functionUrl = alias.addFunctionUrl(FunctionUrlOptions.builder().authType(FunctionUrlAuthType.NONE).build());
            software.amazon.awscdk.services.cloudfront.Function keepHost = software.amazon.awscdk.services.cloudfront.Function.Builder
                    .create(this, "ForwardHost")
                    .comment("Viewer address and country into actionlog headers; Host kept as X-Forwarded-Host")
                    .runtime(FunctionRuntime.JS_2_0)
                    .code(FunctionCode.fromInline(ViewerRequestCode.source()))
                    .build();
            BehaviorOptions.Builder behavior = BehaviorOptions.builder()
                    .origin(new FunctionUrlOrigin(functionUrl, FunctionUrlOriginProps.builder()
                            .customHeaders(Map.of(EdgeProtocol.ORIGIN_SECRET_HEADER, originSecretValue(originSecret, config).unsafeUnwrap()))
                            .readTimeout(Duration.seconds(config.timeouts().viewerRead().toSeconds()))
                            .build()))
                    // every method, with its body: POST/PUT/PATCH/DELETE must never be refused at the edge
                    .allowedMethods(AllowedMethods.ALLOW_ALL)
                    .cachePolicy(CachePolicy.CACHING_DISABLED)
                    // the origin's response goes back unchanged, never re-encoded
                    .compress(false)
                    // all viewer headers, cookies and query strings; not Host. The viewer's address does not rely on
                    // this policy adding CloudFront headers: the viewer-request function writes it.
                    .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                    // plain HTTP gets CloudFront's 403: a redirect (301) would turn a POST into a body-less GET
                    .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                    .functionAssociations(List.of(FunctionAssociation.builder()
                            .eventType(FunctionEventType.VIEWER_REQUEST).function(keepHost).build()));
            Distribution.Builder distributionBuilder = Distribution.Builder.create(this, "Distribution")
                    .comment("actionlog: records every request, then serves it")
                    .httpVersion(HttpVersion.HTTP2_AND_3)
                    .defaultBehavior(behavior.build());
            if (!config.bypassPaths().isEmpty()) {
                java.net.URI app = java.net.URI.create(config.origin());
                HttpOrigin appOrigin = HttpOrigin.Builder.create(app.getHost())
                        .protocolPolicy("https".equals(app.getScheme()) ? OriginProtocolPolicy.HTTPS_ONLY : OriginProtocolPolicy.HTTP_ONLY)
                        .httpPort(app.getPort() > 0 ? app.getPort() : 80)
                        .httpsPort(app.getPort() > 0 ? app.getPort() : 443)
                        .build();
                Map<String, BehaviorOptions> bypass = new LinkedHashMap<>();
                for (String pattern : config.bypassPaths()) {
                    bypass.put(pattern, BehaviorOptions.builder()
                            .origin(appOrigin)
                            .allowedMethods(AllowedMethods.ALLOW_ALL)
                            .cachePolicy(CachePolicy.USE_ORIGIN_CACHE_CONTROL_HEADERS_QUERY_STRINGS)
                            // the same Host the edge sends on proxied paths (originHost)
                            .originRequestPolicy("origin".equals(config.originHost())
                                    ? OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER : OriginRequestPolicy.ALL_VIEWER)
                            .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                            .build());
                }
                distributionBuilder.additionalBehaviors(bypass);
            }
            if (config.webAclArn() != null) distributionBuilder.webAclId(config.webAclArn());
            distribution = distributionBuilder.build();
            Nag.accept(distribution, "AwsSolutions-CFR1", "a product for any web application: geo restriction is the "
                    + "application owner's choice, not a default");
            if (config.webAclArn() == null) {
                Nag.accept(distribution, "AwsSolutions-CFR2", "attach your AWS WAF web ACL with -c webAclArn=...; the "
                        + "edge itself refuses calls that bypass CloudFront");
            }
            Nag.accept(distribution, "AwsSolutions-CFR3", "actionlog is the access log: every request is recorded in "
                    + "the events table with redaction and retention");
            Nag.accept(distribution, "AwsSolutions-CFR4", "the default *.cloudfront.net certificate fixes the minimum "
                    + "TLS version; put your own domain and certificate in front to raise it");
            url = "https://" + distribution.getDistributionDomainName();
        } else {
            HttpApi api = HttpApi.Builder.create(this, "Api")
                    .description("actionlog edge without CloudFront")
                    .defaultIntegration(new HttpLambdaIntegration("Edge", alias))
                    .build();
            Nag.accept(api, "AwsSolutions-APIG1", "the edge function records every request (who, what, when, from "
                    + "where), which is what access logs would hold");
            Nag.accept(api, "AwsSolutions-APIG4", "a public capture endpoint in front of a web application: the "
                    + "application authenticates its users, actionlog records them");
            distribution = null;
            url = api.getApiEndpoint();
        }
    }

    /** The edge may read this secret's values (GetSecretValue only: it never describes or lists secrets), rotated by hand. */
    private void readsSecret(Secret secret, String rotation) {
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(secret.getSecretArn()))
                .build());
        Nag.accept(secret, "AwsSolutions-SMG4", rotation);
    }

    /**
     * The value CloudFront sends. CloudFormation resolves a dynamic reference only when the distribution changes, so
     * after a rotation {@code -c originSecretVersion=<VersionId>} pins the new version, which changes the distribution.
     */
    private static SecretValue originSecretValue(Secret secret, StackConfig config) {
        if (config.originSecretVersion() == null) return secret.getSecretValue();
        return SecretValue.secretsManager(secret.getSecretArn(),
                SecretsManagerSecretOptions.builder().versionId(config.originSecretVersion()).build());
    }
}

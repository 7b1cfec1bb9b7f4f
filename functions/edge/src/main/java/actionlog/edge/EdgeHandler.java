package actionlog.edge;

import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.core.Mode;
import actionlog.core.Settings;
import actionlog.core.ViewerRequest;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Lambda entry point (payload format 2.0: Function URL or HTTP API). Builds everything once, then delegates. */
public final class EdgeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    private final FunctionUrlAdapter adapter;
    private final AfterResponse afterResponse;
    private final Duration sendTimeout;
    /** Null unless the origin secret comes from Secrets Manager. */
    private OriginSecrets secrets;

    public EdgeHandler() {
        this(Settings.fromEnvironment(), SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Settings.fromEnvironment().required(Env.AWS_REGION, "Lambda sets it; locally export AWS_REGION")))
                .build());
        Core.getGlobalContext().register(this);
    }

    private EdgeHandler(Settings settings, SqsClient sqs) {
        this(settings, sqs, originSecrets(settings));
    }

    private EdgeHandler(Settings settings, SqsClient sqs, OriginSecrets secrets) {
        // the config only records that a secret is checked; the values live in OriginSecrets
        this(EdgeConfig.fromEnvironment(settings, secrets == null ? null : "(values held by OriginSecrets)"), sqs, secrets,
                FallbackSink.stdout(settings.string(Env.STACK_NAME, FallbackSink.LOCAL_STACK)),
                settings.bool(Env.FLUSH_AFTER_RESPONSE, true)
                        ? PostResponseFlush.register(System.getenv("AWS_LAMBDA_RUNTIME_API")) : null);
        this.secrets = secrets;
    }

    private EdgeHandler(EdgeConfig config, SqsClient sqs, OriginSecrets secrets, FallbackSink fallback, AfterResponse afterResponse) {
        this(new EdgeService(config,
                new SqsEventSender(sqs, config.queueUrl(), fallback, config.sendTimeout(), 2), secrets),
                afterResponse, config.sendTimeout());
    }

    /**
     * @param afterResponse who completes sends after the response; null makes each invocation wait for its send
     *                      (bounded by {@code sendTimeout}) before returning
     */
    public EdgeHandler(EdgeService service, AfterResponse afterResponse, Duration sendTimeout) {
        this.adapter = new FunctionUrlAdapter(service, System::currentTimeMillis);
        this.afterResponse = afterResponse;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            FunctionUrlAdapter.Result outcome = adapter.handle(event);
            if (afterResponse != null) {
                afterResponse.track(outcome.sent());
            } else {
                awaitSend(outcome.sent());
            }
            return outcome.response();
        } catch (RuntimeException e) {
            throw new IllegalStateException("edge failed: " + e, e);
        } finally {
            if (afterResponse != null) afterResponse.invocationFinished(context == null ? null : context.getAwsRequestId());
        }
    }

    /** Waits for the send, bounded; whatever happens to it, the response goes out (the sender has its fallback). */
    private void awaitSend(CompletableFuture<Void> sent) {
        try {
            sent.get(sendTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException sendFailed) {
            // capture never breaks the response: the sender writes the event to its fallback sink on its own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SnapStart priming: run the capture and JSON path once so the snapshot holds warm classes. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        APIGatewayV2HTTPEvent probe = new APIGatewayV2HTTPEvent();
        probe.setRawPath(EdgeProtocol.HEALTH_PATH);
        probe.setHeaders(Map.of("user-agent", "actionlog-priming"));
        adapter.handle(probe);
        // every redaction path once (names, URL-valued headers, nested URLs, path rules, shapes) and the beacon reader
        actionlog.core.EventCapture capture = new actionlog.core.EventCapture(actionlog.core.CaptureConfig.defaults());
        ViewerRequest sample = new ViewerRequest("priming", 0, "POST", "https", "priming", "/reset/priming1;jsessionid=p",
                "a=1&token=p&next=https://u:p@priming/cb?code=p", Map.of("user-agent", java.util.List.of("priming"),
                        "referer", java.util.List.of("https://priming/p?q=4111111111111111"), "cookie", java.util.List.of("session=p")),
                "127.0.0.1", 0);
        capture.capture(sample, Mode.PROXY).toJson();
        capture.beacon(sample, actionlog.core.Json.readObject("{\"action\":\"priming\",\"properties\":{\"k\":[\"v\"]}}")).toJson();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // clients re-open connections lazily; the origin-secret values in the snapshot may predate a rotation
        if (secrets != null) secrets.refresh();
    }

    /**
     * The origin secret comes from Secrets Manager (the stack passes its ARN, never its value): its current and
     * previous values, re-read on an interval. One client, built once.
     */
    private static OriginSecrets originSecrets(Settings settings) {
        String arn = settings.string(Env.ORIGIN_SECRET_ARN, null);
        if (arn == null) return null;
        SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.required(Env.AWS_REGION, "Lambda sets it")))
                .build();
        try {
            return new OriginSecrets(OriginSecrets.secretsManager(client, arn, Duration.ofSeconds(2)), System::currentTimeMillis);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the origin secret " + arn + " (" + e.getMessage()
                    + "); check that the function's role may call secretsmanager:GetSecretValue on it", e);
        }
    }
}

package actionlog.edge;

import actionlog.core.Env;
import actionlog.core.Mode;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.core.ViewerRequest;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

/**
 * Lambda entry point (payload format 2.0: Function URL or HTTP API). Builds everything once, then delegates. It reads
 * and writes the payload itself ({@link FunctionUrlPayload}), so that an invocation with anything else fails at once
 * with its reason and is never recorded, and tells the post-response extension that the invocation is over whatever
 * happened to it.
 */
public final class EdgeHandler implements RequestStreamHandler, Resource {
    private final EdgeService service;
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
        this(settings, sqs, originSecrets(settings), settings.string(Env.STACK_NAME, FallbackSink.LOCAL_STACK));
    }

    private EdgeHandler(Settings settings, SqsClient sqs, OriginSecrets secrets, String stack) {
        // the config only records that a secret is checked; the values live in OriginSecrets
        this(EdgeConfig.fromEnvironment(settings, secrets == null ? null : "(values held by OriginSecrets)"), sqs, secrets, stack,
                settings.bool(Env.FLUSH_AFTER_RESPONSE, true)
                        ? PostResponseFlush.register(System.getenv("AWS_LAMBDA_RUNTIME_API")) : null);
        this.secrets = secrets;
    }

    private EdgeHandler(EdgeConfig config, SqsClient sqs, OriginSecrets secrets, String stack, AfterResponse afterResponse) {
        this(EdgeService.builder(config, new SqsEventSender(sqs, config.queueUrl(), FallbackSink.stdout(stack), config.sendTimeout(), 2))
                        .originSecrets(secrets)
                        .refusedCalls(RefusedCalls.stdout(stack))
                        .responseLimit(FunctionUrlPayload.LIMIT)
                        .browserKeys(browserKeys(Settings.fromEnvironment()))
                        .build(),
                afterResponse, config.sendTimeout());
    }

    /**
     * @param afterResponse who completes sends after the response; null makes each invocation wait for its send
     *                      (bounded by {@code sendTimeout}) before returning
     */
    public EdgeHandler(EdgeService service, AfterResponse afterResponse, Duration sendTimeout) {
        this.service = service;
        this.adapter = new FunctionUrlAdapter(service, System::currentTimeMillis);
        this.afterResponse = afterResponse;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try {
            output.write(answer(input.readAllBytes()));
        } finally {
            if (afterResponse != null) afterResponse.invocationFinished(context == null ? null : context.getAwsRequestId());
        }
    }

    /**
     * The response payload to a request payload; anything but an HTTP request fails (IllegalArgumentException). A
     * request without an accepted origin secret is refused before anything else is read from its payload.
     */
    byte[] answer(byte[] payload) {
        FunctionUrlPayload.Caller caller = FunctionUrlPayload.caller(payload, EdgeService.SECRET_HEADER);
        EdgeService.Outcome refused = caller == null ? null : service.refusal(caller.secret(), caller.sourceIp());
        if (refused != null) return FunctionUrlPayload.write(FunctionUrlWriter.response(refused.response()));
        return FunctionUrlPayload.write(handle(FunctionUrlPayload.read(payload)));
    }

    /** Answers one request; its send completes after the response (with the extension) or before it returns. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
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

    /**
     * SnapStart priming: run the payload, capture and JSON path once so the snapshot holds warm classes. Not through
     * the service: behind CloudFront the probe, which has no origin secret, would be counted as a refused call.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        APIGatewayV2HTTPEvent probe = FunctionUrlPayload.read(("{\"version\":\"2.0\",\"rawPath\":\"/priming\","
                + "\"rawQueryString\":\"a=1\",\"headers\":{\"user-agent\":\"actionlog-priming\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"POST\",\"sourceIp\":\"127.0.0.1\"}}}").getBytes(StandardCharsets.UTF_8));
        ViewerRequest request = FunctionUrlReader.request(probe, new byte[0], 0);
        actionlog.core.EventCapture capture = new actionlog.core.EventCapture(actionlog.core.CaptureConfig.defaults());
        String event = capture.capture(request, Mode.PROXY).toJson();
        FunctionUrlPayload.write(FunctionUrlWriter.response(EdgeResponse.json(200, Map.of("primed", event.length()))));
        // every redaction path once (names, URL-valued headers, nested URLs, path rules, shapes) and the beacon reader
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
     * The browser cookie's keys: the current and previous values of the secret the stack generates (its ARN in the
     * environment, never the value), read once at start-up, so every environment of the function seals and opens
     * alike and a rotated key still opens the cookies it sealed. Without the ARN (a hand-made deployment) the key is
     * this environment's own, and says so: browser ids then hold only as long as the environment.
     */
    private static java.util.List<byte[]> browserKeys(Settings settings) {
        String arn = settings.string(Env.BROWSER_KEY_SECRET_ARN, null);
        if (settings.string(SettingCatalog.ORIGIN.env(), null) == null || "none".equalsIgnoreCase(settings.string(SettingCatalog.BROWSER_COOKIE.env(), ""))) {
            return java.util.List.of(actionlog.core.BrowserCookie.randomKey()); // no browser cookie: the key is never used
        }
        if (arn == null) {
            System.err.println("actionlog: " + Env.BROWSER_KEY_SECRET_ARN + " is not set; the browser cookie is keyed by "
                    + "this environment alone (the CDK stack sets it)");
            return java.util.List.of(actionlog.core.BrowserCookie.randomKey());
        }
        SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.required(Env.AWS_REGION, "Lambda sets it")))
                .build();
        try (client) {
            return actionlog.core.BrowserCookie.keysOf(OriginSecrets.secretsManager(client, arn, Duration.ofSeconds(2)).read());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the browser cookie key " + arn + " (" + e.getMessage()
                    + "); check that the function's role may call secretsmanager:GetSecretValue on it", e);
        }
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

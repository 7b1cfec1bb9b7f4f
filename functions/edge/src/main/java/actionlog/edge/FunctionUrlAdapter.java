package actionlog.edge;

import actionlog.core.ViewerRequest;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The edge behind a Function URL or an HTTP API: reads the payload-2.0 event ({@link FunctionUrlReader}), lets the
 * transport-neutral {@link EdgeService} answer, writes the answer back ({@link FunctionUrlWriter}).
 */
public final class FunctionUrlAdapter {
    /** The Lambda response, and the send of its event (complete once SQS or the fallback sink has it). */
    public record Result(APIGatewayV2HTTPResponse response, CompletableFuture<Void> sent) {}

    private final EdgeService service;
    private final LongSupplier clock;

    public FunctionUrlAdapter(EdgeService service, LongSupplier clock) {
        this.service = service;
        this.clock = clock;
    }

    public Result handle(APIGatewayV2HTTPEvent event) {
        long received = clock.getAsLong();
        byte[] body;
        try {
            body = FunctionUrlReader.body(event);
        } catch (IllegalArgumentException badBase64) {
            body = new byte[0];
        }
        var capture = service.config().capture();
        ViewerRequest request = FunctionUrlReader.request(event, body, received,
                capture.trustCloudFrontHeaders() || capture.trustedProxyHops() > 0);
        EdgeService.Outcome outcome = service.handle(request, body, FunctionUrlReader.rawTarget(event));
        return new Result(FunctionUrlWriter.response(outcome.response()), outcome.sent());
    }
}

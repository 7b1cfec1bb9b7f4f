package actionlog.edge;

import actionlog.core.ViewerRequest;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Lambda payload format 2.0 (Function URL and HTTP API) to {@link ViewerRequest} and raw body bytes. */
public final class FunctionUrlReader {
    private FunctionUrlReader() {}

    public static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) return new byte[0];
        return event.getIsBase64Encoded() ? Base64.getMimeDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    public static ViewerRequest request(APIGatewayV2HTTPEvent event, byte[] body, long receivedAtMs) {
        return request(event, body, receivedAtMs, true);
    }

    /**
     * @param trustForwardedHost whether X-Forwarded-Host names the viewer's host: true behind CloudFront (the
     *                           distribution's viewer-request function overwrites it with the viewer's Host) or a
     *                           trusted proxy; false when clients reach the function directly and could write it
     */
    public static ViewerRequest request(APIGatewayV2HTTPEvent event, byte[] body, long receivedAtMs, boolean trustForwardedHost) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).add(v));
        }
        if (event.getCookies() != null && !event.getCookies().isEmpty()) {
            headers.put("cookie", List.of(String.join("; ", event.getCookies())));
        }
        var context = event.getRequestContext();
        var http = context == null ? null : context.getHttp();
        String method = http == null ? "GET" : http.getMethod();
        String sourceIp = http == null ? null : http.getSourceIp();
        // behind CloudFront the Host header names the function URL; the viewer's host travels as X-Forwarded-Host
        String host = trustForwardedHost ? first(headers, "x-forwarded-host") : null;
        if (host == null) host = first(headers, "host");
        if (host == null && context != null) host = context.getDomainName();
        String forwardedProto = first(headers, "x-forwarded-proto");
        // the edge's own id; EdgeService takes CloudFront's X-Amz-Cf-Id only when the origin secret proves CloudFront sent it
        String requestId = context == null ? null : context.getRequestId();
        if (requestId == null) requestId = UUID.randomUUID().toString();
        // recorded as URLs are written: what may not appear raw in one is percent-encoded (the origin gets rawTarget)
        String query = event.getRawQueryString();
        return new ViewerRequest(requestId, receivedAtMs, method, forwardedProto == null ? "https" : forwardedProto,
                host, event.getRawPath() == null ? null : Wire.percentEncoded(Wire.fromText(event.getRawPath())),
                query == null ? null : Wire.percentEncoded(Wire.fromText(query)), headers, sourceIp, body.length);
    }

    /** The request target exactly as the viewer sent it, in its wire form ({@link Wire}), for the origin. */
    public static String rawTarget(APIGatewayV2HTTPEvent event) {
        String path = event.getRawPath() == null || event.getRawPath().isEmpty() ? "/" : event.getRawPath();
        String query = event.getRawQueryString();
        return Wire.fromText(query == null || query.isEmpty() ? path : path + "?" + query);
    }

    /** First value of a header; {@code headers} has lower-case names. */
    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

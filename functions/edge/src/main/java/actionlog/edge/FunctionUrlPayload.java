package actionlog.edge;

import actionlog.core.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda's payload format 2.0 on the wire: the JSON a Function URL or an HTTP API invokes the edge with, and the JSON
 * the edge answers with. The edge reads and writes it itself (jackson-jr, already loaded for events) instead of
 * leaving it to the runtime, so that a payload that is not an HTTP request is refused by the handler at once, with
 * its reason, and so that the size of an answer is known before it is returned.
 */
public final class FunctionUrlPayload {
    /**
     * The largest response payload a synchronous invocation may return: 6 MB, the figure Lambda's own error names
     * ("Response payload size exceeded maximum allowed payload size (6291556 bytes)"). A Function URL then answers its
     * own error instead of the edge's answer; binary bodies travel base64, so about 4.5 MB of them fit.
     */
    public static final int MAX_RESPONSE_BYTES = 6_291_556;

    /** Refuses what a Function URL or an HTTP API cannot carry (see {@link #MAX_RESPONSE_BYTES}). */
    public static final ResponseLimit LIMIT = FunctionUrlPayload::tooLarge;

    private FunctionUrlPayload() {}

    /**
     * The HTTP request in a payload. Anything else (not JSON, not format 2.0, no method or path) is refused with an
     * IllegalArgumentException naming what is wrong: a direct invocation with another payload must neither wait for
     * anything nor be recorded as a request it was not.
     */
    public static APIGatewayV2HTTPEvent read(byte[] payload) {
        Map<String, Object> json;
        try {
            json = Json.readObject(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw notAnHttpRequest(e.getMessage());
        }
        if (!"2.0".equals(json.get("version"))) {
            throw notAnHttpRequest(json.containsKey("version") ? "\"version\" is " + Json.write(json.get("version")) + ", not \"2.0\""
                    : json.isEmpty() ? "it is an empty JSON object"
                    : "it has no \"version\" (keys: " + String.join(", ", json.keySet().stream().limit(8).toList()) + ")");
        }
        Map<?, ?> context = json.get("requestContext") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> http = context.get("http") instanceof Map<?, ?> m ? m : Map.of();
        String method = text(http, "method");
        String rawPath = text(json, "rawPath");
        if (method == null || method.isEmpty()) throw notAnHttpRequest("it has no requestContext.http.method");
        if (rawPath == null || !rawPath.startsWith("/")) throw notAnHttpRequest("its rawPath is not a path");

        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath(rawPath);
        event.setRawQueryString(text(json, "rawQueryString"));
        event.setBody(text(json, "body"));
        event.setIsBase64Encoded(Boolean.TRUE.equals(json.get("isBase64Encoded")));
        if (json.get("headers") instanceof Map<?, ?> headers) {
            Map<String, String> copy = new LinkedHashMap<>();
            headers.forEach((name, value) -> {
                if (value != null) copy.put(name.toString(), value.toString());
            });
            event.setHeaders(copy);
        }
        if (json.get("cookies") instanceof List<?> cookies) event.setCookies(cookies.stream().map(String::valueOf).toList());
        APIGatewayV2HTTPEvent.RequestContext.Http requestHttp = new APIGatewayV2HTTPEvent.RequestContext.Http();
        requestHttp.setMethod(method);
        requestHttp.setSourceIp(text(http, "sourceIp"));
        requestHttp.setPath(text(http, "path"));
        requestHttp.setProtocol(text(http, "protocol"));
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(requestHttp);
        requestContext.setRequestId(text(context, "requestId"));
        requestContext.setDomainName(text(context, "domainName"));
        event.setRequestContext(requestContext);
        return event;
    }

    /** The response as the Function URL (or HTTP API) reads it. */
    public static byte[] write(APIGatewayV2HTTPResponse response) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statusCode", response.getStatusCode());
        json.put("headers", response.getHeaders() == null ? Map.of() : response.getHeaders());
        if (response.getCookies() != null) json.put("cookies", response.getCookies());
        json.put("body", response.getBody() == null ? "" : response.getBody());
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        return Json.write(json).getBytes(StandardCharsets.UTF_8);
    }

    /** Why {@code response} cannot be returned through a Function URL, or null when it can. */
    static String tooLarge(EdgeResponse response) {
        // bound first, to write only answers that may be too large: JSON writes a byte of body or header as at most
        // 6 (a \\u00XX escape), and base64 needs fewer
        long bound = 6L * response.body().length + 256;
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            for (String value : header.getValue()) bound += 6L * (header.getKey().length() + value.length()) + 16;
        }
        if (bound <= MAX_RESPONSE_BYTES) return null;
        int size = write(FunctionUrlWriter.response(response)).length;
        if (size <= MAX_RESPONSE_BYTES) return null;
        return "the origin's answer (status " + response.status() + ", " + response.body().length + " body bytes) is "
                + size + " bytes as a Lambda response, more than the " + MAX_RESPONSE_BYTES + " a Lambda function may "
                + "return; route this path to the application directly (CDK context key bypassPaths)";
    }

    private static IllegalArgumentException notAnHttpRequest(String why) {
        return new IllegalArgumentException("not an HTTP request in Lambda payload format 2.0 (" + why + "): the edge "
                + "answers only its Function URL or HTTP API; invoke it through one of them");
    }

    private static String text(Map<?, ?> map, String key) {
        return map.get(key) instanceof String s ? s : null;
    }
}

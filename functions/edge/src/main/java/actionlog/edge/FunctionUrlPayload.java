package actionlog.edge;

import actionlog.core.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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
            json = Json.readObject(payload);
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

    /** Who calls, as far as refusing a call needs: the origin-secret header's value and the source address. */
    public record Caller(String secret, String sourceIp) {}

    private static final JsonFactory STREAMING = new JsonFactory();

    /**
     * The origin-secret header {@code secretHeader} (any case) and the source address of a payload-2.0 request, read
     * without decoding anything else: the body and every other value are skipped as bytes, so refusing a direct call
     * costs a scan of its payload, not its parsing. Null when the payload is not a payload-2.0 request ({@link #read}
     * then says why).
     */
    public static Caller caller(byte[] payload, String secretHeader) {
        try (JsonParser json = STREAMING.createParser(payload)) {
            if (json.nextToken() != JsonToken.START_OBJECT) return null;
            boolean version2 = false;
            String secret = null;
            String source = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("version")) {
                    version2 = value == JsonToken.VALUE_STRING && "2.0".equals(json.getText());
                } else if (field.equals("headers") && value == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        boolean wanted = json.currentName().equalsIgnoreCase(secretHeader);
                        if (json.nextToken() == JsonToken.VALUE_STRING && wanted) secret = json.getText();
                        else json.skipChildren();
                    }
                } else if (field.equals("requestContext") && value == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        boolean http = json.currentName().equals("http");
                        if (json.nextToken() == JsonToken.START_OBJECT && http) {
                            while (json.nextToken() == JsonToken.FIELD_NAME) {
                                boolean sourceIp = json.currentName().equals("sourceIp");
                                if (json.nextToken() == JsonToken.VALUE_STRING && sourceIp) source = json.getText();
                                else json.skipChildren();
                            }
                        } else {
                            json.skipChildren();
                        }
                    }
                } else {
                    json.skipChildren(); // a string (the body) is passed over without being decoded
                }
            }
            return version2 ? new Caller(secret, source) : null;
        } catch (IOException e) {
            return null;
        }
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

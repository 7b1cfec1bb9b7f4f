package actionlog.edge;

import actionlog.core.Utf8;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link EdgeResponse} to Lambda payload format 2.0 (Function URL and HTTP API): cookies in their own list, other
 * repeated headers joined as HTTP allows, the body as text when it is declared textual and valid UTF-8 (so the
 * round trip is exact), base64 otherwise.
 */
public final class FunctionUrlWriter {
    private FunctionUrlWriter() {}

    public static APIGatewayV2HTTPResponse response(EdgeResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        response.headers().forEach((name, values) -> {
            if (name.equals("set-cookie")) cookies.addAll(values);
            else headers.put(name, String.join(", ", values));
        });
        APIGatewayV2HTTPResponse out = new APIGatewayV2HTTPResponse();
        out.setStatusCode(response.status());
        out.setHeaders(headers);
        if (!cookies.isEmpty()) out.setCookies(cookies);
        String text = asText(headers.get("content-type"), response.body());
        if (text != null) {
            out.setBody(text);
            out.setIsBase64Encoded(false);
        } else {
            out.setBody(Base64.getEncoder().encodeToString(response.body()));
            out.setIsBase64Encoded(true);
        }
        return out;
    }

    /** The body as a string when it is declared textual and is valid UTF-8. */
    private static String asText(String contentType, byte[] body) {
        if (body.length == 0) return "";
        if (contentType == null) return null;
        String type = contentType.toLowerCase(Locale.ROOT);
        if (!(type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("x-www-form-urlencoded"))) return null;
        return Utf8.decodeOrNull(body);
    }
}

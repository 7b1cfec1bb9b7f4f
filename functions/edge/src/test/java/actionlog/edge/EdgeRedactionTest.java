package actionlog.edge;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.EventCodec;
import actionlog.core.Json;
import actionlog.core.Limits;
import actionlog.core.SettingCatalog;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every secret the hostile tester found stored in clear, sent through the edge as Lambda calls it, in each place a
 * captured string is stored (query, headers, Referer and Origin copies, path, beacon properties and action names): the
 * origin still receives them, the event never holds them.
 */
class EdgeRedactionTest extends EdgeTestBase {
    static final String JWT_SPACED = Base64.getUrlEncoder().withoutPadding().encodeToString("{ \"alg\": \"HS256\" }".getBytes(StandardCharsets.UTF_8))
            + ".eyJzdWIiOiJtYWxsb3J5In0.c2lnbmVkLWJ5LXNvbWVvbmU";
    /** The secrets, each unique so a leak names itself. */
    static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("anti-forgery token (hex, own name)", "9f2b1c7e4d6a8b0c3e5f7a9b1d3c5e7f");
        SECRETS.put("anti-forgery token (base64url, own name)", "q3Zk9fQ2LmP7vR4tZ8wY3n");
        SECRETS.put("authenticity_token", "AuthTok3nValue1");
        SECRETS.put("userinfo password", "hunter2pw");
        SECRETS.put("nested URL access token", "NestedAccess1");
        SECRETS.put("jsessionid", "0A1B2C3D4E5F6071");
        SECRETS.put("reset token in path", "rst8k2Jd9sLq");
        SECRETS.put("X-Pwd", "xpwd-value");
        SECRETS.put("X-Pin", "xpin-value");
        SECRETS.put("X-Sid", "xsid-value");
        SECRETS.put("X-Bearer", "xbearer-value");
        SECRETS.put("X-Jwt", "xjwt-value");
        SECRETS.put("X-MFA", "xmfa-value");
        SECRETS.put("X-Pass", "xpass-value");
        SECRETS.put("pin", "pin-value-1");
        SECRETS.put("mfa", "mfa-value-1");
        SECRETS.put("2fa", "twofa-value-1");
        SECRETS.put("verification_code", "vcode-value-1");
        SECRETS.put("code_verifier", "verifier-value-1");
        SECRETS.put("hmac", "hmac-value-1");
        SECRETS.put("mac", "mac-value-1");
        SECRETS.put("pw", "pw-value-1");
        SECRETS.put("passphrase", "phrase-value-1");
        SECRETS.put("sid", "sid-value-1");
        SECRETS.put("pass%2577ord", "double-encoded-1");
        SECRETS.put("JWT eyAi", JWT_SPACED);
        SECRETS.put("tracestate value", "t61rcWkgMzE");
        SECRETS.put("baggage value", "baggage-secret-1");
        SECRETS.put("card", "4111111111111111");
        SECRETS.put("card in a header", "5500 0055 5555 5559");
        SECRETS.put("cvv", "4831");
        SECRETS.put("ssn", "078-05-1120");
        SECRETS.put("card in properties", "378282246310005");
        SECRETS.put("ssn in properties", "219-09-9999");
        SECRETS.put("jwt in action name", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY3Rpb24ifQ.YWN0aW9uLXNpZw");
    }

    static String s(String key) {
        return SECRETS.get(key);
    }

    @Test
    void shouldNeverStoreTheListedSecrets_whenSentThroughTheEdgeInProxyMode() {
        FunctionUrlAdapter edge = service(SettingCatalog.ORIGIN.env(), origin.url());
        APIGatewayV2HTTPEvent request = fixture("function-url-post.json");
        request.setRawPath("/account/reset/" + s("reset token in path") + "/cart;jsessionid=" + s("jsessionid"));
        request.setRawQueryString("form_nonce=" + s("anti-forgery token (hex, own name)") + "&x_guard=" + s("anti-forgery token (base64url, own name)")
                + "&authenticity_token=" + s("authenticity_token") + "&return_to=https://x.example/cb?access_token=" + s("nested URL access token")
                + "&pin=" + s("pin") + "&mfa=" + s("mfa") + "&2fa=" + s("2fa") + "&verification_code=" + s("verification_code")
                + "&code_verifier=" + s("code_verifier") + "&hmac=" + s("hmac") + "&mac=" + s("mac") + "&pw=" + s("pw")
                + "&passphrase=" + s("passphrase") + "&sid=" + s("sid") + "&pass%2577ord=" + s("pass%2577ord")
                + "&id_hint=" + s("JWT eyAi") + "&cc=" + s("card") + "&cvv=" + s("cvv") + "&tin=" + s("ssn")
                + "&next=https://u:" + s("userinfo password") + "@a.example/&page=2");
        Map<String, String> headers = new LinkedHashMap<>(request.getHeaders());
        headers.put("referer", "https://u:" + s("userinfo password") + "@shop.example/checkout?form_nonce=" + s("anti-forgery token (hex, own name)"));
        headers.put("origin", "https://u:" + s("userinfo password") + "@shop.example");
        for (String h : List.of("X-Pwd", "X-Pin", "X-Sid", "X-Bearer", "X-Jwt", "X-MFA", "X-Pass")) headers.put(h.toLowerCase(), s(h));
        headers.put("tracestate", "rojo=" + s("tracestate value"));
        headers.put("baggage", "user=" + s("baggage value"));
        headers.put("x-note", "card " + s("card in a header"));
        request.setHeaders(headers);

        assertEquals(201, edge.handle(request).response().getStatusCode());
        assertTrue(origin.received.poll().query().contains(s("pin")), "the origin receives the request unredacted");
        ActionEvent event = sender.events.get(0);
        assertNoSecret(event.toJson());
        assertEquals("/account/reset/[REDACTED]/cart;jsessionid=[REDACTED]", event.get(F_PATH));
        assertEquals("https://u:[REDACTED]@shop.example/checkout?form_nonce=[REDACTED]", event.get(F_HEADER_PREFIX + "referer"));
        assertTrue(event.string(F_QUERY).endsWith("&page=2"), event.string(F_QUERY));
    }

    @Test
    void shouldNeverStoreTheListedSecrets_whenSentInABeacon() {
        FunctionUrlAdapter edge = service();
        APIGatewayV2HTTPEvent request = fixture("function-url-beacon.json");
        request.setBody(Json.write(Map.of("action", "pay " + s("jwt in action name"), "properties", Map.of(
                "card", Map.of("number", s("card in properties"), "cvc", s("cvv")), "tax_id", s("ssn in properties"),
                "authenticity_token", s("authenticity_token"), "return", "https://u:" + s("userinfo password") + "@a.example/"))));
        request.setIsBase64Encoded(false);
        assertEquals(204, edge.handle(request).response().getStatusCode());
        ActionEvent event = sender.events.get(0);
        assertNoSecret(event.toJson());
        assertEquals("pay [REDACTED]", event.get(F_ACTION));
    }

    @Test
    void shouldStoreADeepBeaconBoundedAndMarked_insteadOfLosingIt() throws Exception {
        FunctionUrlAdapter edge = service();
        for (int depth : List.of(900, 998, 10_000)) {
            sender.events.clear();
            APIGatewayV2HTTPEvent request = fixture("function-url-beacon.json");
            request.setBody("{\"action\":\"deep\",\"properties\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
            request.setIsBase64Encoded(false);
            assertEquals(204, edge.handle(request).response().getStatusCode(), depth + " levels");
            ActionEvent event = sender.events.get(0);
            assertEquals(List.of(F_PROPERTIES), event.get(F_TRUNCATED), depth + " levels");
            String json = event.toJson();
            assertTrue(json.contains("{\"" + Limits.TRUNCATED_DEPTH + "\":" + Limits.MAX_JSON_DEPTH + "}"), json);
            ActionEvent decoded = EventCodec.decode(json);
            assertEquals(json, decoded.toJson(), "what the edge stores is read back unchanged: the marker is not cut again");
        }
    }

    static void assertNoSecret(String json) {
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            assertFalse(json.contains(secret.getValue()), secret.getKey() + " stored in clear: " + json);
        }
    }
}

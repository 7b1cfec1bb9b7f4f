package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The secrets a hostile tester found stored in clear (one test each), and the ordinary values the same rules must
 * keep: a false positive on an id costs support as much as a miss costs privacy.
 */
class RedactionRulesTest {
    private final Redactor redactor = new Redactor(CaptureConfig.defaults());
    private static final String R = Redactor.REDACTED;
    /** 16 random bytes, base64url: the usual anti-forgery token. */
    private static final String TOKEN_B64 = "q3Zk9fQ2LmP7vR4tZ8wY3n";
    /** 16 random bytes, hex. */
    private static final String TOKEN_HEX = "9f2b1c7e4d6a8b0c3e5f7a9b1d3c5e7f";
    /** 32 random bytes in standard base64, as Rails' authenticity_token. */
    private static final String TOKEN_STD = "vK8+Qe3/Xk9fQ2LmP7vR4tZ8wY3nB6cH1jD5sG0aE2u=";

    @ParameterizedTest
    @ValueSource(strings = {"form_nonce", "_xsrf", "anticsrf", "state", "__EVENTVALIDATION", "x", "t"})
    void shouldRedactAnAntiForgeryTokenUnderAnApplicationsOwnName_whenItsValueIsRandom(String name) {
        assertEquals(name + "=" + R + "&q=1", redactor.query(name + "=" + TOKEN_B64 + "&q=1"));
        assertEquals(name + "=" + R, redactor.query(name + "=" + TOKEN_HEX));
        assertEquals(name + "=" + R, redactor.query(name + "=" + TOKEN_STD.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")));
        assertEquals("https://shop.example/cart?" + name + "=" + R, redactor.header("referer", "https://shop.example/cart?" + name + "=" + TOKEN_HEX));
    }

    @Test
    void shouldRedactTheFrameworksAntiForgeryParameters_whateverTheirValue() {
        assertEquals("authenticity_token=" + R + "&__RequestVerificationToken=" + R + "&_token=" + R + "&csrfmiddlewaretoken=" + R,
                redactor.query("authenticity_token=a&__RequestVerificationToken=b&_token=c&csrfmiddlewaretoken=d"));
    }

    @Test
    void shouldRedactTheUserinfoPassword_inRefererOriginQueryValuesAndAbsoluteFormTargets() {
        assertEquals("https://u:" + R + "@shop.example/a?q=1", redactor.header("referer", "https://u:hunter2@shop.example/a?q=1"));
        assertEquals("https://u:" + R + "@shop.example", redactor.header("origin", "https://u:hunter2@shop.example"));
        assertEquals("next=https://u:" + R + "@x.example/", redactor.query("next=https://u:hunter2@x.example/"));
        assertEquals("next=https://u:" + R + "@x.example/", redactor.query("next=https%3A%2F%2Fu%3Ahunter2%40x.example%2F"));
        assertEquals("http://u:" + R + "@shop.example/products/1", redactor.path("http://u:hunter2@shop.example/products/1"));
        assertEquals("ftp://u:" + R + "@files.example/x", redactor.text("ftp://u:hunter2@files.example/x"));
        assertEquals("https://alice@shop.example/", redactor.header("referer", "https://alice@shop.example/"), "a user name alone stays");
    }

    @Test
    void shouldFollowANestedUrlThatIsNotPercentEncoded() {
        assertEquals("return_to=https://x.example/cb?access_token=" + R + "&page=2",
                redactor.query("return_to=https://x.example/cb?access_token=tok1&page=2"));
        assertEquals("return_to=/cb#id_token=" + R, redactor.query("return_to=/cb#id_token=tok1"));
    }

    @Test
    void shouldRedactJsessionidPathParameters() {
        assertEquals("/cart;jsessionid=" + R, redactor.path("/cart;jsessionid=0A1B2C3D4E5F"));
        assertEquals("/a;jsessionid=" + R + "/b;v=2", redactor.path("/a;jsessionid=0A1B2C3D4E5F/b;v=2"));
        assertEquals("https://shop.example/cart;jsessionid=" + R + "?x=1", redactor.header("referer", "https://shop.example/cart;jsessionid=0A1B2C3D4E5F?x=1"));
    }

    @Test
    void shouldRedactTokensAfterResetVerifyConfirmAndInviteRoutes() {
        assertEquals("/reset/" + R, redactor.path("/reset/abc123def456"));
        assertEquals("/password/reset/" + R + "/done", redactor.path("/password/reset/abc123def456/done"));
        assertEquals("/users/confirmation/" + R, redactor.path("/users/confirmation/Zx8yQmK2pLr7"));
        assertEquals("/email/verify/42/" + R, redactor.path("/email/verify/42/3f2a9c1b8e7d6f5a4b3c2d1e0f9a8b7c1d2e3f4a"));
        assertEquals("/invite/" + R + "/accept", redactor.path("/invite/k2Jd9sLq/accept"));
        assertEquals("/verify-email/" + R, redactor.path("/verify-email/550e8400-e29b-41d4-a716-446655440000"));
        assertEquals("/magic-link/" + R, redactor.path("/magic-link/abcdefghijklmnopqrst"));
        assertEquals("https://shop.example/reset/" + R, redactor.header("referer", "https://shop.example/reset/abc123def456"));
        assertEquals("/reset/done", redactor.path("/reset/done"), "a word after the route stays");
        assertEquals("/Account/RESET/" + R, redactor.path("/Account/RESET/abc123def456"), "routes in any case");
        assertEquals("/login-2FA/" + R, redactor.path("/login-2FA/123456"), "a route word inside a segment");
        assertEquals("/products/abc123def456", redactor.path("/products/abc123def456"), "not after a route: kept");
        assertEquals("/presets/12345", redactor.path("/presets/12345"), "a route word inside another word is no route");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-pwd", "x-pass", "x-pin", "x-sid", "x-bearer", "x-jwt", "x-mfa", "x-otp-code", "x-2fa"})
    void shouldRedactTheHeadersOfTheNameFamilies(String header) {
        assertEquals(R, redactor.header(header, "v4lue"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pin", "mfa", "2fa", "verification_code", "code_verifier", "hmac", "mac", "pw", "passphrase", "sid",
            "userPin", "PIN", "mfa_code", "recoveryCode", "backup-code", "cvv", "cvc2", "card_cvc", "csc", "ssn", "pass%2577ord",
            "pass%77ord", "user%5Bpin%5D", "device_code"})
    void shouldRedactTheParametersOfTheNameFamilies(String name) {
        assertEquals(name + "=" + R + "&q=1", redactor.query(name + "=v4lue&q=1"));
        assertEquals(Map.of(name, R), redactor.properties(Map.of(name, "v4lue")).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shipping", "spinner", "sidebar", "machine", "inside", "passenger", "zip_code", "country_code",
            "promo_code", "postal_code", "currency_code", "mode", "compass", "classname"})
    void shouldKeepParametersWhoseNamesOnlyContainAShortSecretWord(String name) {
        assertEquals(name + "=abc", redactor.query(name + "=abc"));
    }

    @Test
    void shouldRedactJwtsWhateverTheHeaderSpacing() {
        String spaced = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{ \"alg\": \"HS256\" }".getBytes())
                + ".eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        assertTrue(spaced.startsWith("eyAi"), spaced);
        String newline = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\n  \"alg\": \"none\"\n}".getBytes()) + ".eyJzdWIiOiJhIn0.";
        assertEquals("t " + R, redactor.text("t " + spaced));
        assertEquals("q=" + R, redactor.query("q=" + spaced));
        assertEquals(R + " x", redactor.text(newline + " x"));
        assertEquals("eyes.example.com and eyJhbGciOiJIUzI1NiJ9", redactor.text("eyes.example.com and eyJhbGciOiJIUzI1NiJ9"),
                "a dotted name or one segment is no JWT");
    }

    @Test
    void shouldKeepTraceStateAndBaggageKeysOnly() {
        assertEquals("rojo=" + R + ",congo=" + R, redactor.header("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
        assertEquals("userId=" + R + ",session=" + R, redactor.header("baggage", "userId=alice,session=s3cr3t;prop=1"));
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                redactor.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "trace ids stay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559", "378282246310005",
            "3782 822463 10005", "6011111111111117", "2223003122003222", "4111+1111+1111+1111", "4111%201111%201111%201111"})
    void shouldRedactLuhnValidCardNumbersInQueryHeadersAndProperties(String card) {
        assertEquals("n=" + R + "&q=1", redactor.query("n=" + card + "&q=1"));
        assertEquals("card " + R + " ok", redactor.header("x-note", "card " + card + " ok"));
        assertEquals(Map.of("c", R), redactor.properties(Map.of("c", card)).value());
        assertEquals("pay " + R, redactor.text("pay " + card));
    }

    @Test
    void shouldRedactCvvNextToCardFieldsAndSocialSecurityNumbers() {
        assertEquals("card_number=" + R + "&cvv=" + R + "&exp=12%2F29", redactor.query("card_number=4111111111111111&cvv=123&exp=12%2F29"));
        assertEquals("ssn " + R + ".", redactor.text("ssn 078-05-1120."));
        assertEquals("x=" + R, redactor.query("x=078-05-1120"));
        assertEquals(Map.of("tax", Map.of("id", R)), redactor.properties(Map.of("tax", Map.of("id", "078-05-1120"))).value());
    }

    @Test
    void shouldKeepOrdinaryIdsDatesVersionsAndImageNames() {
        List<String> kept = List.of(
                "/orders/550e8400-e29b-41d4-a716-446655440000", // UUID resource id
                "/users/1234567890/orders/42", // numeric ids
                "/events/2024-01-15/10:20:30", // dates and times
                "/static/app-3f2a9c1b8e7d6f5a4b3c2d1e0f9a8b7c.js", // asset fingerprint
                "/img/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA.webp", // base64 image name
                "/img/iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8.png",
                "/download/v2.3.1-beta.4+build.20240115", // version string
                "/t/1700000000000", // a millisecond timestamp, 13 digits
                "/orders/4111111111111112", // 16 digits but not Luhn-valid
                "/phone/+33612345678", // contact details are kept unless masked
                "/products/iPhone15ProMaxCase256GB", "/campaign/SummerSale2024Newsletter");
        for (String path : kept) assertEquals(path, redactor.path(path), path);
        for (String query : List.of("id=550e8400-e29b-41d4-a716-446655440000", "order_id=" + TOKEN_HEX, "requestId=" + TOKEN_B64,
                "trace_id=4bf92f3577b34da6a3ce929d0e0e4736", "date=2024-01-15", "ts=1700000000000", "v=1.2.3", "sku=A-1234-XL",
                "sha=3f2a9c1b8e7d6f5a4b3c2d1e0f9a8b7c1d2e3f4a", "utm_campaign=SummerSale2024Newsletter", "q=hello+world",
                "email=alice%40example.com", "page=2")) {
            assertEquals(query, redactor.query(query), query);
        }
        for (String header : List.of("x-request-id", "x-correlation-id", "x-amzn-trace-id", "if-none-match", "x-amz-cf-id")) {
            assertEquals(TOKEN_HEX, redactor.header(header, TOKEN_HEX), header);
        }
        String ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
        assertEquals(ua, redactor.header("user-agent", ua));
        assertEquals("a=1, b=2", redactor.header("x-list", "a=1, b=2"));
    }

    @Test
    void shouldMaskEmailAddressesAndPhoneNumbers_onlyWhenConfigured() {
        Redactor masking = new Redactor(CaptureConfig.fromEnvironment(new Settings(Map.of(SettingCatalog.MASK_CONTACT_DETAILS.env(), "true"))));
        assertEquals("email=" + R + "&phone=" + R + "&q=1", masking.query("email=alice%40example.com&phone=%2B33612345678&q=1"));
        assertEquals("mail " + R + "@example.com, call " + R + " or " + R, masking.text("mail alice.b+x@example.com, call +33 6 12 34 56 78 or (555) 123-4567"));
        assertEquals(R, masking.header("x-user-email", "alice@example.com"));
        assertEquals(Map.of("contact", Map.of("phone", R)), masking.properties(Map.of("contact", Map.of("phone", "555-123-4567"))).value());
        assertEquals("/orders/42", masking.path("/orders/42"));
        assertEquals("mail alice.b+x@example.com", redactor.text("mail alice.b+x@example.com"), "off by default");
    }

    @Test
    void shouldCutBeaconPropertiesNestedDeeperThanTheBound() {
        Object nested = "leaf";
        for (int i = 0; i < 900; i++) nested = Map.of("a", nested);
        Redactor.Properties redacted = redactor.properties(Map.of("root", nested));
        assertTrue(redacted.depthCut());
        Object value = redacted.value();
        int depth = 2; // the properties object sits at level 2 of the event
        while (value instanceof Map<?, ?> map && !map.containsKey(Limits.TRUNCATED_DEPTH)) {
            value = map.values().iterator().next();
            depth++;
        }
        assertEquals(Map.of(Limits.TRUNCATED_DEPTH, Limits.MAX_JSON_DEPTH), value);
        assertEquals(Limits.MAX_JSON_DEPTH + 1, depth, "the marker takes the place of the first object deeper than the bound");
        assertFalse(redactor.properties(Map.of("a", Map.of("b", 1))).depthCut());
    }
}

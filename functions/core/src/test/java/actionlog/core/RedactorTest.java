package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor(CaptureConfig.defaults());
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";

    @Test
    void shouldStoreTheSameCookieHeader_fromThePairsIdentityReads() {
        for (List<String> headers : List.of(List.of("a=1; b=2"), List.of(" a=1;;=x; b =2 ;novalue", "c=; d==4"),
                List.of("session=" + JWT, "theme=dark"), List.of(""), List.of("novalue"), List.of("a=1;", "; b=2"))) {
            ViewerRequest request = new ViewerRequest("r1", 0L, "GET", "https", "shop.example", "/", null,
                    java.util.Map.of("cookie", headers), "192.0.2.1", 0L);
            assertEquals(redactor.header("cookie", String.join("; ", headers)), redactor.cookieHeader(Cookies.of(request)),
                    headers.toString());
        }
    }

    @Test
    void shouldRedactAValueEveryTime_whenItHoldsASecret() {
        String agent = "MyApp/2.1 " + JWT;
        String referer = "https://shop.example.com/cart?access_token=abc123";
        for (int i = 0; i < 3; i++) {
            assertEquals("MyApp/2.1 [REDACTED]", redactor.header("user-agent", new String(agent)));
            assertEquals("https://shop.example.com/cart?access_token=[REDACTED]", redactor.header("referer", new String(referer)));
        }
    }

    @Test
    void shouldRedactAValueUnderOneName_thatAnotherNameStoresUnchanged() {
        String random = "Xk9fQ2mZp7LrT4vBn8WcYe3HsJ6dGa1U"; // 32 random-looking characters: an id under x-request-id, a token elsewhere
        for (int i = 0; i < 3; i++) {
            assertEquals(random, redactor.header("x-request-id", new String(random)));
            assertEquals(Redactor.REDACTED, redactor.header("x-widget", new String(random)));
        }
        Redactor other = new Redactor(CaptureConfig.defaults()); // the other order: the token first
        assertEquals(Redactor.REDACTED, other.header("x-widget", random));
        assertEquals(random, other.header("x-request-id", random));
        assertEquals(Redactor.REDACTED, other.header("x-widget", random));
    }

    @Test
    void shouldStoreAValueUnchanged_whenMetAgainInANewInstance() {
        String agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        String first = redactor.header("user-agent", new String(agent));
        String again = new String(agent);
        assertSame(again, redactor.header("user-agent", again)); // the request's own string, not the first one
        assertEquals(agent, first);
    }

    @Test
    void authorizationKeepsOnlyTheScheme() {
        assertEquals("Bearer [REDACTED]", redactor.header("authorization", "Bearer s3cr3t"));
        assertEquals("Basic [REDACTED]", redactor.header("proxy-authorization", "Basic YWxpY2U6cHc="));
        assertEquals("[REDACTED]", redactor.header("authorization", "s3cr3t-without-scheme-and-quite-long"));
    }

    @Test
    void cookiesKeepTheirNamesOnly() {
        assertEquals("session=[REDACTED]; theme=[REDACTED]", redactor.header("cookie", "session=abc123; theme=dark"));
        assertEquals("id=[REDACTED]", redactor.header("set-cookie", "id=xyz; Path=/; HttpOnly"));
    }

    @Test
    void shouldKeepCookieNamesOnly_whenPartsAreEmptyNamelessOrPadded() {
        assertEquals("a=[REDACTED]; b=[REDACTED]", redactor.header("cookie", " a=1;;=x; b = 2 ;c"));
        assertEquals("[REDACTED]", redactor.header("cookie", "no-pair-at-all"));
        assertEquals("[REDACTED]", redactor.header("set-cookie", "=nameless; Path=/"));
        assertEquals("a=[REDACTED]", redactor.header("cookie", ";".repeat(10_000) + "a=1"));
    }

    @Test
    void shouldRedactTheLastParameter_afterThousandsWithoutValues() {
        String many = "a&".repeat(5_000);
        assertEquals(many + "token=[REDACTED]&b;c=1", redactor.query(many + "token=x&b;c=1"));
        assertEquals("x;token=[REDACTED]", redactor.query("x;token=y"), "';' separates parameters too");
    }

    @Test
    void apiKeysAndTokensAreFullyRedacted() {
        assertEquals("[REDACTED]", redactor.header("x-api-key", "k-123"));
        assertEquals("[REDACTED]", redactor.header("x-amz-security-token", "FwoGZXIvYXdzE"));
    }

    @Test
    void jwtInAnyOtherHeaderIsRedacted() {
        String value = redactor.header("x-forwarded-token", "t=" + JWT);
        assertFalse(value.contains("eyJ"), value);
        assertTrue(value.contains(Redactor.REDACTED));
    }

    @Test
    void ordinaryHeadersAreKept() {
        assertEquals("text/html", redactor.header("accept", "text/html"));
    }

    @Test
    void tokenLikeQueryParametersAreRedactedOthersKeptVerbatim() {
        assertEquals("q=shoes&token=[REDACTED]&page=2", redactor.query("q=shoes&token=abc&page=2"));
        assertEquals("ACCESS_TOKEN=[REDACTED]", redactor.query("ACCESS_TOKEN=abc"));
        assertEquals("pass%77ord=[REDACTED]&x=%20y", redactor.query("pass%77ord=hunter2&x=%20y"));
        assertEquals("code=[REDACTED]&state=s1", redactor.query("code=auth-code&state=s1"));
        assertEquals("flag&empty=", redactor.query("flag&empty="));
        assertEquals("id=[REDACTED]", redactor.query("id=" + JWT));
    }

    @Test
    void listsAreConfigurableAndTheNameRuleAlwaysApplies() {
        Redactor custom = new Redactor(java.util.Set.of("x-tenant"), java.util.Set.of("ref"));
        assertEquals("[REDACTED]", custom.header("x-tenant", "acme"));
        assertEquals("Bearer [REDACTED]", custom.header("authorization", "Bearer abc"));
        assertEquals("ref=[REDACTED]&token=[REDACTED]", custom.query("ref=1&token=abc"));
    }

    @Test
    void urlValuedHeadersGetTheQueryRedaction() {
        assertEquals("https://a.example/cb?access_token=[REDACTED]&password=[REDACTED]&page=2",
                redactor.header("referer", "https://a.example/cb?access_token=tok123&password=hunter2&page=2"));
        assertEquals("/admin?token=[REDACTED]", redactor.header("x-original-url", "/admin?token=abc"));
        assertEquals("/p?sig=[REDACTED]", redactor.header("x-forwarded-uri", "/p?sig=abc"));
        assertEquals("https://a.example/next?session=[REDACTED]", redactor.header("location", "https://a.example/next?session=s1"));
        assertEquals("https://a.example/cb#access_token=[REDACTED]&state=x",
                redactor.header("x-some-redirect", "https://a.example/cb#access_token=abc&state=x"));
    }

    @Test
    void csrfHeadersAndParametersOfCommonFrameworksAreRedacted() {
        for (String header : java.util.List.of("x-csrftoken", "csrf-token", "x-csrf-token", "x-xsrf-token")) {
            assertEquals("[REDACTED]", redactor.header(header, "c5rf"), header);
        }
        assertEquals("csrf_token=[REDACTED]&csrfmiddlewaretoken=[REDACTED]&authenticity_token=[REDACTED]&_csrf=[REDACTED]&_token=[REDACTED]&q=1",
                redactor.query("csrf_token=a&csrfmiddlewaretoken=b&authenticity_token=c&_csrf=d&_token=e&q=1"));
    }

    @Test
    void credentialHeaderNamesInCommonUseAreRedactedByTheNameRule() {
        for (String header : java.util.List.of("api-key", "x-access-token", "x-auth-token", "x-session-token", "x-goog-api-key",
                "ocp-apim-subscription-key", "private-token", "x-vault-token", "x-hub-signature-256", "x-client-secret",
                "x-refresh-token", "x-actionlog-origin-secret")) {
            assertEquals("[REDACTED]", redactor.header(header, "v4lue"), header);
        }
        assertEquals("author=jane&keyword=shoes&design=red", redactor.query("author=jane&keyword=shoes&design=red"));
    }

    @Test
    void parameterNamesByRuleBracketsSemicolonsAndNestedRedirects() {
        assertEquals("auth_token=[REDACTED]&private_token=[REDACTED]&jwt=[REDACTED]&otp=[REDACTED]&client_secret=[REDACTED]"
                        + "&aws_secret_access_key=[REDACTED]",
                redactor.query("auth_token=a&private_token=b&jwt=c&otp=d&client_secret=e&aws_secret_access_key=f"));
        assertEquals("user[password]=[REDACTED]&password[]=[REDACTED]&user%5Bpassword%5D=[REDACTED]&user[name]=jo",
                redactor.query("user[password]=a&password[]=b&user%5Bpassword%5D=c&user[name]=jo"));
        assertEquals("a=1;password=[REDACTED];b=2", redactor.query("a=1;password=x;b=2"));
        assertEquals("next=https://a.example/cb%3Faccess_token%3D[REDACTED]%26page%3D2",
                redactor.query("next=https%3A%2F%2Fa.example%2Fcb%3Faccess_token%3Dsecret123%26page%3D2"));
        String doubly = redactor.query("r=%2Flogin%3Fnext%3D%252Fcb%253Ftoken%253Dsecret123");
        assertFalse(doubly.contains("secret123"), doubly);
        assertEquals("next=%2Fhome%3Fq%3D1", redactor.query("next=%2Fhome%3Fq%3D1"), "untouched when nothing is secret");
    }

    @Test
    void authorizationWithoutAKnownSchemeIsRedactedWhole() {
        assertEquals("[REDACTED]", redactor.header("authorization", "abcdef123 extra"));
        assertEquals("[REDACTED]", redactor.header("authorization", "tok extra words"));
        assertEquals("Bearer [REDACTED]", redactor.header("authorization", "Bearer a b"));
        assertEquals("AWS4-HMAC-SHA256 [REDACTED]", redactor.header("authorization", "AWS4-HMAC-SHA256 Credential=x"));
    }

    @Test
    void tokenShapesAreRedactedInAnyTextButIdsAndHashesStay() {
        assertEquals("/magic-link/[REDACTED]", redactor.text("/magic-link/" + JWT));
        assertEquals("/reset/[REDACTED]/done", redactor.path("/reset/Xk9fQ2LmP7vR4tZ8wY3nB6cH1jD5sG0aE2uK/done"));
        assertEquals("key [REDACTED]", redactor.text("key AKIAIOSFODNN7EXAMPLE"));
        assertEquals("/orders/550e8400-e29b-41d4-a716-446655440000", redactor.text("/orders/550e8400-e29b-41d4-a716-446655440000"));
        assertEquals("/assets/app-3f2a9c1b8e7d6f5a4b3c2d1e0f9a8b7c.js", redactor.text("/assets/app-3f2a9c1b8e7d6f5a4b3c2d1e0f9a8b7c.js"));
        String ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assertEquals(ua, redactor.text(ua));
    }

    private static CaptureConfig withRedactHeaders(String list) {
        return CaptureConfig.fromEnvironment(new Settings(java.util.Map.of(SettingCatalog.REDACT_HEADERS.env(), list)));
    }

    @Test
    void aCustomHeaderListExtendsTheDefaults() {
        Redactor custom = new Redactor(withRedactHeaders("X-Tenant"));
        assertEquals("[REDACTED]", custom.header("x-tenant", "acme"));
        assertEquals("Bearer [REDACTED]", custom.header("authorization", "Bearer s3cr3t"));
        assertEquals("[REDACTED]", custom.header(EdgeProtocol.ORIGIN_SECRET_HEADER, "the-origin-secret"));
        assertEquals("[REDACTED]", custom.header("x-api-key", "k-123"));
    }

    @Test
    void aDefaultIsTakenOffOnlyOnPurposeWithALeadingMinus() {
        Redactor custom = new Redactor(withRedactHeaders("-x-csrf-token,x-tenant"));
        assertEquals("csrf-1", custom.header("x-csrf-token", "csrf-1"));
        assertEquals("[REDACTED]", custom.header("x-tenant", "acme"));
        assertEquals("[REDACTED]", custom.header("x-xsrf-token", "x-1"));
    }

    @Test
    void theOriginSecretHeaderIsNeverStoredWhateverTheConfiguration() {
        CaptureConfig unredacted = withRedactHeaders("-" + EdgeProtocol.ORIGIN_SECRET_HEADER);
        assertTrue(unredacted.redactHeaders().contains(EdgeProtocol.ORIGIN_SECRET_HEADER));
        assertEquals("[REDACTED]", new Redactor(unredacted).header(EdgeProtocol.ORIGIN_SECRET_HEADER, "the-origin-secret"));
        CaptureConfig built = new CaptureConfig("X-User-Id", null, List.of(), 0, false, Set.of("x-tenant"), Set.of(), false, true,
                null, null, null, null, null, null, false);
        assertEquals(Set.of("x-tenant", EdgeProtocol.ORIGIN_SECRET_HEADER), built.redactHeaders());
        assertEquals("[REDACTED]", new Redactor(Set.of(), Set.of()).header(EdgeProtocol.ORIGIN_SECRET_HEADER, "the-origin-secret"));
    }

    @Test
    void aCustomQueryParameterListExtendsTheDefaultsToo() {
        Redactor custom = new Redactor(CaptureConfig.fromEnvironment(new Settings(java.util.Map.of(SettingCatalog.REDACT_QUERY_PARAMS.env(), "ref,-code"))));
        assertEquals("ref=[REDACTED]&token=[REDACTED]&code=c1", custom.query("ref=1&token=abc&code=c1"));
    }
}

package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor(CaptureConfig.defaults());
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";

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
    void listsAreConfigurable() {
        Redactor custom = new Redactor(java.util.Set.of("x-tenant"), java.util.Set.of("ref"));
        assertEquals("[REDACTED]", custom.header("x-tenant", "acme"));
        assertEquals("Bearer abc", custom.header("authorization", "Bearer abc"));
        assertEquals("ref=[REDACTED]&token=abc", custom.query("ref=1&token=abc"));
    }

    private static CaptureConfig withRedactHeaders(String list) {
        return CaptureConfig.fromEnvironment(new Settings(java.util.Map.of(Env.REDACT_HEADERS, list)));
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
        CaptureConfig built = new CaptureConfig("X-User-Id", null, List.of(), 0, false, Set.of("x-tenant"), Set.of(), false, true);
        assertEquals(Set.of("x-tenant", EdgeProtocol.ORIGIN_SECRET_HEADER), built.redactHeaders());
        assertEquals("[REDACTED]", new Redactor(Set.of(), Set.of()).header(EdgeProtocol.ORIGIN_SECRET_HEADER, "the-origin-secret"));
    }

    @Test
    void aCustomQueryParameterListExtendsTheDefaultsToo() {
        Redactor custom = new Redactor(CaptureConfig.fromEnvironment(new Settings(java.util.Map.of(Env.REDACT_QUERY_PARAMS, "ref,-code"))));
        assertEquals("ref=[REDACTED]&token=[REDACTED]&code=c1", custom.query("ref=1&token=abc&code=c1"));
    }
}

package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

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
}

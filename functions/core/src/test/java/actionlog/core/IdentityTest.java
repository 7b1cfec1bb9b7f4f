package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTest {
    private static final CaptureConfig TRUSTING = CaptureConfig.fromEnvironment(new Settings(Map.of(
            SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id", SettingCatalog.IDENTITY_COOKIE.env(), "uid")));
    private static final CaptureConfig WITH_JWT = CaptureConfig.fromEnvironment(new Settings(Map.of(
            SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id", SettingCatalog.IDENTITY_COOKIE.env(), "uid",
            SettingCatalog.JWKS_URL.env(), "https://login.example.com/jwks.json", SettingCatalog.JWT_ISSUER.env(), "https://login.example.com/",
            SettingCatalog.JWT_COOKIE.env(), "id_token")));
    /** A unit seam for the verifier: the real one (signature, issuer, expiry) is tested in the edge. */
    private static final Identity.TokenVerifier ACCEPTS_GOOD = token -> {
        if (token.equals("good")) return "carol";
        throw new IllegalArgumentException("Signed JWT rejected: Invalid signature");
    };

    /** Who the request alone names, as the edge decides it without a browser cookie. */
    static Identity resolve(ViewerRequest request, CaptureConfig config, String client) {
        return resolve(request, config, client, null);
    }

    static Identity resolve(ViewerRequest request, CaptureConfig config, String client, Identity.TokenVerifier tokens) {
        IdentityResolver resolver = new IdentityResolver(config, tokens, null);
        return resolver.decide(resolver.begin(request, client)).identity();
    }

    static String session(ViewerRequest request, CaptureConfig config) {
        IdentityResolver resolver = new IdentityResolver(config, null, null);
        return resolver.decide(resolver.begin(request, "1.2.3.4")).sessionId();
    }

    static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void byDefaultNothingTheClientSendsNamesTheUser() {
        ViewerRequest r = Requests.get("/").header("X-User-Id", "mallory").header("Cookie", "uid=mallory")
                .header("X-Actionlog-User", "mallory").header("Authorization", "Bearer " + jwt("{\"sub\":\"mallory\"}")).build();
        Identity identity = resolve(r, CaptureConfig.defaults(), "1.2.3.4", ACCEPTS_GOOD);
        assertEquals(Identity.ANONYMOUS, identity.source());
        assertTrue(identity.userId().startsWith(Identity.ANONYMOUS_PREFIX));
        assertNull(CaptureConfig.defaults().identityHeader());
        assertNull(CaptureConfig.defaults().identityCookie());
        assertEquals("x-actionlog-user", CaptureConfig.defaults().identityResponseHeader());
    }

    @Test
    void aConfiguredHeaderIsTrustedBeforeTheCookie() {
        ViewerRequest r = Requests.get("/").header("X-User-Id", " alice ").header("Cookie", "uid=bob")
                .header("Authorization", "Bearer " + jwt("{\"sub\":\"carol\"}")).build();
        assertEquals(new Identity("alice", Identity.HEADER), resolve(r, TRUSTING, "1.2.3.4"));
        ViewerRequest cookieOnly = Requests.get("/").header("Cookie", "theme=dark; uid=bob").build();
        assertEquals(new Identity("bob", Identity.COOKIE), resolve(cookieOnly, TRUSTING, "1.2.3.4"));
    }

    @Test
    void anUnverifiedTokenIsNeverTheUser() {
        ViewerRequest r = Requests.get("/").header("Authorization", "Bearer " + jwt("{\"sub\":\"carol\",\"exp\":1}")).build();
        assertEquals(Identity.ANONYMOUS, resolve(r, CaptureConfig.defaults(), "1.2.3.4").source());
        assertEquals(Identity.ANONYMOUS, resolve(r, WITH_JWT, "1.2.3.4", null).source(), "no verifier, no user");
    }

    @Test
    void aVerifiedTokenComesBeforeTheHeaderAndTheCookie() {
        ViewerRequest r = Requests.get("/").header("X-User-Id", "alice").header("Cookie", "uid=bob")
                .header("Authorization", "Bearer good").build();
        assertEquals(new Identity("carol", Identity.JWT), resolve(r, WITH_JWT, "1.2.3.4", ACCEPTS_GOOD));
        ViewerRequest inCookie = Requests.get("/").header("Cookie", "id_token=good").build();
        assertEquals(new Identity("carol", Identity.JWT), resolve(inCookie, WITH_JWT, "1.2.3.4", ACCEPTS_GOOD));
    }

    @Test
    void aRefusedTokenFallsThroughAndSaysWhy() {
        ViewerRequest r = Requests.get("/").header("X-User-Id", "alice").header("Authorization", "Bearer forged").build();
        assertEquals(new Identity("alice", Identity.HEADER, "bearer token refused: Signed JWT rejected: Invalid signature"),
                resolve(r, WITH_JWT, "1.2.3.4", ACCEPTS_GOOD));
        Identity.TokenVerifier down = token -> {
            throw new IllegalStateException("JWKS unreachable");
        };
        Identity anonymous = resolve(Requests.get("/").header("Authorization", "Bearer good").build(), WITH_JWT, "1.2.3.4", down);
        assertEquals(Identity.ANONYMOUS, anonymous.source());
        assertEquals("bearer token not verified: java.lang.IllegalStateException: JWKS unreachable", anonymous.problem());
    }

    @Test
    void aHugeTokenIsRefusedBeforeAnyParsing() {
        Identity.TokenVerifier mustNotRun = token -> fail("a huge token reached the verifier");
        String huge = "a".repeat(Limits.MAX_TOKEN + 1);
        Identity identity = resolve(Requests.get("/").header("Authorization", "Bearer " + huge).build(), WITH_JWT,
                "1.2.3.4", mustNotRun);
        assertEquals(Identity.ANONYMOUS, identity.source());
        assertEquals("bearer token refused: 8193 characters, more than 8192", identity.problem());
    }

    @Test
    void controlCharactersAreRefusedAndNamed() {
        StringBuilder problems = new StringBuilder();
        assertNull(Identity.named("ali\r\nce", Identity.ORIGIN, "response header x-actionlog-user", problems));
        assertEquals("response header x-actionlog-user refused: it has control characters", problems.toString());
        assertNull(Identity.named("   ", Identity.ORIGIN, "x", new StringBuilder()), "blank names no one");
    }

    @Test
    void oversizeValuesAreCutAndMarkedWhenRecorded() {
        StringBuilder problems = new StringBuilder();
        Identity identity = Identity.named("u".repeat(5000), Identity.ORIGIN, "response header x-actionlog-user", problems);
        assertEquals("response header x-actionlog-user was 5000 characters; cut to 256", problems.toString());
        ActionEvent event = new ActionEvent();
        new Identity(identity.userId(), identity.source(), problems.toString()).writeTo(event);
        assertEquals("u".repeat(Limits.MAX_ID) + Limits.MARKER + "4744 chars]", event.userId());
        assertEquals(List.of(ActionEvent.F_USER), event.get(ActionEvent.F_TRUNCATED));
        assertEquals("response header x-actionlog-user was 5000 characters; cut to 256", event.get(ActionEvent.F_IDENTITY_ERROR));
    }

    @Test
    void theOriginNamesOneUserOrNone() {
        assertEquals(new Identity("alice", Identity.ORIGIN), Identity.fromOrigin(List.of("alice"), "x-actionlog-user", new StringBuilder()));
        StringBuilder problems = new StringBuilder();
        assertNull(Identity.fromOrigin(List.of("alice", "bob"), "x-actionlog-user", problems));
        assertEquals("response header x-actionlog-user named 2 different users; none recorded", problems.toString());
        assertNull(Identity.fromOrigin(null, "x-actionlog-user", new StringBuilder()));
    }

    @Test
    void anonymousIdsDifferPerClientSoTheyDoNotShareAPartition() {
        ViewerRequest chrome = Requests.get("/").header("User-Agent", "Chrome").build();
        ViewerRequest firefox = Requests.get("/").header("User-Agent", "Firefox").build();
        String a = resolve(chrome, CaptureConfig.defaults(), "1.2.3.4").userId();
        String b = resolve(firefox, CaptureConfig.defaults(), "1.2.3.4").userId();
        String c = resolve(chrome, CaptureConfig.defaults(), "5.6.7.8").userId();
        assertTrue(a.startsWith(Identity.ANONYMOUS_PREFIX));
        assertNotEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(a, resolve(chrome, CaptureConfig.defaults(), "1.2.3.4").userId(), "stable for one client");
    }

    @Test
    void sessionIsAHashOfTheCookieNeverTheCookie() {
        ViewerRequest r = Requests.get("/").header("Cookie", "JSESSIONID=ABC123SECRET").build();
        String session = session(r, CaptureConfig.defaults());
        assertEquals(Identity.sessionId("ABC123SECRET"), session);
        assertTrue(session.startsWith("s_"));
        assertFalse(session.contains("ABC123SECRET"));
        assertNull(session(Requests.get("/").build(), CaptureConfig.defaults()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "laravel_session", "connect.sid", "sessionid",
            "_session_id", "_shop_session", "PLAY_SESSION", "ci_session", "my_app_sess"})
    void defaultSessionCookiesCoverTheCommonFrameworks(String name) {
        ViewerRequest r = Requests.get("/").header("Cookie", "theme=dark; " + name + "=v-1; csrftoken=t").build();
        assertEquals(Identity.sessionId("v-1"), session(r, CaptureConfig.defaults()), name);
    }

    @Test
    void listedNamesComeBeforeThePatternAndOtherCookiesAreNoSession() {
        ViewerRequest r = Requests.get("/").header("Cookie", "sess_pref=p; PHPSESSID=php").build();
        assertEquals(Identity.sessionId("php"), session(r, CaptureConfig.defaults()));
        assertNull(session(Requests.get("/").header("Cookie", "theme=dark; csrftoken=t").build(), CaptureConfig.defaults()));
        CaptureConfig noPattern = CaptureConfig.fromEnvironment(new Settings(Map.of(SettingCatalog.SESSION_COOKIE_PATTERN.env(), "")));
        assertNull(noPattern.sessionCookiePattern());
        assertNull(session(Requests.get("/").header("Cookie", "my_app_sess=x").build(), noPattern));
        CaptureConfig own = CaptureConfig.fromEnvironment(new Settings(Map.of(SettingCatalog.SESSION_COOKIES.env(), "shopper")));
        assertEquals(Identity.sessionId("s1"), session(Requests.get("/").header("Cookie", "PHPSESSID=php; shopper=s1").build(), own));
    }

    @Test
    void aBadSessionPatternIsRefusedWithTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CaptureConfig.fromEnvironment(new Settings(Map.of(SettingCatalog.SESSION_COOKIE_PATTERN.env(), "("))));
        assertEquals("ACTIONLOG_SESSION_COOKIE_PATTERN='(' is not a regular expression (Unclosed group); fix: ACTIONLOG_SESSION_COOKIE_PATTERN=(?i)sess, or an empty value for none",
                e.getMessage());
        IllegalStateException noIssuer = assertThrows(IllegalStateException.class, () -> CaptureConfig.fromEnvironment(
                new Settings(Map.of(SettingCatalog.JWKS_URL.env(), "https://login.example.com/jwks.json"))));
        assertTrue(noIssuer.getMessage().startsWith("ACTIONLOG_JWT_ISSUER is not set; with ACTIONLOG_JWKS_URL set"), noIssuer.getMessage());
    }

    @Test
    void theSessionAResponseStartsAndWhatItsCookiesDo() {
        CaptureConfig c = CaptureConfig.defaults();
        IdentityResolver resolver = new IdentityResolver(c, null, null);
        long now = 1_700_000_000_000L;
        List<Cookies.Set> set = Cookies.set(List.of("theme=x", "PHPSESSID=abc; path=/; HttpOnly"), now);
        assertEquals(Identity.sessionId("abc"), resolver.session(null, List.of(), set).id(), "a first page: the session it starts");
        assertEquals(List.of(new Cookies.Set("PHPSESSID", "deleted", true), new Cookies.Set("a", "x", true),
                        new Cookies.Set("b", "", true), new Cookies.Set("c", "y", true), new Cookies.Set("d", "z", false)),
                Cookies.set(List.of("PHPSESSID=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT", "a=x; Max-Age=0", "b=; path=/",
                        "c=y; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "d=z; Max-Age=60"), now));
        assertNull(resolver.session(null, List.of(), Cookies.set(List.of("PHPSESSID=abc; Max-Age=0"), now)).id());
        assertNull(resolver.session(null, List.of(), Cookies.set(List.of("theme=dark"), now)).id());
    }

    @Test
    void aDecoyOfAnotherNameNeverChoosesTheSessionTheApplicationIssued() {
        IdentityResolver resolver = new IdentityResolver(CaptureConfig.defaults(), null, null);
        List<Cookies.Pair> cookies = List.of(new Cookies.Pair("PHPSESSID", "decoy"), new Cookies.Pair("sid", "real"));
        assertEquals(Identity.sessionId("decoy"), resolver.session(null, cookies, List.of()).id(), "without evidence: listed order");
        var issued = resolver.session(null, cookies, Cookies.set(List.of("sid=real; Path=/"), 0));
        assertEquals(Identity.sessionId("real"), issued.id(), "the cookie the application issues is the session");
        assertEquals(IdentityResolver.ISSUED, issued.source());
        var remembered = resolver.session(BrowserCookie.State.fresh(0).withSessionCookie("sid"), cookies, List.of());
        assertEquals(Identity.sessionId("real"), remembered.id(), "the browser remembers which cookie the application issued");
        var pattern = resolver.session(null, List.of(new Cookies.Pair("sess_pref", "dark")), List.of());
        assertEquals(IdentityResolver.PATTERN, pattern.source(), "matched by the name pattern alone");
    }
}

package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityTest {
    private static final CaptureConfig WITH_COOKIE = CaptureConfig.fromEnvironment(
            new Settings(Map.of(Env.IDENTITY_COOKIE, "uid")));

    static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void trustedHeaderWins() {
        ViewerRequest r = Requests.get("/").header("X-User-Id", " alice ").header("Cookie", "uid=bob")
                .header("Authorization", "Bearer " + jwt("{\"sub\":\"carol\"}")).build();
        assertEquals(new Identity("alice", Identity.HEADER), Identity.resolve(r, WITH_COOKIE, "1.2.3.4"));
    }

    @Test
    void thenTheIdentityCookie() {
        ViewerRequest r = Requests.get("/").header("Cookie", "theme=dark; uid=bob")
                .header("Authorization", "Bearer " + jwt("{\"sub\":\"carol\"}")).build();
        assertEquals(new Identity("bob", Identity.COOKIE), Identity.resolve(r, WITH_COOKIE, "1.2.3.4"));
    }

    @Test
    void thenTheUnverifiedJwtSubject() {
        ViewerRequest r = Requests.get("/").header("Authorization", "Bearer " + jwt("{\"sub\":\"carol\",\"exp\":1}")).build();
        assertEquals(new Identity("carol", Identity.JWT), Identity.resolve(r, CaptureConfig.defaults(), "1.2.3.4"));
    }

    @Test
    void garbageTokensFallBackToAnonymous() {
        for (String auth : new String[] {"Bearer not-a-jwt", "Bearer a.b.c", "Bearer " + jwt("[1,2]"), "Basic abc"}) {
            ViewerRequest r = Requests.get("/").header("Authorization", auth).build();
            assertEquals(Identity.ANONYMOUS, Identity.resolve(r, CaptureConfig.defaults(), "1.2.3.4").source(), auth);
        }
    }

    @Test
    void anonymousIdsDifferPerClientSoTheyDoNotShareAPartition() {
        ViewerRequest chrome = Requests.get("/").header("User-Agent", "Chrome").build();
        ViewerRequest firefox = Requests.get("/").header("User-Agent", "Firefox").build();
        String a = Identity.resolve(chrome, CaptureConfig.defaults(), "1.2.3.4").userId();
        String b = Identity.resolve(firefox, CaptureConfig.defaults(), "1.2.3.4").userId();
        String c = Identity.resolve(chrome, CaptureConfig.defaults(), "5.6.7.8").userId();
        assertTrue(a.startsWith(Identity.ANONYMOUS_PREFIX));
        assertNotEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(a, Identity.resolve(chrome, CaptureConfig.defaults(), "1.2.3.4").userId(), "stable for one client");
    }

    @Test
    void sessionIsAHashOfTheCookieNeverTheCookie() {
        ViewerRequest r = Requests.get("/").header("Cookie", "JSESSIONID=ABC123SECRET").build();
        String session = Identity.session(r, CaptureConfig.defaults());
        assertEquals(Identity.sessionId("ABC123SECRET"), session);
        assertTrue(session.startsWith("s_"));
        assertFalse(session.contains("ABC123SECRET"));
        assertNull(Identity.session(Requests.get("/").build(), CaptureConfig.defaults()));
    }
}

package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity context keys: defaults, what the edge environment receives, and refusals naming the key. */
class IdentityConfigTest {
    @Test
    void byDefaultNoRequestHeaderIsTrustedAndNothingExtraIsSet() {
        StackConfig config = StackConfig.from(Map.<String, Object>of()::get);
        assertNull(config.identityHeader());
        assertNull(config.identityCookie());
        assertEquals(Map.of(), config.identity().environment());
    }

    @Test
    void eachKeyBecomesTheVariableTheEdgeReads() {
        StackConfig config = StackConfig.from(Map.<String, Object>of("identityResponseHeader", "X-Remote-User",
                "sessionCookiePattern", "(?i)^sid_", "loginForm", "POST /login.php username",
                "jwksUrl", "https://login.example.com/jwks.json", "jwtIssuer", "https://login.example.com/",
                "jwtAudience", "shop", "jwtClaim", "email", "jwtCookie", "id_token")::get);
        assertEquals(Map.of(Env.IDENTITY_RESPONSE_HEADER, "X-Remote-User", Env.SESSION_COOKIE_PATTERN, "(?i)^sid_",
                Env.LOGIN_FORM, "POST /login.php username", Env.JWKS_URL, "https://login.example.com/jwks.json",
                Env.JWT_ISSUER, "https://login.example.com/", Env.JWT_AUDIENCE, "shop", Env.JWT_CLAIM, "email",
                Env.JWT_COOKIE, "id_token"), config.identity().environment());
    }

    @Test
    void invalidValuesFailSynthNamingTheKeyAndTheFix() {
        IllegalArgumentException form = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("loginForm", "/login username")::get));
        assertEquals("context key 'loginForm'=/login username is not 'METHOD /path field'; set e.g. POST /login username", form.getMessage());
        IllegalArgumentException issuer = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("jwksUrl", "https://login.example.com/jwks.json")::get));
        assertEquals("context key 'jwtIssuer' is not set; with context key 'jwksUrl' set, name the only issuer whose tokens are "
                + "accepted, e.g. https://login.example.com/", issuer.getMessage());
    }

    @Test
    void theSignInRulesAndTheBrowserCookieReachTheEdgeAndBadValuesNameTheKey() {
        StackConfig config = StackConfig.from(Map.<String, Object>of("loginSuccess", "redirect:/home", "signOut", "POST /logout",
                "browserCookie", "none")::get);
        assertEquals(Map.of(Env.LOGIN_SUCCESS, "redirect:/home", Env.SIGN_OUT, "POST /logout", Env.BROWSER_COOKIE, "none"),
                config.identity().environment());
        IllegalArgumentException success = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("loginSuccess", "maybe")::get));
        assertEquals("context key 'loginSuccess'=maybe is not a rule; set auto, session-cookie, or redirect:/path (the path a "
                + "successful sign-in redirects under)", success.getMessage());
        IllegalArgumentException cookie = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("browserCookie", "a b")::get));
        assertEquals("context key 'browserCookie'=a b is not a cookie name; set e.g. actionlog_bid, or none to switch the browser "
                + "cookie off", cookie.getMessage());
    }
}

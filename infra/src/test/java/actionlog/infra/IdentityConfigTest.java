package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Env;
import actionlog.core.SettingCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity context keys: defaults, what the edge environment receives, and refusals naming the key. */
class IdentityConfigTest {
    /** The edge environment without the one variable every stack writes. */
    private static Map<String, String> identityEnvironment(StackConfig config) {
        Map<String, String> env = new java.util.HashMap<>(config.edgeEnvironment());
        assertEquals("true", env.remove(Env.TRUST_CLOUDFRONT_HEADERS));
        return env;
    }

    @Test
    void byDefaultNoRequestHeaderIsTrustedAndNothingExtraIsSet() {
        StackConfig config = StackConfig.from(Map.<String, Object>of()::get);
        assertNull(config.identityHeader());
        assertNull(config.identityCookie());
        assertEquals(Map.of(), identityEnvironment(config));
    }

    @Test
    void eachKeyBecomesTheVariableTheEdgeReads() {
        StackConfig config = StackConfig.from(Map.<String, Object>of("identityResponseHeader", "X-Remote-User",
                "sessionCookiePattern", "(?i)^sid_", "loginForm", "POST /login.php username",
                "jwksUrl", "https://login.example.com/jwks.json", "jwtIssuer", "https://login.example.com/",
                "jwtAudience", "shop", "jwtClaim", "email", "jwtCookie", "id_token")::get);
        assertEquals(Map.of(SettingCatalog.IDENTITY_RESPONSE_HEADER.env(), "X-Remote-User", SettingCatalog.SESSION_COOKIE_PATTERN.env(), "(?i)^sid_",
                SettingCatalog.LOGIN_FORM.env(), "POST /login.php username", SettingCatalog.JWKS_URL.env(), "https://login.example.com/jwks.json",
                SettingCatalog.JWT_ISSUER.env(), "https://login.example.com/", SettingCatalog.JWT_AUDIENCE.env(), "shop", SettingCatalog.JWT_CLAIM.env(), "email",
                SettingCatalog.JWT_COOKIE.env(), "id_token"), identityEnvironment(config));
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
        assertEquals(Map.of(SettingCatalog.LOGIN_SUCCESS.env(), "redirect:/home", SettingCatalog.SIGN_OUT.env(), "POST /logout", SettingCatalog.BROWSER_COOKIE.env(), "none"),
                identityEnvironment(config));
        IllegalArgumentException success = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("loginSuccess", "maybe")::get));
        assertEquals("context key 'loginSuccess'=maybe is not a rule; set auto, session-cookie, or redirect:/path (the path a "
                + "successful sign-in redirects under)", success.getMessage());
        IllegalArgumentException cookie = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("browserCookie", "a b")::get));
        assertEquals("context key 'browserCookie'='a b' is not a valid header or cookie name (letters, digits, - _ .), nor none "
                + "(off); fix: -c browserCookie=actionlog_bid", cookie.getMessage());
    }
}

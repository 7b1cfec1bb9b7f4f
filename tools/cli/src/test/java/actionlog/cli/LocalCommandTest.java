package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `./actionlog local` takes every identity and session option of the stack, as flags or ACTIONLOG_* variables. */
class LocalCommandTest {
    static LocalCommand parse(String... args) {
        LocalCommand command = new LocalCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void flagsBecomeTheEdgeSettingsAndOverrideTheEnvironment() {
        LocalCommand command = parse("--identity-response-header", "X-Remote-User", "--identity-header", "X-Auth-User",
                "--identity-cookie", "uid", "--session-cookies", "shopper,_*_session", "--session-cookie-pattern", "",
                "--login-form", "POST /login.php username", "--jwks-url", "http://127.0.0.1:9/jwks.json",
                "--jwt-issuer", "https://login.test/", "--jwt-audience", "shop", "--jwt-cookie", "id_token");
        Map<String, String> env = command.identityEnvironment(Map.of(Env.JWT_CLAIM, "email",
                Env.JWT_AUDIENCE, "from-environment", "UNRELATED", "x"));
        assertEquals(Map.ofEntries(Map.entry(Env.IDENTITY_RESPONSE_HEADER, "X-Remote-User"),
                Map.entry(Env.IDENTITY_HEADER, "X-Auth-User"), Map.entry(Env.IDENTITY_COOKIE, "uid"),
                Map.entry(Env.SESSION_COOKIES, "shopper,_*_session"), Map.entry(Env.SESSION_COOKIE_PATTERN, ""),
                Map.entry(Env.LOGIN_FORM, "POST /login.php username"),
                Map.entry(Env.JWKS_URL, "http://127.0.0.1:9/jwks.json"), Map.entry(Env.JWT_ISSUER, "https://login.test/"),
                Map.entry(Env.JWT_AUDIENCE, "shop"), Map.entry(Env.JWT_CLAIM, "email"),
                Map.entry(Env.JWT_COOKIE, "id_token")), env);
    }

    @Test
    void theEnvironmentAppliesWithoutFlagsAndBadValuesAreRefusedWithTheFix() {
        assertEquals(Map.of(Env.SESSION_COOKIES, "SHOPSID", Env.IDENTITY_COOKIE, "uid"), parse().identityEnvironment(
                Map.of(Env.SESSION_COOKIES, "SHOPSID", Env.IDENTITY_COOKIE, "uid")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse("--login-form", "/login username").identityEnvironment(Map.of()));
        assertEquals("ACTIONLOG_LOGIN_FORM=/login username is not 'METHOD /path field'; set e.g. POST /login username", e.getMessage());
    }
}

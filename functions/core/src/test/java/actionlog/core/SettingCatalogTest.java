package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The declarations every reader shares: names derived one way, defaults that parse back, refusals that name the fix. */
class SettingCatalogTest {
    @Test
    void shouldNameTheVariableAndFlagAfterTheKey_whenNotDeclaredOtherwise() {
        assertEquals("ACTIONLOG_REDACT_QUERY_PARAMS", SettingCatalog.REDACT_QUERY_PARAMS.env());
        assertEquals("--redact-query-params", SettingCatalog.REDACT_QUERY_PARAMS.flag());
        assertEquals("ACTIONLOG_ORIGIN_URL", SettingCatalog.ORIGIN.env());
        assertNull(SettingCatalog.CLOUD_FRONT.env(), "deployment only");
        assertNull(SettingCatalog.CLOUD_FRONT.flag());
    }

    @Test
    void shouldHaveUniqueKeysVariablesAndFlags_whenListed() {
        Set<String> keys = new HashSet<>();
        Set<String> envs = new HashSet<>();
        Set<String> flags = new HashSet<>();
        for (Setting<?> s : SettingCatalog.ALL) {
            assertTrue(keys.add(s.key()), s.key());
            if (s.env() != null) assertTrue(envs.add(s.env()), s.env());
            if (s.flag() != null) assertTrue(flags.add(s.flag()), s.flag());
            assertFalse(s.doc().isBlank(), s.key());
            assertSame(s, SettingCatalog.byKey(s.key()));
        }
        int declared = 0;
        for (java.lang.reflect.Field f : SettingCatalog.class.getFields()) {
            if (f.getType() == Setting.class) declared++;
        }
        assertEquals(declared, SettingCatalog.ALL.size(), "every declaration is listed once");
    }

    @Test
    void shouldParseEveryDefaultBackToItself_whenWrittenToTheEnvironment() {
        for (Setting<?> s : SettingCatalog.ALL) {
            if (s.fallback() == null) continue;
            assertEquals(s.fallback(), s.parse(s.format(s.fallback()), Setting.Source.ENVIRONMENT), s.key());
            assertEquals(s.fallback(), s.parse(null, Setting.Source.CONTEXT), s.key());
        }
    }

    @Test
    void shouldReadListsAndNumbersFromCdkJson_whenGivenAsJsonValues() {
        assertEquals(List.of("a", "b"), SettingCatalog.REDACT_HEADERS.parse(List.of("a", " b "), Setting.Source.CONTEXT));
        assertEquals(30, SettingCatalog.RETENTION_DAYS.parse(30, Setting.Source.CONTEXT));
        assertEquals(false, SettingCatalog.CLOUD_FRONT.parse(Boolean.FALSE, Setting.Source.CONTEXT));
        assertNull(SettingCatalog.EDGE_RESERVED_CONCURRENCY.parse("none", Setting.Source.CONTEXT));
        assertEquals("", SettingCatalog.SESSION_COOKIE_PATTERN.parse("", Setting.Source.ENVIRONMENT), "empty: no pattern");
    }

    @Test
    void shouldNameTheSourceAndTheFix_whenAValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingCatalog.ORIGIN_HOST.parse("both", Setting.Source.CONTEXT));
        assertEquals("context key 'originHost'='both' must be one of viewer, origin; fix: -c originHost=viewer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingCatalog.TRUSTED_PROXY_HOPS.parse("11", Setting.Source.FLAG));
        assertEquals("--trusted-proxy-hops='11' must be a whole number from 0 to 10; fix: --trusted-proxy-hops 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingCatalog.IDENTITY_HEADER.parse("a b", Setting.Source.ENVIRONMENT));
        assertEquals("ACTIONLOG_IDENTITY_HEADER='a b' is not a valid header or cookie name (letters, digits, - _ .)", e.getMessage());
        IllegalStateException start = assertThrows(IllegalStateException.class,
                () -> new Settings(Map.of("ACTIONLOG_ANONYMIZE_IP", "maybe")).get(SettingCatalog.ANONYMIZE_IP));
        assertEquals("ACTIONLOG_ANONYMIZE_IP='maybe' must be true or false; fix: ACTIONLOG_ANONYMIZE_IP=false", start.getMessage(),
                "a function refuses to start, naming the variable");
    }

    @Test
    void shouldFlagOnlyValuesThatRelaxADefault_whenAsked() {
        assertNull(SettingCatalog.IDENTITY_HEADER.relaxes(null));
        assertNotNull(SettingCatalog.IDENTITY_HEADER.relaxes("X-User-Id"));
        assertNull(SettingCatalog.HONOR_PRIVACY_SIGNALS.relaxes(true));
        assertNotNull(SettingCatalog.HONOR_PRIVACY_SIGNALS.relaxes(false));
        assertNull(SettingCatalog.REDACT_HEADERS.relaxes(List.of("x-tenant")));
        assertNotNull(SettingCatalog.REDACT_HEADERS.relaxes(List.of("x-tenant", "-x-csrf-token")));
        assertNull(SettingCatalog.TRUSTED_PROXY_HOPS.relaxes(0));
        assertNotNull(SettingCatalog.TRUSTED_PROXY_HOPS.relaxes(1));
        assertNull(SettingCatalog.JWKS_URL.relaxes("https://login.example.com/jwks.json"));
        assertNotNull(SettingCatalog.JWKS_URL.relaxes("http://login.example.com/jwks.json"));
        for (Setting<?> s : SettingCatalog.ALL) assertNull(s.relaxes(s.fallback()), s.key() + ": a default never relaxes");
    }
}

package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.CaptureConfig;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CDK app writes what the functions read: same names, same syntax, same defaults and bounds. */
class SettingsContractTest {
    @Test
    void theCaptureSettingsTheStackWritesAreReadBackAsConfigured() {
        StackConfig stack = StackConfig.from(Map.<String, Object>of(
                "trustedProxyHops", "2", "identityHeader", "X-Remote-User", "identityCookie", "uid",
                "sessionCookies", "shop_sid,_*_session", "redactHeaders", "x-tenant,-x-csrf-token",
                "redactQueryParams", "ticket_no", "anonymizeIp", "true", "honorPrivacySignals", "false",
                "loginForm", "POST /login username", "identityResponseHeader", "X-App-User")::get);
        CaptureConfig edge = CaptureConfig.fromEnvironment(new Settings(stack.edgeEnvironment()));
        assertTrue(edge.trustCloudFrontHeaders(), "behind CloudFront");
        assertEquals(2, edge.trustedProxyHops());
        assertEquals("x-remote-user", edge.identityHeader());
        assertEquals("uid", edge.identityCookie());
        assertEquals(List.of("shop_sid", "_*_session"), edge.sessionCookies());
        assertTrue(edge.redactHeaders().containsAll(Set.of("x-tenant", "authorization")));
        assertFalse(edge.redactHeaders().contains("x-csrf-token"), "taken off on purpose");
        assertTrue(edge.redactParams().contains("ticket_no"));
        assertTrue(edge.anonymizeIp());
        assertFalse(edge.honorPrivacySignals());
        assertEquals("x-app-user", edge.identityResponseHeader());
        assertEquals("POST /login username", edge.loginForm().method() + " " + edge.loginForm().path() + " " + edge.loginForm().field());
    }

    @Test
    void booleansHaveOneSyntaxForContextKeysAndEnvironmentVariables() {
        for (String value : List.of("true", "TRUE", "yes", "on", "1", "false", "No", "off", "0")) {
            boolean fromContext = StackConfig.from(Map.<String, Object>of("anonymizeIp", value)::get).anonymizeIp();
            boolean fromEnvironment = new Settings(Map.of(SettingCatalog.ANONYMIZE_IP.env(), value)).bool(SettingCatalog.ANONYMIZE_IP.env(), !fromContext);
            assertEquals(fromContext, fromEnvironment, value);
        }
        assertThrows(IllegalArgumentException.class, () -> StackConfig.from(Map.<String, Object>of("anonymizeIp", "maybe")::get));
        assertThrows(IllegalStateException.class, () -> new Settings(Map.of(SettingCatalog.ANONYMIZE_IP.env(), "maybe")).bool(SettingCatalog.ANONYMIZE_IP.env(), false));
    }

    @Test
    void retentionHasOneDefaultAndOneRangeForTheStackAndTheConsumer() {
        assertEquals(SettingCatalog.RETENTION_DAYS.fallback(), StackConfig.from(Map.<String, Object>of()::get).retentionDays());
        assertEquals(SettingCatalog.RETENTION_DAYS.fallback(), new Settings(Map.of()).get(SettingCatalog.RETENTION_DAYS));
        assertEquals(Map.of(SettingCatalog.RETENTION_DAYS.env(), "30"),
                StackConfig.from(Map.<String, Object>of("retentionDays", 30)::get).consumerEnvironment());
        assertThrows(IllegalArgumentException.class, () -> StackConfig.from(Map.<String, Object>of("retentionDays", "3651")::get));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Settings(Map.of(SettingCatalog.RETENTION_DAYS.env(), "3651")).get(SettingCatalog.RETENTION_DAYS));
        assertEquals("ACTIONLOG_RETENTION_DAYS='3651' must be a whole number from 1 to 3650; fix: ACTIONLOG_RETENTION_DAYS=90", e.getMessage());
    }

    @Test
    void shouldMergeSlashesByDefaultInTheStackAndTheConsumer_whenMergeSlashesIsNotSet() {
        assertTrue(StackConfig.from(Map.<String, Object>of()::get).get(SettingCatalog.MERGE_SLASHES));
        assertTrue(actionlog.core.PathNormalizer.fromEnvironment(new Settings(Map.of())).mergeSlashes());
        assertFalse(StackConfig.from(Map.<String, Object>of("mergeSlashes", "off")::get).get(SettingCatalog.MERGE_SLASHES));
        assertFalse(actionlog.core.PathNormalizer.fromEnvironment(new Settings(Map.of(SettingCatalog.MERGE_SLASHES.env(), "off"))).mergeSlashes());
    }
}

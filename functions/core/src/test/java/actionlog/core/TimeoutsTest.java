package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
    @Test
    void theDefaultsNestOriginAndSendInsideTheFunctionInsideTheViewerRead() {
        Timeouts t = Timeouts.DEFAULTS;
        assertEquals(Duration.ofSeconds(25), t.origin());
        assertEquals(Duration.ofSeconds(3), t.send());
        assertEquals(Duration.ofSeconds(29), t.function());
        assertEquals(Duration.ofSeconds(30), t.viewerRead());
        assertTrue(t.origin().plus(t.send()).compareTo(t.function()) < 0);
        assertTrue(t.function().compareTo(t.viewerRead()) < 0);
        assertEquals(t, Timeouts.of(Timeouts.DEFAULT_ORIGIN, Timeouts.DEFAULT_SEND, false), "the defaults fit an HTTP API too");
    }

    @Test
    void partSecondsRoundTheFunctionTimeoutUp() {
        Timeouts t = Timeouts.of(Duration.ofMillis(10_200), Duration.ofMillis(500), true);
        assertEquals(Duration.ofSeconds(12), t.function());
        assertEquals(Duration.ofSeconds(13), t.viewerRead());
    }

    @Test
    void anOriginTimeoutThatCannotNestIsRefusedNamingTheSettingAndTheLimit() {
        IllegalArgumentException cloudFront = assertThrows(IllegalArgumentException.class,
                () -> Timeouts.of(Duration.ofSeconds(57), Duration.ofSeconds(3), true));
        assertTrue(cloudFront.getMessage().contains("CloudFront allows (60 s)") && cloudFront.getMessage().contains(SettingCatalog.ORIGIN_TIMEOUT_MS.env()),
                cloudFront.getMessage());
        assertEquals(Duration.ofSeconds(60), Timeouts.of(Duration.ofSeconds(55), Duration.ofSeconds(3), true).viewerRead());
        IllegalArgumentException httpApi = assertThrows(IllegalArgumentException.class,
                () -> Timeouts.of(Duration.ofSeconds(26), Duration.ofSeconds(3), false));
        assertTrue(httpApi.getMessage().contains("an HTTP API allows (30 s)"), httpApi.getMessage());
    }
}

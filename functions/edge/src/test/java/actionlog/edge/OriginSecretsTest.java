package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Rotating the origin secret never refuses a request: current and previous values, re-read on an interval. */
class OriginSecretsTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final AtomicReference<List<String>> stored = new AtomicReference<>(List.of("v1"));
    final List<Long> reads = new ArrayList<>();

    OriginSecrets secrets() {
        return new OriginSecrets(() -> {
            reads.add(now.get());
            List<String> values = stored.get();
            if (values == null) throw new IllegalStateException("Secrets Manager unreachable");
            return values;
        }, now::get);
    }

    @Test
    void acceptsCurrentAndPreviousAndNothingElse() {
        stored.set(List.of("v2", "v1"));
        OriginSecrets s = secrets();
        assertTrue(s.accepts("v2"));
        assertTrue(s.accepts("v1"));
        assertFalse(s.accepts("v0"));
        assertFalse(s.accepts(null));
        assertFalse(s.accepts(""));
    }

    @Test
    void aRotationIsPickedUpWithinTheRefreshIntervalWithoutRefusingTheOldValue() {
        OriginSecrets s = secrets();
        stored.set(List.of("v2", "v1")); // put-secret-value: v2 is AWSCURRENT, v1 AWSPREVIOUS
        now.addAndGet(OriginSecrets.REFRESH_INTERVAL.toMillis() - 1);
        assertFalse(s.accepts("v2"), "not re-read before the interval");
        assertTrue(s.accepts("v1"));
        assertEquals(1, reads.size());
        now.addAndGet(1);
        assertTrue(s.accepts("v2"), "re-read once the interval is over");
        assertTrue(s.accepts("v1"), "CloudFront still sends the previous value until redeployed");
        assertEquals(2, reads.size());
    }

    @Test
    void aFailedReadKeepsTheValuesAndRetriesSooner() {
        OriginSecrets s = secrets();
        stored.set(null);
        now.addAndGet(OriginSecrets.REFRESH_INTERVAL.toMillis());
        assertTrue(s.accepts("v1"), "an unreachable Secrets Manager does not refuse requests");
        stored.set(List.of("v2", "v1"));
        now.addAndGet(OriginSecrets.RETRY_INTERVAL.toMillis() - 1);
        assertFalse(s.accepts("v2"));
        now.addAndGet(1);
        assertTrue(s.accepts("v2"));
    }

    @Test
    void refreshReadsAtOnceAsAfterASnapshotRestore() {
        OriginSecrets s = secrets();
        stored.set(List.of("v2", "v1"));
        s.refresh();
        assertTrue(s.accepts("v2"));
        assertEquals(2, reads.size());
    }

    @Test
    void aFixedValueIsNeverReRead() {
        OriginSecrets fixed = OriginSecrets.fixed("local");
        assertTrue(fixed.accepts("local"));
        fixed.refresh();
        assertFalse(fixed.accepts("other"));
    }

    /** Against moto's Secrets Manager: put-secret-value makes the old value AWSPREVIOUS, and both are accepted. */
    @Test
    @EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
    void readsCurrentAndPreviousStagesFromSecretsManager() {
        try (MotoServer moto = MotoServer.start();
             SecretsManagerClient sm = SecretsManagerClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String arn = sm.createSecret(r -> r.name("origin-secret").secretString("first")).arn();
            OriginSecrets s = new OriginSecrets(OriginSecrets.secretsManager(sm, arn, Duration.ofSeconds(5)), now::get);
            assertTrue(s.accepts("first"), "a secret never rotated has no AWSPREVIOUS, and that is fine");
            assertFalse(s.accepts("second"));

            sm.putSecretValue(r -> r.secretId(arn).secretString("second"));
            s.refresh();
            assertTrue(s.accepts("second"));
            assertTrue(s.accepts("first"));

            sm.putSecretValue(r -> r.secretId(arn).secretString("third"));
            s.refresh();
            assertTrue(s.accepts("third"));
            assertTrue(s.accepts("second"));
            assertFalse(s.accepts("first"), "two rotations back is no longer accepted");
        }
    }
}

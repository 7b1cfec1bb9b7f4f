package actionlog.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The origin-secret values the edge accepts: the secret's AWSCURRENT and AWSPREVIOUS versions, so rotating it never
 * refuses a request (CloudFront keeps sending the previous value until the distribution is redeployed). The values
 * are re-read every {@link #REFRESH_INTERVAL} and after a SnapStart restore; a failed read keeps the values held and
 * is retried after {@link #RETRY_INTERVAL}. Comparisons run in constant time.
 */
public final class OriginSecrets {
    /** How long a rotation takes to reach every running environment. */
    public static final Duration REFRESH_INTERVAL = Duration.ofMinutes(5);
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";

    /** Reads the values to accept (current first); throws when it cannot. */
    public interface Source {
        List<String> read();
    }

    private final Source source;
    private final LongSupplier clock;
    private volatile List<byte[]> accepted;
    private volatile long refreshAtMs;

    /** Reads once now: a secret that cannot be read at start-up fails the start with the source's message. */
    public OriginSecrets(Source source, LongSupplier clock) {
        this.source = source;
        this.clock = clock;
        this.accepted = bytes(source.read());
        this.refreshAtMs = clock.getAsLong() + REFRESH_INTERVAL.toMillis();
    }

    /** One value, never re-read (the local runtime, tests). */
    public static OriginSecrets fixed(String value) {
        return new OriginSecrets(() -> List.of(value), () -> 0L).neverRefresh();
    }

    private OriginSecrets neverRefresh() {
        refreshAtMs = Long.MAX_VALUE;
        return this;
    }

    /** Whether {@code presented} is one of the accepted values; re-reads them first when they are due. */
    public boolean accepts(String presented) {
        if (clock.getAsLong() >= refreshAtMs) refresh();
        if (presented == null) return false;
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] value : accepted) match |= MessageDigest.isEqual(value, candidate);
        return match;
    }

    /** Re-reads now (after a snapshot restore: the values in the snapshot may be old). */
    public synchronized void refresh() {
        if (refreshAtMs == Long.MAX_VALUE) return;
        long now = clock.getAsLong();
        try {
            accepted = bytes(source.read());
            refreshAtMs = now + REFRESH_INTERVAL.toMillis();
        } catch (RuntimeException e) {
            refreshAtMs = now + RETRY_INTERVAL.toMillis();
            System.err.println("actionlog: could not re-read the origin secret (" + e.getMessage() + "); keeping the "
                    + "values held, next try in " + RETRY_INTERVAL.toSeconds() + " s");
        }
    }

    private static List<byte[]> bytes(List<String> values) {
        List<byte[]> out = new ArrayList<>(values.size());
        for (String v : values) if (v != null && !v.isEmpty()) out.add(v.getBytes(StandardCharsets.UTF_8));
        if (out.isEmpty()) throw new IllegalStateException("the origin secret has no value");
        return List.copyOf(out);
    }

    /** AWSCURRENT and, when there is one, AWSPREVIOUS of secret {@code arn}, each read bounded by {@code timeout}. */
    public static Source secretsManager(SecretsManagerClient secrets, String arn, Duration timeout) {
        return () -> {
            List<String> values = new ArrayList<>(2);
            values.add(read(secrets, arn, CURRENT, timeout));
            try {
                values.add(read(secrets, arn, PREVIOUS, timeout));
            } catch (ResourceNotFoundException neverRotated) {
                // a secret that was never rotated has no previous version
            }
            return values;
        };
    }

    private static String read(SecretsManagerClient secrets, String arn, String stage, Duration timeout) {
        return secrets.getSecretValue(r -> r.secretId(arn).versionStage(stage)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))).secretString();
    }
}

package actionlog.infra;

import actionlog.core.CaptureConfig;
import actionlog.core.EdgeProtocol;
import actionlog.core.Setting;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.core.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a deployment chooses: each setting of {@link SettingCatalog}, read from CDK context ({@code cdk.json}
 * or {@code -c key=value}) with the declaration's parser, default and bounds. Invalid values fail synth with a
 * message naming the key and the fix. The edge's and the consumer's settings reach them as the environment
 * variables of the same declarations.
 */
public final class StackConfig {
    /** The edge's reserved concurrency when {@code edgeReservedConcurrency} is not set (see the declaration). */
    public static final int EDGE_RESERVED_CONCURRENCY = SettingCatalog.EDGE_RESERVED_CONCURRENCY.fallback();
    /** The retention periods CloudWatch Logs accepts, in days. */
    static final List<Integer> LOG_RETENTION_DAYS = SettingCatalog.EDGE_LOG_RETENTION_DAYS.allowed();

    private final Map<Setting<?>, Object> values;
    private final Set<Setting<?>> given;

    private StackConfig(Map<Setting<?>, Object> values, Set<Setting<?>> given) {
        this.values = Collections.unmodifiableMap(values);
        this.given = Collections.unmodifiableSet(given);
    }

    /** The value of a setting: the context's, else its declared default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** Whether the context sets this setting (cdk.json or -c). */
    public boolean given(Setting<?> setting) {
        return given.contains(setting);
    }

    /**
     * Reads the context; {@code context} returns null for absent keys. The key {@code region} names the target region
     * (the CDK app falls back to the region the CDK CLI targets); features missing there fail synth.
     */
    public static StackConfig from(Function<String, Object> context) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Set<Setting<?>> given = new LinkedHashSet<>();
        for (Setting<?> setting : SettingCatalog.ALL) {
            Object raw = context.apply(setting.key());
            if (raw != null && !raw.toString().isBlank()) given.add(setting);
            values.put(setting, setting.parse(raw, Setting.Source.CONTEXT));
        }
        if (values.get(SettingCatalog.EDGE_LOG_RETENTION_DAYS) == null) {
            values.put(SettingCatalog.EDGE_LOG_RETENTION_DAYS, logRetentionCovering((Integer) values.get(SettingCatalog.RETENTION_DAYS)));
        }
        StackConfig config = new StackConfig(values, given);
        config.validate();
        return config;
    }

    private void validate() {
        try {
            // refused at synth for the reason the edge would refuse it at start-up
            CaptureConfig.fromEnvironment(new Settings(edgeEnvironment()));
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            for (Setting<?> s : SettingCatalog.ALL) {
                if (s.env() == null) continue;
                message = message.replace(s.env() + "=", "context key '" + s.key() + "'=").replace(s.env(), "context key '" + s.key() + "'");
            }
            throw new IllegalArgumentException(message, e);
        }
        if (redactHeaders().stream().anyMatch(h -> h.equalsIgnoreCase(CaptureConfig.UNREDACT_PREFIX + EdgeProtocol.ORIGIN_SECRET_HEADER))) {
            throw new IllegalArgumentException("context key 'redactHeaders' cannot take " + EdgeProtocol.ORIGIN_SECRET_HEADER
                    + " off: the origin secret is never stored; remove that entry");
        }
        Regions.check(region(), cloudFront(), snapStart());
        timeouts();
        if (originSecretVersion() != null && !cloudFront()) {
            throw new IllegalArgumentException("context key 'originSecretVersion' needs CloudFront; remove -c cloudFront=false or originSecretVersion");
        }
        if (!bypassPaths().isEmpty() && origin() == null) {
            throw new IllegalArgumentException("context key 'bypassPaths' needs 'origin': bypassed paths go straight to the "
                    + "application, so set -c origin=https://app.example.com or drop bypassPaths");
        }
        if (!bypassPaths().isEmpty() && !cloudFront()) {
            throw new IllegalArgumentException("context key 'bypassPaths' needs CloudFront; remove -c cloudFront=false or bypassPaths");
        }
        if (consumerBatchSize() > 10 && consumerBatchingWindowSeconds() == 0) {
            throw new IllegalArgumentException("context key 'consumerBatchSize'=" + consumerBatchSize()
                    + " needs a batching window: set -c consumerBatchingWindowSeconds=1 (or more), or a batch size of 10 or less");
        }
        for (String origin : corsOrigins()) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("context key 'corsOrigins' has '" + origin + "': beacons carry your users' "
                        + "cookies (credentials), so list each site that may post them, e.g. -c corsOrigins=https://shop.example.com"
                        + " ('*', 'null' and paths are refused)");
            }
        }
    }

    /**
     * The edge's settings as the environment it reads: each edge setting the context sets (the function falls back to
     * the same declared defaults), plus whether CloudFront's viewer-address header is trusted. A test reads them back
     * with the edge's own reader, so the CDK app and the edge cannot disagree on a name or a syntax.
     */
    public Map<String, String> edgeEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(); // ordered: the template's bytes must not depend on a hash seed
        env.put(actionlog.core.Env.TRUST_CLOUDFRONT_HEADERS, Boolean.toString(cloudFront()));
        for (Setting<?> s : SettingCatalog.ALL) {
            if (s.scope() == Setting.Scope.EDGE && given(s)) env.put(s.env(), s.format(get(s)));
        }
        return env;
    }

    /** The consumer's settings as the environment it reads: each one the context sets, as for the edge. */
    public Map<String, String> consumerEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Setting<?> s : SettingCatalog.ALL) {
            if (s.scope() == Setting.Scope.CONSUMER && given(s)) env.put(s.env(), s.format(get(s)));
        }
        return env;
    }

    /** The settings whose value relaxes a security or privacy default, each as {@code key=value: why}. */
    public List<String> relaxations() {
        List<String> out = new ArrayList<>();
        for (Setting<?> s : SettingCatalog.ALL) {
            String why = s.relaxes(get(s));
            if (why != null) out.add(s.key() + "=" + s.format(get(s)) + ": " + why);
        }
        return out;
    }

    /** The edge's nested timeouts (function, CloudFront or HTTP API read) for its origin and send timeouts. */
    public Timeouts timeouts() {
        try {
            return Timeouts.of(Duration.ofMillis(get(SettingCatalog.ORIGIN_TIMEOUT_MS)),
                    Duration.ofMillis(get(SettingCatalog.SEND_TIMEOUT_MS)), cloudFront());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(SettingCatalog.ORIGIN_TIMEOUT_MS.env(),
                    "context key '" + SettingCatalog.ORIGIN_TIMEOUT_MS.key() + "'"), e);
        }
    }

    public String origin() { return get(SettingCatalog.ORIGIN); }
    public String originHost() { return get(SettingCatalog.ORIGIN_HOST); }
    public String identityHeader() { return get(SettingCatalog.IDENTITY_HEADER); }
    public String identityCookie() { return get(SettingCatalog.IDENTITY_COOKIE); }
    public String browserCookie() { return get(SettingCatalog.BROWSER_COOKIE); }
    public int trustedProxyHops() { return get(SettingCatalog.TRUSTED_PROXY_HOPS); }
    public List<String> redactHeaders() { return get(SettingCatalog.REDACT_HEADERS); }
    public List<String> redactQueryParams() { return get(SettingCatalog.REDACT_QUERY_PARAMS); }
    public boolean anonymizeIp() { return get(SettingCatalog.ANONYMIZE_IP); }
    public boolean honorPrivacySignals() { return get(SettingCatalog.HONOR_PRIVACY_SIGNALS); }
    public List<String> corsOrigins() { return get(SettingCatalog.CORS_ORIGINS); }
    public int retentionDays() { return get(SettingCatalog.RETENTION_DAYS); }
    public String traceLinkTemplate() { return get(SettingCatalog.TRACE_LINK_TEMPLATE); }
    public List<String> bypassPaths() { return get(SettingCatalog.BYPASS_PATHS); }
    public String alarmEmail() { return get(SettingCatalog.ALARM_EMAIL); }
    public boolean cloudFront() { return get(SettingCatalog.CLOUD_FRONT); }
    public String webAclArn() { return get(SettingCatalog.WEB_ACL_ARN); }
    public int consumerBatchSize() { return get(SettingCatalog.CONSUMER_BATCH_SIZE); }
    public int consumerBatchingWindowSeconds() { return get(SettingCatalog.CONSUMER_BATCHING_WINDOW_SECONDS); }
    public int consumerMaxConcurrency() { return get(SettingCatalog.CONSUMER_MAX_CONCURRENCY); }
    public boolean snapStart() { return get(SettingCatalog.SNAP_START); }
    public boolean searchIndex() { return get(SettingCatalog.SEARCH_INDEX); }
    public String originSecretVersion() { return get(SettingCatalog.ORIGIN_SECRET_VERSION); }
    public String region() { return get(SettingCatalog.REGION); }
    /** Null: no reserved concurrency ({@code none}). */
    public Integer edgeReservedConcurrency() { return get(SettingCatalog.EDGE_RESERVED_CONCURRENCY); }
    public int edgeLogRetentionDays() { return get(SettingCatalog.EDGE_LOG_RETENTION_DAYS); }
    public boolean archive() { return get(SettingCatalog.ARCHIVE); }
    public int archiveRetentionDays() { return get(SettingCatalog.ARCHIVE_RETENTION_DAYS); }
    public int archiveQueryLimitMb() { return get(SettingCatalog.ARCHIVE_QUERY_LIMIT_MB); }

    /**
     * The shortest CloudWatch Logs retention that keeps a fallback line as long as its event would be kept in the
     * table: recovering it later than that would store an event its TTL removes at once.
     */
    static int logRetentionCovering(int days) {
        return LOG_RETENTION_DAYS.stream().filter(d -> d >= days).findFirst().orElse(LOG_RETENTION_DAYS.get(LOG_RETENTION_DAYS.size() - 1));
    }
}

package actionlog.infra;

import actionlog.core.CaptureConfig;
import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.core.PathNormalizer;
import actionlog.core.Settings;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything a deployment can choose, read from CDK context ({@code cdk.json} or {@code -c key=value}).
 * Invalid values fail synth with a message naming the key and the fix.
 */
public record StackConfig(
        String origin,
        String identityHeader,
        String identityCookie,
        List<String> sessionCookies,
        int trustedProxyHops,
        List<String> redactHeaders,
        List<String> redactQueryParams,
        boolean anonymizeIp,
        boolean honorPrivacySignals,
        int retentionDays,
        List<String> bypassPaths,
        String alarmEmail,
        boolean cloudFront,
        List<String> corsOrigins,
        int consumerBatchSize,
        int consumerBatchingWindowSeconds,
        int consumerMaxConcurrency,
        boolean snapStart,
        String webAclArn,
        IdentityOptions identity,
        boolean searchIndex,
        String traceLinkTemplate,
        String originSecretVersion,
        String region,
        String originHost,
        Integer edgeReservedConcurrency,
        int edgeLogRetentionDays,
        boolean archive,
        int archiveRetentionDays,
        int archiveQueryLimitMb,
        boolean mergeSlashes) {

    /**
     * Who-is-the-user options besides {@code identityHeader}/{@code identityCookie}/{@code sessionCookies}; each
     * context key has the name of the matching {@code ./actionlog local} flag (identityResponseHeader ↔
     * --identity-response-header). Null means the edge's default.
     */
    public record IdentityOptions(String identityResponseHeader, String sessionCookiePattern, String loginForm,
                                  String jwksUrl, String jwtIssuer, String jwtAudience, String jwtClaim, String jwtCookie,
                                  String loginSuccess, String signOut, String browserCookie) {
        /** Context key of each environment variable, to name the key in error messages. */
        static final Map<String, String> KEYS = Map.ofEntries(Map.entry(Env.IDENTITY_RESPONSE_HEADER, "identityResponseHeader"),
                Map.entry(Env.SESSION_COOKIE_PATTERN, "sessionCookiePattern"), Map.entry(Env.LOGIN_FORM, "loginForm"),
                Map.entry(Env.JWKS_URL, "jwksUrl"), Map.entry(Env.JWT_ISSUER, "jwtIssuer"), Map.entry(Env.JWT_AUDIENCE, "jwtAudience"),
                Map.entry(Env.JWT_CLAIM, "jwtClaim"), Map.entry(Env.JWT_COOKIE, "jwtCookie"),
                Map.entry(Env.LOGIN_SUCCESS, "loginSuccess"), Map.entry(Env.SIGN_OUT, "signOut"),
                Map.entry(Env.BROWSER_COOKIE, "browserCookie"));

        /** The edge environment for these options (only what is set). */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            putIf(env, Env.IDENTITY_RESPONSE_HEADER, identityResponseHeader);
            putIf(env, Env.SESSION_COOKIE_PATTERN, sessionCookiePattern);
            putIf(env, Env.LOGIN_FORM, loginForm);
            putIf(env, Env.JWKS_URL, jwksUrl);
            putIf(env, Env.JWT_ISSUER, jwtIssuer);
            putIf(env, Env.JWT_AUDIENCE, jwtAudience);
            putIf(env, Env.JWT_CLAIM, jwtClaim);
            putIf(env, Env.JWT_COOKIE, jwtCookie);
            putIf(env, Env.LOGIN_SUCCESS, loginSuccess);
            putIf(env, Env.SIGN_OUT, signOut);
            putIf(env, Env.BROWSER_COOKIE, browserCookie);
            return env;
        }

        /** The edge's own validation of these values, its message speaking of context keys. */
        void validate() {
            try {
                CaptureConfig.fromEnvironment(new Settings(environment()));
            } catch (IllegalStateException e) {
                String message = e.getMessage();
                for (Map.Entry<String, String> key : KEYS.entrySet()) {
                    message = message.replace(key.getKey() + "=", "context key '" + key.getValue() + "'=")
                            .replace(key.getKey(), "context key '" + key.getValue() + "'");
                }
                throw new IllegalArgumentException(message, e);
            }
        }

        private static void putIf(Map<String, String> env, String name, String value) {
            if (value != null) env.put(name, value);
        }
    }

    /**
     * The edge's reserved concurrency when {@code edgeReservedConcurrency} is not set: 10% of the default account
     * quota (1,000), leaving 900 to the consumer and every other function of the account and region. At ≈ 100 ms per
     * proxied request that serves ≈ 1,000 requests per second (concurrency = requests per second × seconds each);
     * in collect mode (≈ 10 ms) several times more. Beyond it viewers get 429s, and the EdgeThrottles alarm says so.
     */
    public static final int EDGE_RESERVED_CONCURRENCY = 100;
    /** The retention periods CloudWatch Logs accepts, in days. */
    static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9_\\-.*/~$&+:=@]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern SECRET_VERSION = Pattern.compile("[A-Za-z0-9-]{32,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");

    /**
     * Reads the context; {@code context} returns null for absent keys. The key {@code region} names the target region
     * (the CDK app falls back to the region the CDK CLI targets); features missing there fail synth.
     */
    public static StackConfig from(Function<String, Object> context) {
        Reader r = new Reader(context);
        StackConfig config = new StackConfig(
                r.url("origin"),
                r.tokenOrNull("identityHeader"),
                r.tokenOrNull("identityCookie"),
                r.list("sessionCookies", CaptureConfig.DEFAULT_SESSION_COOKIES),
                r.integer("trustedProxyHops", Settings.TRUSTED_PROXY_HOPS),
                // extend the defaults ("-name" takes a default off on purpose); see CaptureConfig.withDefaults
                r.list("redactHeaders", List.of()),
                r.list("redactQueryParams", List.of()),
                r.bool("anonymizeIp", false),
                r.bool("honorPrivacySignals", true),
                r.integer("retentionDays", Settings.RETENTION_DAYS),
                r.paths("bypassPaths"),
                r.email("alarmEmail"),
                r.bool("cloudFront", true),
                r.list("corsOrigins", List.of()),
                r.integer("consumerBatchSize", 100, 1, 10_000),
                r.integer("consumerBatchingWindowSeconds", 1, 0, 300),
                r.integer("consumerMaxConcurrency", 5, 2, 1000),
                r.bool("snapStart", true),
                r.arn("webAclArn", "wafv2"),
                new IdentityOptions(r.tokenOrNull("identityResponseHeader"), r.raw("sessionCookiePattern"), r.raw("loginForm"),
                        r.raw("jwksUrl"), r.raw("jwtIssuer"), r.raw("jwtAudience"), r.raw("jwtClaim"), r.tokenOrNull("jwtCookie"),
                        r.raw("loginSuccess"), r.raw("signOut"), r.raw("browserCookie")),
                r.bool("searchIndex", true),
                r.traceLink("traceLinkTemplate"),
                r.matching("originSecretVersion", SECRET_VERSION, "a Secrets Manager version id (VersionId of "
                        + "`aws secretsmanager put-secret-value`)"),
                r.matching("region", REGION, "an AWS region such as eu-west-1"),
                r.choice("originHost", "viewer", "viewer", "origin"),
                r.integerOrNone("edgeReservedConcurrency", EDGE_RESERVED_CONCURRENCY, 1, 10_000),
                r.logRetention("edgeLogRetentionDays", logRetentionCovering(r.integer("retentionDays", Settings.RETENTION_DAYS))),
                r.bool("archive", true),
                r.integer("archiveRetentionDays", Settings.ARCHIVE_RETENTION_DAYS),
                r.integer("archiveQueryLimitMb", Settings.ARCHIVE_QUERY_LIMIT_MB),
                r.bool("mergeSlashes", PathNormalizer.MERGE_SLASHES_DEFAULT));
        config.identity.validate(); // refused at synth for the reason the edge would refuse it at start-up
        if (config.redactHeaders.stream().anyMatch(h -> h.equalsIgnoreCase(CaptureConfig.UNREDACT_PREFIX + EdgeProtocol.ORIGIN_SECRET_HEADER))) {
            throw new IllegalArgumentException("context key 'redactHeaders' cannot take " + EdgeProtocol.ORIGIN_SECRET_HEADER
                    + " off: the origin secret is never stored; remove that entry");
        }
        Regions.check(config.region, config.cloudFront, config.snapStart);
        if (config.originSecretVersion != null && !config.cloudFront) {
            throw new IllegalArgumentException("context key 'originSecretVersion' needs CloudFront; remove -c cloudFront=false or originSecretVersion");
        }
        if (!config.bypassPaths.isEmpty() && config.origin == null) {
            throw new IllegalArgumentException("context key 'bypassPaths' needs 'origin': bypassed paths go straight to the "
                    + "application, so set -c origin=https://app.example.com or drop bypassPaths");
        }
        if (!config.bypassPaths.isEmpty() && !config.cloudFront) {
            throw new IllegalArgumentException("context key 'bypassPaths' needs CloudFront; remove -c cloudFront=false or bypassPaths");
        }
        if (config.consumerBatchSize > 10 && config.consumerBatchingWindowSeconds == 0) {
            throw new IllegalArgumentException("context key 'consumerBatchSize'=" + config.consumerBatchSize
                    + " needs a batching window: set -c consumerBatchingWindowSeconds=1 (or more), or a batch size of 10 or less");
        }
        for (String origin : config.corsOrigins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("context key 'corsOrigins' has '" + origin + "': beacons carry your users' "
                        + "cookies (credentials), so list each site that may post them, e.g. -c corsOrigins=https://shop.example.com"
                        + " ('*', 'null' and paths are refused)");
            }
        }
        return config;
    }

    /**
     * The shortest CloudWatch Logs retention that keeps a fallback line as long as its event would be kept in the
     * table: recovering it later than that would store an event its TTL removes at once.
     */
    static int logRetentionCovering(int days) {
        return LOG_RETENTION_DAYS.stream().filter(d -> d >= days).findFirst().orElse(LOG_RETENTION_DAYS.get(LOG_RETENTION_DAYS.size() - 1));
    }

    private record Reader(Function<String, Object> context) {
        /** A link template for trace ids: an https URL holding {traceId}, checked like the CLI and UI use it. */
        String traceLink(String key) {
            Object value = context.apply(key);
            if (value == null || value.toString().isBlank()) return null;
            try {
                return actionlog.core.TraceContext.checkLinkTemplate(value.toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("context key '" + key + "': " + e.getMessage());
            }
        }

        String raw(String key) {
            Object value = context.apply(key);
            if (value == null) return null;
            String text = value.toString().trim();
            return text.isEmpty() ? null : text;
        }

        String url(String key) {
            String value = raw(key);
            if (value == null) return null;
            try {
                URI uri = URI.create(value);
                if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("context key '" + key + "'='" + value
                    + "' is not an http(s) URL; fix: -c " + key + "=https://app.example.com (or remove it for collect mode)");
        }

        String token(String key, String fallback) {
            String value = tokenOrNull(key);
            return value == null ? fallback : value;
        }

        String tokenOrNull(String key) {
            String value = raw(key);
            if (value != null && !HEADER_NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("context key '" + key + "'='" + value
                        + "' is not a valid header or cookie name; use letters, digits and -_.");
            }
            return value;
        }

        int integer(String key, int fallback, int min, int max) {
            String value = raw(key);
            if (value == null) return fallback;
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) return parsed;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("context key '" + key + "'='" + value + "' must be a whole number from "
                    + min + " to " + max + "; fix: -c " + key + "=" + fallback);
        }

        int integer(String key, Settings.IntSetting setting) {
            return integer(key, setting.fallback(), setting.min(), setting.max());
        }

        /** A whole number, or {@code none} (null): the setting is off. */
        Integer integerOrNone(String key, int fallback, int min, int max) {
            String value = raw(key);
            if (value != null && value.equalsIgnoreCase("none")) return null;
            try {
                return integer(key, fallback, min, max);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (or none)", e);
            }
        }

        int logRetention(String key, int fallback) {
            String value = raw(key);
            if (value == null) return fallback;
            try {
                int days = Integer.parseInt(value);
                if (LOG_RETENTION_DAYS.contains(days)) return days;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("context key '" + key + "'='" + value + "' is not a retention CloudWatch Logs "
                    + "accepts; use one of " + LOG_RETENTION_DAYS + " (days), e.g. -c " + key + "=" + fallback);
        }

        String choice(String key, String fallback, String... choices) {
            String value = raw(key);
            if (value == null) return fallback;
            for (String c : choices) if (c.equalsIgnoreCase(value)) return c;
            throw new IllegalArgumentException("context key '" + key + "'='" + value + "' must be one of "
                    + String.join(", ", choices) + "; fix: -c " + key + "=" + fallback);
        }

        boolean bool(String key, boolean fallback) {
            String value = raw(key);
            if (value == null) return fallback;
            Boolean parsed = Settings.parseBoolean(value); // the edge reads its variables with the same rule
            if (parsed == null) {
                throw new IllegalArgumentException("context key '" + key + "'='" + value
                        + "' must be true or false; fix: -c " + key + "=" + fallback);
            }
            return parsed;
        }

        List<String> list(String key, List<String> fallback) {
            Object value = context.apply(key);
            if (value == null) return fallback;
            List<String> items = value instanceof List<?> l ? l.stream().map(Object::toString).toList()
                    : Arrays.asList(value.toString().split(","));
            return items.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        List<String> paths(String key) {
            List<String> paths = list(key, List.of());
            for (String p : paths) {
                if (!PATH_PATTERN.matcher(p).matches()) {
                    throw new IllegalArgumentException("context key '" + key + "' has '" + p
                            + "', which is not a CloudFront path pattern; use e.g. /static/* or /*.js");
                }
            }
            return paths;
        }

        String matching(String key, Pattern pattern, String what) {
            String value = raw(key);
            if (value != null && !pattern.matcher(value).matches()) {
                throw new IllegalArgumentException("context key '" + key + "'='" + value + "' is not " + what);
            }
            return value;
        }

        String arn(String key, String service) {
            String value = raw(key);
            if (value != null && !value.startsWith("arn:aws:" + service + ":")) {
                throw new IllegalArgumentException("context key '" + key + "'='" + value + "' is not an arn:aws:" + service
                        + ":... ARN (a CloudFront web ACL lives in us-east-1)");
            }
            return value;
        }

        String email(String key) {
            String value = raw(key);
            if (value != null && !EMAIL.matcher(value).matches()) {
                throw new IllegalArgumentException("context key '" + key + "'='" + value + "' is not an e-mail address");
            }
            return value;
        }
    }
}

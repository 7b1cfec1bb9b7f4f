package actionlog.infra;

import actionlog.core.CaptureConfig;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        String originHost) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9_\\-.*/~$&+:=@]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** Reads the context; {@code context} returns null for absent keys. */
    public static StackConfig from(Function<String, Object> context) {
        Reader r = new Reader(context);
        StackConfig config = new StackConfig(
                r.url("origin"),
                r.token("identityHeader", "X-User-Id"),
                r.tokenOrNull("identityCookie"),
                r.list("sessionCookies", CaptureConfig.DEFAULT_SESSION_COOKIES),
                r.integer("trustedProxyHops", 0, 0, 10),
                r.list("redactHeaders", CaptureConfig.DEFAULT_REDACT_HEADERS),
                r.list("redactQueryParams", CaptureConfig.DEFAULT_REDACT_PARAMS),
                r.bool("anonymizeIp", false),
                r.bool("honorPrivacySignals", true),
                r.integer("retentionDays", 90, 1, 3650),
                r.paths("bypassPaths"),
                r.email("alarmEmail"),
                r.bool("cloudFront", true),
                r.list("corsOrigins", List.of()),
                r.integer("consumerBatchSize", 100, 1, 10_000),
                r.integer("consumerBatchingWindowSeconds", 1, 0, 300),
                r.integer("consumerMaxConcurrency", 5, 2, 1000),
                r.bool("snapStart", true),
                r.arn("webAclArn", "wafv2"),
                r.choice("originHost", "viewer", "viewer", "origin"));
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
        return config;
    }

    private record Reader(Function<String, Object> context) {
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
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("context key '" + key + "'='" + value
                        + "' must be true or false; fix: -c " + key + "=" + fallback);
            };
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

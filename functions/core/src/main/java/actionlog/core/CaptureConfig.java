package actionlog.core;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How requests become events: identity chain, client address, privacy and size bounds.
 *
 * @param identityHeader         trusted header carrying the user id (set by the application or its auth proxy)
 * @param identityCookie         cookie carrying the user id, or null
 * @param sessionCookies         cookies whose value identifies the session (stored hashed, never in clear)
 * @param trustedProxyHops       proxies in front of the edge that append to X-Forwarded-For
 * @param trustCloudFrontHeaders take client address and country from the headers the CloudFront viewer-request
 *                               function writes ({@link Names#VIEWER_ADDRESS_HEADER}, {@link Names#VIEWER_COUNTRY_HEADER})
 * @param redactHeaders          header names never stored in clear (lower case); always holds the origin-secret header
 * @param redactParams           query parameter names never stored in clear (lower case)
 * @param anonymizeIp            always truncate client addresses (IPv4 /24, IPv6 /48)
 * @param honorPrivacySignals    truncate client addresses of requests that send DNT: 1 or Sec-GPC: 1
 */
public record CaptureConfig(
        String identityHeader,
        String identityCookie,
        List<String> sessionCookies,
        int trustedProxyHops,
        boolean trustCloudFrontHeaders,
        Set<String> redactHeaders,
        Set<String> redactParams,
        boolean anonymizeIp,
        boolean honorPrivacySignals) {

    public static final List<String> DEFAULT_REDACT_HEADERS = List.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-amz-security-token",
            "x-auth-token", "x-csrf-token", "x-xsrf-token", EdgeProtocol.ORIGIN_SECRET_HEADER,
            // the raw viewer address: the event's client field holds it, anonymized when configured
            EdgeProtocol.VIEWER_ADDRESS_HEADER);
    /** Prefix that takes a default off the redaction list on purpose, e.g. {@code -x-csrf-token}. */
    public static final String UNREDACT_PREFIX = "-";
    public static final List<String> DEFAULT_REDACT_PARAMS = List.of(
            "token", "access_token", "refresh_token", "id_token", "password", "passwd", "pwd", "secret",
            "client_secret", "code", "sig", "signature", "api_key", "apikey", "key", "auth", "session",
            "x-amz-signature", "x-amz-credential", "x-amz-security-token");
    public static final List<String> DEFAULT_SESSION_COOKIES = List.of(
            "session", "sessionid", "session_id", "sid", "JSESSIONID", "connect.sid", "_session_id");

    public CaptureConfig {
        identityHeader = identityHeader.toLowerCase(Locale.ROOT);
        redactHeaders = lower(redactHeaders);
        if (!redactHeaders.contains(EdgeProtocol.ORIGIN_SECRET_HEADER)) {
            // whatever the configuration: the value that lets requests through CloudFront is never stored
            Set<String> withSecret = new java.util.HashSet<>(redactHeaders);
            withSecret.add(EdgeProtocol.ORIGIN_SECRET_HEADER);
            redactHeaders = Set.copyOf(withSecret);
        }
        redactParams = lower(redactParams);
        sessionCookies = List.copyOf(sessionCookies);
        if (trustedProxyHops < 0) throw new IllegalArgumentException("trusted proxy hops must be >= 0");
    }

    public static CaptureConfig defaults() {
        return fromEnvironment(new Settings(java.util.Map.of()));
    }

    public static CaptureConfig fromEnvironment(Settings s) {
        return new CaptureConfig(
                s.string(Env.IDENTITY_HEADER, "X-User-Id"),
                s.string(Env.IDENTITY_COOKIE, null),
                s.list(Env.SESSION_COOKIES, DEFAULT_SESSION_COOKIES),
                s.integer(Env.TRUSTED_PROXY_HOPS, 0, 0, 10),
                s.bool(Env.TRUST_CLOUDFRONT_HEADERS, false),
                withDefaults(DEFAULT_REDACT_HEADERS, s.list(Env.REDACT_HEADERS, List.of())),
                withDefaults(DEFAULT_REDACT_PARAMS, s.list(Env.REDACT_QUERY_PARAMS, List.of())),
                s.bool(Env.ANONYMIZE_IP, false),
                s.bool(Env.HONOR_PRIVACY_SIGNALS, true));
    }

    /**
     * A configured redaction list extends the defaults: {@code x-tenant} adds a name, {@code -x-csrf-token} takes a
     * default off on purpose. The origin-secret header cannot be taken off (the constructor adds it back).
     */
    public static Set<String> withDefaults(List<String> defaults, List<String> custom) {
        Set<String> names = new java.util.LinkedHashSet<>(lower(Set.copyOf(defaults)));
        for (String entry : custom) {
            String name = entry.trim().toLowerCase(Locale.ROOT);
            if (name.startsWith(UNREDACT_PREFIX)) names.remove(name.substring(UNREDACT_PREFIX.length()));
            else if (!name.isEmpty()) names.add(name);
        }
        return Set.copyOf(names);
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}

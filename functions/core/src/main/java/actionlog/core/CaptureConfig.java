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
 * @param trustCloudFrontHeaders take client address and country from CloudFront-Viewer-* headers
 * @param redactHeaders          header names never stored in clear (lower case)
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
            "x-auth-token", "x-csrf-token", "x-xsrf-token", EdgeProtocol.ORIGIN_SECRET_HEADER);
    public static final List<String> DEFAULT_REDACT_PARAMS = List.of(
            "token", "access_token", "refresh_token", "id_token", "password", "passwd", "pwd", "secret",
            "client_secret", "code", "sig", "signature", "api_key", "apikey", "key", "auth", "session",
            "x-amz-signature", "x-amz-credential", "x-amz-security-token");
    public static final List<String> DEFAULT_SESSION_COOKIES = List.of(
            "session", "sessionid", "session_id", "sid", "JSESSIONID", "connect.sid", "_session_id");

    public CaptureConfig {
        identityHeader = identityHeader.toLowerCase(Locale.ROOT);
        redactHeaders = lower(redactHeaders);
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
                Set.copyOf(s.list(Env.REDACT_HEADERS, DEFAULT_REDACT_HEADERS)),
                Set.copyOf(s.list(Env.REDACT_QUERY_PARAMS, DEFAULT_REDACT_PARAMS)),
                s.bool(Env.ANONYMIZE_IP, false),
                s.bool(Env.HONOR_PRIVACY_SIGNALS, true));
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}

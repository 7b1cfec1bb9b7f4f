package actionlog.core;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How requests become events: identity chain, client address, privacy and size bounds.
 *
 * @param identityHeader         request header carrying the user id, or null (the default): a client can send any
 *                               header, so set it only when a proxy in front of the edge strips it and sets it
 * @param identityCookie         cookie carrying the user id, or null (the default; same caveat as the header)
 * @param sessionCookies         cookie names whose value identifies the session (stored hashed, never in clear);
 *                               {@code *} matches any characters (Rails' {@code _*_session})
 * @param trustedProxyHops       proxies in front of the edge that append to X-Forwarded-For
 * @param trustCloudFrontHeaders take client address and country from the headers the CloudFront viewer-request
 *                               function writes ({@link EdgeProtocol#VIEWER_ADDRESS_HEADER}, {@link EdgeProtocol#VIEWER_COUNTRY_HEADER})
 * @param redactHeaders          header names never stored in clear (lower case; always holds the origin-secret header), besides every name
 *                               {@link Redactor#isSecretName} recognises
 * @param redactParams           query parameter names never stored in clear (lower case; always holds the origin-secret header), besides every name
 *                               {@link Redactor#isSecretName} recognises
 * @param anonymizeIp            always truncate client addresses (IPv4 /24, IPv6 /48)
 * @param honorPrivacySignals    truncate client addresses of requests that send DNT: 1 or Sec-GPC: 1
 * @param identityResponseHeader response header in which the origin names the signed-in user (lower case), or null
 * @param sessionCookiePattern   any other cookie whose name matches (find) is a session cookie too, or null
 * @param loginForm              the sign-in request whose field names the session's user, or null (off)
 * @param jwt                    how Bearer tokens are verified, or null (tokens never name the user)
 * @param signIn                 when a login-form sign-in was accepted and when a browser signed out
 * @param browserCookie          name of the edge's own browser cookie (proxy mode), or null (off: the weaker fallback)
 * @param maskContactDetails     also mask e-mail addresses (the local part) and phone numbers in every stored string,
 *                               and the values of parameters named like {@code email} or {@code phone} (off by default:
 *                               support often searches by them)
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
        boolean honorPrivacySignals,
        String identityResponseHeader,
        Pattern sessionCookiePattern,
        LoginForm loginForm,
        Jwt jwt,
        SignInRules signIn,
        String browserCookie,
        boolean maskContactDetails) {

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
            "x-amz-signature", "x-amz-credential", "x-amz-security-token", "jwt", "pass", "ticket");
    /** Session cookies of the common frameworks: PHP, Java servlets, ASP.NET, Laravel, Express, Django, Rails, Play, ... */
    public static final List<String> DEFAULT_SESSION_COOKIES = List.of(
            "PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "ASPSESSIONID*", "laravel_session", "connect.sid", "sessionid",
            "session", "session_id", "sid", "_session_id", "_*_session", "PLAY_SESSION", "ci_session", "CAKEPHP",
            "rack.session", "__Host-session", "__Secure-session");
    /** Any other cookie whose name contains "sess", in any case. */
    public static final String DEFAULT_SESSION_COOKIE_PATTERN = "(?i)sess";

    /**
     * Verifying Bearer tokens (or a cookie holding one) against the issuer's published keys.
     *
     * @param jwksUrl  where the issuer publishes its keys (JWKS)
     * @param issuer   the only accepted {@code iss}
     * @param audience the required {@code aud}, or null
     * @param claim    the claim naming the user ({@code sub} by default)
     * @param cookie   a cookie that holds the token when there is no Authorization header, or null
     */
    public record Jwt(String jwksUrl, String issuer, String audience, String claim, String cookie) {}

    public CaptureConfig {
        identityHeader = identityHeader == null ? null : identityHeader.toLowerCase(Locale.ROOT);
        identityResponseHeader = identityResponseHeader == null ? null : identityResponseHeader.toLowerCase(Locale.ROOT);
        redactHeaders = lower(redactHeaders);
        if (!redactHeaders.contains(EdgeProtocol.ORIGIN_SECRET_HEADER)) {
            // whatever the configuration: the value that lets requests through CloudFront is never stored
            Set<String> withSecret = new java.util.HashSet<>(redactHeaders);
            withSecret.add(EdgeProtocol.ORIGIN_SECRET_HEADER);
            redactHeaders = Set.copyOf(withSecret);
        }
        redactParams = lower(redactParams);
        sessionCookies = List.copyOf(sessionCookies);
        signIn = signIn == null ? SignInRules.DEFAULT : signIn;
        if (trustedProxyHops < 0) throw new IllegalArgumentException("trusted proxy hops must be >= 0");
    }

    public static CaptureConfig defaults() {
        return fromEnvironment(new Settings(java.util.Map.of()));
    }

    public static CaptureConfig fromEnvironment(Settings s) {
        String responseHeader = s.get(SettingCatalog.IDENTITY_RESPONSE_HEADER);
        String pattern = s.get(SettingCatalog.SESSION_COOKIE_PATTERN); // an empty value: no pattern
        String loginForm = s.get(SettingCatalog.LOGIN_FORM);
        String browserCookie = s.get(SettingCatalog.BROWSER_COOKIE);
        return new CaptureConfig(
                s.get(SettingCatalog.IDENTITY_HEADER),
                s.get(SettingCatalog.IDENTITY_COOKIE),
                s.get(SettingCatalog.SESSION_COOKIES),
                s.get(SettingCatalog.TRUSTED_PROXY_HOPS),
                s.bool(Env.TRUST_CLOUDFRONT_HEADERS, false),
                withDefaults(DEFAULT_REDACT_HEADERS, s.get(SettingCatalog.REDACT_HEADERS)),
                withDefaults(DEFAULT_REDACT_PARAMS, s.get(SettingCatalog.REDACT_QUERY_PARAMS)),
                s.get(SettingCatalog.ANONYMIZE_IP),
                s.get(SettingCatalog.HONOR_PRIVACY_SIGNALS),
                "none".equalsIgnoreCase(responseHeader) ? null : responseHeader,
                pattern.isEmpty() ? null : Pattern.compile(pattern),
                loginForm == null ? null : LoginForm.parse(loginForm, SettingCatalog.LOGIN_FORM.env()),
                jwt(s),
                SignInRules.parse(s.get(SettingCatalog.LOGIN_SUCCESS), s.get(SettingCatalog.SIGN_OUT)),
                "none".equalsIgnoreCase(browserCookie) ? null : browserCookie,
                s.get(SettingCatalog.MASK_CONTACT_DETAILS));
    }

    private static Jwt jwt(Settings s) {
        String url = s.get(SettingCatalog.JWKS_URL);
        if (url == null) return null;
        String issuer = s.required(SettingCatalog.JWT_ISSUER.env(), "with " + SettingCatalog.JWKS_URL.env() + " set, name the only "
                + "issuer whose tokens are accepted, e.g. https://login.example.com/");
        return new Jwt(url, issuer, s.get(SettingCatalog.JWT_AUDIENCE), s.get(SettingCatalog.JWT_CLAIM),
                s.get(SettingCatalog.JWT_COOKIE));
    }

    /**
     * Whether a cookie name is a session cookie: one of {@link #sessionCookies} (case-insensitive, {@code *} as
     * wildcard) or, failing that, a match of {@link #sessionCookiePattern}.
     */
    public boolean isSessionCookie(String name) {
        return listedSessionCookie(name) || (sessionCookiePattern != null && sessionCookiePattern.matcher(name).find());
    }

    /** Whether a cookie name is one of {@link #sessionCookies} (exact or wildcard), not merely a match of the pattern. */
    public boolean listedSessionCookie(String name) {
        for (String listed : sessionCookies) {
            if (listed.indexOf('*') < 0 ? listed.equalsIgnoreCase(name) : glob(listed).matcher(name).matches()) return true;
        }
        return false;
    }

    private static final java.util.Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern glob(String listed) {
        return GLOBS.computeIfAbsent(listed, CaptureConfig::compileGlob);
    }

    private static Pattern compileGlob(String listed) {
        StringBuilder regex = new StringBuilder("(?i)");
        for (String part : listed.split("\\*", -1)) {
            if (regex.length() > 4) regex.append(".*");
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * A configured redaction list extends the defaults: {@code x-tenant} adds a name, {@code -x-csrf-token} takes a
     * default off on purpose. The origin-secret header cannot be taken off (the constructor adds it back).
     */
    public static Set<String> withDefaults(List<String> defaults, List<String> custom) {
        Set<String> names = new java.util.LinkedHashSet<>(lower(Set.copyOf(defaults)));
        for (String entry : custom) {
            String name = entry.trim().toLowerCase(Locale.ROOT);
            if (name.startsWith(UNREDACT_PREFIX)) {
                // kept as "-name" too: the name rule (Redactor#isSecretName) must let it through as well
                names.remove(name.substring(UNREDACT_PREFIX.length()));
                names.add(name);
            } else if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}

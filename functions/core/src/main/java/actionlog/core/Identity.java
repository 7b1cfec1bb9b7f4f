package actionlog.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Who made the request: trusted header, then identity cookie, then the {@code sub} of a Bearer JWT (its
 * signature is not checked, so the source says {@code jwt_unverified}), else a per-client anonymous id.
 */
public record Identity(String userId, String source) {
    public static final String HEADER = "header";
    public static final String COOKIE = "cookie";
    public static final String JWT = "jwt_unverified";
    public static final String ANONYMOUS = "anonymous";
    public static final String ANONYMOUS_PREFIX = "anon:";
    public static final String SESSION_PREFIX = "s_";

    public static Identity resolve(ViewerRequest request, CaptureConfig config, String clientAddress) {
        String header = request.header(config.identityHeader());
        if (header != null && !header.isBlank()) return new Identity(header.trim(), HEADER);
        if (config.identityCookie() != null) {
            String cookie = request.cookie(config.identityCookie());
            if (cookie != null && !cookie.isBlank()) return new Identity(cookie, COOKIE);
        }
        String sub = bearerSubject(request.header("authorization"));
        if (sub != null) return new Identity(sub, JWT);
        String ua = request.header("user-agent");
        return new Identity(ANONYMOUS_PREFIX + hash(clientAddress + "|" + ua, 16), ANONYMOUS);
    }

    /** The session id: a hash of the first configured session cookie, so the cookie itself is never stored. */
    public static String session(ViewerRequest request, CaptureConfig config) {
        for (String name : config.sessionCookies()) {
            String value = request.cookie(name);
            if (value != null && !value.isBlank()) return sessionId(value);
        }
        return null;
    }

    /** What a session cookie value is stored as; support tools apply the same function to a raw cookie. */
    public static String sessionId(String cookieValue) {
        return SESSION_PREFIX + hash(cookieValue, 20);
    }

    static String bearerSubject(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) return null;
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Map<String, Object> claims = Json.readObject(payload);
            Object sub = claims.get("sub");
            return sub instanceof String s && !s.isBlank() ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String hash(String value, int hexChars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}

package actionlog.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A user as one source named it ({@code user.id_source}), and the helpers every source shares. The order in which
 * sources are consulted, and what the edge carries from one request of a browser to the next, is
 * {@link IdentityResolver}'s. An unverified token is never the user. Values with control characters are refused;
 * oversize values are cut with the marker; both are named in {@code actionlog.identity_error}.
 *
 * @param problem why a value was refused or cut, or null
 */
public record Identity(String userId, String source, String problem) {
    public static final String ORIGIN = "origin";
    public static final String JWT = "jwt";
    public static final String LOGIN_FORM = "login_form";
    /** The browser's link: a user an earlier answer named, carried by the edge's sealed browser cookie. */
    public static final String LINKED = "linked";
    public static final String HEADER = "header";
    public static final String COOKIE = "cookie";
    public static final String CLAIMED = "claimed";
    public static final String ANONYMOUS = "anonymous";
    public static final String ANONYMOUS_PREFIX = "anon:";
    public static final String SESSION_PREFIX = "s_";

    /** Sources that repeat what the client sent: shown as unverified in every view and format. */
    public static final Set<String> UNVERIFIED = Set.of(HEADER, COOKIE, CLAIMED);
    /** Sources that start a browser's (or session's) link to its user: what the application said or accepted. */
    public static final Set<String> LINKING = Set.of(ORIGIN, JWT, LOGIN_FORM);

    public Identity(String userId, String source) {
        this(userId, source, null);
    }

    /** Verifies a token; returns the user it names, or throws IllegalArgumentException saying why it is refused. */
    @FunctionalInterface
    public interface TokenVerifier {
        String verify(String token);
    }

    /** This identity with more problems appended (none: unchanged). */
    public Identity withProblem(String more) {
        if (more == null || more.isEmpty()) return this;
        return new Identity(userId, source, problem == null || problem.isEmpty() ? more : problem + "; " + more);
    }

    /** A user the origin named in its answer; null when it named no one (a refused value is reported in problems). */
    public static Identity fromOrigin(List<String> values, String headerName, StringBuilder problems) {
        if (values == null || values.isEmpty()) return null;
        if (values.size() > 1 && values.stream().distinct().count() > 1) {
            problems.append(problems.isEmpty() ? "" : "; ").append("response header ").append(headerName)
                    .append(" named ").append(values.size()).append(" different users; none recorded");
            return null;
        }
        return named(values.get(0), ORIGIN, "response header " + headerName, problems);
    }

    /**
     * A user id as some source stated it: trimmed; blank is no one; control characters refuse it; more than
     * {@link Limits#MAX_ID} characters are cut when recorded ({@link #writeTo}). Problems are appended.
     */
    public static Identity named(String raw, String source, String what, StringBuilder problems) {
        if (raw == null) return null;
        String value = raw.strip();
        if (value.isEmpty()) return null;
        if (hasControl(value)) {
            problems.append(problems.isEmpty() ? "" : "; ").append(what).append(" refused: it has control characters");
            return null;
        }
        if (value.length() > Limits.MAX_ID) {
            problems.append(problems.isEmpty() ? "" : "; ").append(what).append(" was ").append(value.length())
                    .append(" characters; cut to ").append(Limits.MAX_ID);
        }
        return new Identity(value, source);
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) if (Character.isISOControl(value.charAt(i))) return true;
        return false;
    }

    static Identity verified(String token, TokenVerifier tokens, StringBuilder problems) {
        if (token.length() > Limits.MAX_TOKEN) {
            problems.append("bearer token refused: ").append(token.length()).append(" characters, more than ").append(Limits.MAX_TOKEN);
            return null;
        }
        try {
            return named(tokens.verify(token), JWT, "token claim", problems);
        } catch (IllegalArgumentException refused) {
            problems.append("bearer token refused: ").append(Limits.truncate(String.valueOf(refused.getMessage()), 200));
            return null;
        } catch (RuntimeException broken) { // e.g. the JWKS endpoint is down: the request still goes through, anonymous
            problems.append("bearer token not verified: ").append(Limits.truncate(String.valueOf(broken), 200));
            return null;
        }
    }

    /** Records this identity on the event: user (cut and marked when oversize), source, and any problem. */
    public void writeTo(ActionEvent event) {
        String user = userId;
        if (user.length() > Limits.MAX_ID) {
            event.markTruncated(ActionEvent.F_USER);
            user = Limits.truncate(user, Limits.MAX_ID);
        }
        event.put(ActionEvent.F_USER, user);
        event.put(ActionEvent.F_USER_SOURCE, source);
        if (problem != null) {
            String earlier = event.string(ActionEvent.F_IDENTITY_ERROR);
            String all = earlier == null || earlier.equals(problem) ? problem : earlier + "; " + problem;
            event.put(ActionEvent.F_IDENTITY_ERROR, Limits.truncate(all, 1024));
        }
    }

    /** Whether the source is one the client controls (shown as such). */
    public static boolean unverified(String source) {
        return source != null && UNVERIFIED.contains(source);
    }

    /** What a session cookie value is stored as; support tools apply the same function to a raw cookie. */
    public static String sessionId(String cookieValue) {
        return SESSION_PREFIX + hash(cookieValue, 20);
    }

    /**
     * The anonymous id of a browser: {@code anon:} and the hash part of its {@code browser.id}, so the anonymous
     * events of one browser share one partition and support can go from one to the other.
     */
    public static String anonymousOf(String browserId) {
        return ANONYMOUS_PREFIX + browserId.substring(BrowserCookie.BROWSER_PREFIX.length());
    }

    /**
     * The weaker anonymous id without a browser cookie (collect mode, or switched off): a hash of the client address,
     * the user agent and the session cookie's value, so two browsers behind one address differ once they hold sessions.
     */
    public static String anonymousOf(String clientAddress, String userAgent, String sessionCookieValue) {
        return ANONYMOUS_PREFIX + hash(clientAddress + "|" + userAgent + "|" + (sessionCookieValue == null ? "" : sessionCookieValue), 20);
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return authorization.substring(7).trim();
    }

    /** Looked up once; each hash clones it, which costs less than a provider lookup per call. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The value's SHA-256: the one digest every id, key and erasure hash of this package goes through. */
    static byte[] sha256(byte[] value) {
        try {
            return ((MessageDigest) SHA_256.clone()).digest(value);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /** The first {@code hexChars} (even) hex digits of the value's SHA-256. */
    static String hash(String value, int hexChars) {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)), 0, hexChars / 2);
    }
}

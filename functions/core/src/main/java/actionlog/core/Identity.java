package actionlog.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who made the request, and how we know ({@code user.id_source}). Precedence, first that names someone wins:
 * <ol>
 *   <li>{@code origin}: the application named the user in its answer ({@link CaptureConfig#identityResponseHeader});
 *       applied by the edge once the origin answered, see {@link #fromOrigin}</li>
 *   <li>{@code jwt}: a Bearer token (or the configured cookie holding one) whose signature, issuer, audience and
 *       expiry were verified against the issuer's keys</li>
 *   <li>{@code login_form}: the configured field of a sign-in request the origin accepted (2xx/3xx)</li>
 *   <li>{@code header}, {@code cookie}: a configured request header or cookie; the client sends these, so they are
 *       unverified and only meaningful behind a proxy that strips and sets them</li>
 *   <li>{@code claimed}: a user named in a beacon's body, said by the browser itself</li>
 *   <li>{@code anonymous}: a per-client id ({@code anon:} and a hash of address and user agent)</li>
 * </ol>
 * An unverified token is never the user. Values with control characters are refused; oversize values are cut
 * with the marker; both are named in {@code actionlog.identity_error}.
 *
 * @param problem why a value was refused or cut, or null
 */
public record Identity(String userId, String source, String problem) {
    public static final String ORIGIN = "origin";
    public static final String JWT = "jwt";
    public static final String LOGIN_FORM = "login_form";
    public static final String HEADER = "header";
    public static final String COOKIE = "cookie";
    public static final String CLAIMED = "claimed";
    public static final String ANONYMOUS = "anonymous";
    public static final String ANONYMOUS_PREFIX = "anon:";
    public static final String SESSION_PREFIX = "s_";

    /** Sources that repeat what the client sent: shown as unverified by the CLI and the web timeline. */
    public static final Set<String> UNVERIFIED = Set.of(HEADER, COOKIE, CLAIMED);
    /** Sources strong enough to link a session to its user (stitching); a claim from the browser is not. */
    public static final Set<String> LINKING = Set.of(ORIGIN, JWT, LOGIN_FORM, HEADER, COOKIE);

    public Identity(String userId, String source) {
        this(userId, source, null);
    }

    /** Verifies a token; returns the user it names, or throws IllegalArgumentException saying why it is refused. */
    @FunctionalInterface
    public interface TokenVerifier {
        String verify(String token);
    }

    /** What the request alone tells (everything but {@code origin} and {@code login_form}). */
    public static Identity resolve(ViewerRequest request, CaptureConfig config, String clientAddress) {
        return resolve(request, config, clientAddress, null);
    }

    public static Identity resolve(ViewerRequest request, CaptureConfig config, String clientAddress, TokenVerifier tokens) {
        StringBuilder problems = new StringBuilder();
        Identity found = null;
        if (tokens != null && config.jwt() != null) {
            String token = bearer(request.header("authorization"));
            if (token == null && config.jwt().cookie() != null) token = request.cookie(config.jwt().cookie());
            if (token != null && !token.isBlank()) found = verified(token.trim(), tokens, problems);
        }
        if (found == null && config.identityHeader() != null) {
            found = named(request.header(config.identityHeader()), HEADER, "request header " + config.identityHeader(), problems);
        }
        if (found == null && config.identityCookie() != null) {
            found = named(request.cookie(config.identityCookie()), COOKIE, "cookie " + config.identityCookie(), problems);
        }
        if (found == null) found = anonymous(request, clientAddress);
        return problems.isEmpty() ? found : new Identity(found.userId, found.source, problems.toString());
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
        if (value.chars().anyMatch(Character::isISOControl)) {
            problems.append(problems.isEmpty() ? "" : "; ").append(what).append(" refused: it has control characters");
            return null;
        }
        if (value.length() > Limits.MAX_ID) {
            problems.append(problems.isEmpty() ? "" : "; ").append(what).append(" was ").append(value.length())
                    .append(" characters; cut to ").append(Limits.MAX_ID);
        }
        return new Identity(value, source);
    }

    private static Identity verified(String token, TokenVerifier tokens, StringBuilder problems) {
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

    private static Identity anonymous(ViewerRequest request, String clientAddress) {
        return new Identity(ANONYMOUS_PREFIX + hash(clientAddress + "|" + request.header("user-agent"), 16), ANONYMOUS);
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

    /** The session id: a hash of the first session cookie the request carries, so the cookie is never stored. */
    public static String session(ViewerRequest request, CaptureConfig config) {
        List<String> values = request.headers().get("cookie");
        if (values == null) return null;
        List<String[]> cookies = new java.util.ArrayList<>(); // name, value, in the request's order; parsed once
        for (String header : values) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) cookies.add(new String[] {part.substring(0, eq).trim(), part.substring(eq + 1).trim()});
            }
        }
        for (String name : config.sessionCookies()) { // listed names first, in their order
            if (name.indexOf('*') >= 0) continue;
            for (String[] cookie : cookies) {
                if (cookie[0].equalsIgnoreCase(name) && !cookie[1].isBlank()) return sessionId(cookie[1]);
            }
        }
        for (String[] cookie : cookies) { // then wildcards and the pattern, in the request's order
            if (!cookie[1].isEmpty() && config.isSessionCookie(cookie[0])) return sessionId(cookie[1]);
        }
        return null;
    }

    /**
     * The session a response starts: the first {@code Set-Cookie} of a session cookie with a value (a cookie being
     * deleted, with {@code Max-Age=0} or an empty value, starts none); null when none.
     */
    public static String sessionSet(List<String> setCookies, CaptureConfig config) {
        if (setCookies == null) return null;
        for (String setCookie : setCookies) {
            int semi = setCookie.indexOf(';');
            String pair = semi < 0 ? setCookie : setCookie.substring(0, semi);
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || value.equals("\"\"") || value.equalsIgnoreCase("deleted")) continue;
            String attributes = semi < 0 ? "" : setCookie.substring(semi).toLowerCase(Locale.ROOT).replace(" ", "");
            if (attributes.contains(";max-age=0") || attributes.contains(";max-age=-")) continue;
            if (config.isSessionCookie(name)) return sessionId(value);
        }
        return null;
    }

    /** What a session cookie value is stored as; support tools apply the same function to a raw cookie. */
    public static String sessionId(String cookieValue) {
        return SESSION_PREFIX + hash(cookieValue, 20);
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return authorization.substring(7).trim();
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

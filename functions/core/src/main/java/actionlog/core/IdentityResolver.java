package actionlog.core;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who made a request, decided once at the edge from evidence only, and what the edge carries to the browser's next
 * request in its sealed cookie ({@link BrowserCookie}). Precedence, the first that names someone wins:
 * <ol>
 *   <li>{@code origin}: the application named the user in its answer ({@link CaptureConfig#identityResponseHeader})</li>
 *   <li>{@code jwt}: a Bearer token (or the configured cookie holding one) verified against the issuer's keys</li>
 *   <li>{@code login_form}: the configured field of a sign-in the application accepted ({@link SignInRules})</li>
 *   <li>{@code linked}: the user an earlier answer named on this browser, until the browser signs out</li>
 *   <li>{@code header}, {@code cookie}: a configured request header or cookie (unverified)</li>
 *   <li>{@code claimed}: a user named in a beacon's body (unverified; {@link EventCapture#beacon})</li>
 *   <li>{@code anonymous}: {@code anon:} and the browser's hash, or without a browser cookie a hash of address, user
 *       agent and session cookie</li>
 * </ol>
 * A browser links to one user at a time: an answer naming someone else starts a new link from that request on and
 * never moves earlier events; the event that starts a link says from when the anonymous pages before it belong to the
 * user ({@code user.stitch_from}: the browser's last boundary). The session is the cookie the application issued to
 * the browser, never one the client adds; a cookie matched only by the name pattern never links anything.
 */
public final class IdentityResolver {
    public static final String ISSUED = "issued";
    public static final String LISTED = "listed";
    public static final String PATTERN = "pattern";

    private final CaptureConfig config;
    private final Identity.TokenVerifier tokens;
    private final BrowserCookie cookie;
    /** How problems name the configured request header and cookie, built once. */
    private final String headerWhat;
    private final String cookieWhat;

    /**
     * @param tokens verifies Bearer tokens when {@link CaptureConfig#jwt()} is set; null: tokens never name the user
     * @param cookie the edge's browser cookie; null: off (collect-only edges, or switched off)
     */
    public IdentityResolver(CaptureConfig config, Identity.TokenVerifier tokens, BrowserCookie cookie) {
        this.config = config;
        this.tokens = tokens;
        this.cookie = cookie;
        this.headerWhat = "request header " + config.identityHeader();
        this.cookieWhat = "cookie " + config.identityCookie();
    }

    public BrowserCookie cookie() {
        return cookie;
    }

    /**
     * What the request alone tells: the browser (its cookie opened, or null without one), a verified token, a
     * configured request header or cookie, the request's cookies.
     *
     * @param minted the browser had no valid cookie: this state is new
     */
    public record Pending(BrowserCookie.State state, boolean minted, Identity token, Identity claimed, String problems,
                          List<Cookies.Pair> cookies, Session session, String clientAddress, String userAgent) {
        /**
         * The anonymous id without a browser cookie, hashed only when no one is named (each SHA-256 was a twentieth of
         * the capture path, and most requests of a signed-in user never need this one).
         */
        String anonymousFallback() {
            return Identity.anonymousOf(clientAddress, userAgent, session.value());
        }
    }

    public Pending begin(ViewerRequest request, String clientAddress) {
        StringBuilder problems = new StringBuilder();
        List<Cookies.Pair> cookies = Cookies.of(request); // read once, for every cookie asked about below
        BrowserCookie.State state = null;
        boolean minted = false;
        if (cookie != null) {
            BrowserCookie.Opened opened = cookie.open(Cookies.value(cookies, cookie.name()));
            if (opened.problem() != null) append(problems, opened.problem());
            state = opened.state();
            if (state == null) {
                state = BrowserCookie.State.fresh(request.receivedAtMs());
                minted = true;
            }
        }
        Identity token = null;
        if (tokens != null && config.jwt() != null) {
            String raw = Identity.bearer(request.header("authorization"));
            if (raw == null && config.jwt().cookie() != null) raw = Cookies.value(cookies, config.jwt().cookie());
            if (raw != null && !raw.isBlank()) token = Identity.verified(raw.trim(), tokens, problems);
        }
        Identity claimed = null;
        if (config.identityHeader() != null) {
            claimed = Identity.named(request.header(config.identityHeader()), Identity.HEADER, headerWhat, problems);
        }
        if (claimed == null && config.identityCookie() != null) {
            claimed = Identity.named(Cookies.value(cookies, config.identityCookie()), Identity.COOKIE, cookieWhat, problems);
        }
        Session session = session(state, cookies, List.of());
        return new Pending(state, minted, token, claimed, problems.toString(), cookies, session, clientAddress, request.header("user-agent"));
    }

    /**
     * The decision for an event.
     *
     * @param linkedBy      with source {@code linked}: the source that started the link
     * @param sessionSource {@link #ISSUED}, {@link #LISTED} or {@link #PATTERN}; null without a session
     * @param browserId     {@code browser.id}, or null without a browser cookie
     * @param link          {@link ActionEvent#LINK_START}, {@link ActionEvent#LINK_END} or null
     * @param stitchFromMs  with a link start: from when the anonymous pages before it are the user's, or null (unknown)
     * @param setCookie     the browser cookie to set on the answer, or null
     */
    public record Decision(Identity identity, String linkedBy, String sessionId, String sessionNext, String sessionSource,
                           String browserId, String link, Long stitchFromMs, String setCookie) {
        /** Records the decision on the event (replacing what an earlier decision wrote). */
        public void writeTo(ActionEvent event) {
            event.remove(ActionEvent.F_IDENTITY_ERROR).remove(ActionEvent.F_SESSION).remove(ActionEvent.F_SESSION_NEXT)
                    .remove(ActionEvent.F_SESSION_SOURCE).remove(ActionEvent.F_LINKED_BY).remove(ActionEvent.F_LINK)
                    .remove(ActionEvent.F_STITCH_FROM);
            identity.writeTo(event);
            event.put(ActionEvent.F_LINKED_BY, linkedBy);
            event.put(ActionEvent.F_SESSION, sessionId);
            event.put(ActionEvent.F_SESSION_NEXT, sessionNext);
            event.put(ActionEvent.F_SESSION_SOURCE, sessionSource);
            event.put(ActionEvent.F_BROWSER, browserId);
            event.put(ActionEvent.F_LINK, link);
            if (stitchFromMs != null) event.put(ActionEvent.F_STITCH_FROM, Instant.ofEpochMilli(stitchFromMs).toString());
        }
    }

    /**
     * What the request alone decides, with no answer to read: collect mode and beacons (the browser cookie is read when a
     * same-site beacon carries it, never set), and the event's first form while the origin works in proxy mode.
     */
    public Decision decide(Pending p) {
        Session session = p.session(); // what the request alone tells, found once in begin
        BrowserCookie.State state = p.minted() ? null : p.state(); // a minted id no answer hands out identifies nothing
        Identity identity;
        String linkedBy = null;
        if (p.token() != null) {
            identity = p.token();
        } else if (state != null && state.user() != null) {
            identity = new Identity(state.user(), Identity.LINKED);
            linkedBy = state.source();
        } else if (p.claimed() != null) {
            identity = p.claimed();
        } else {
            identity = anonymous(state, p);
        }
        return new Decision(identity.withProblem(p.problems()), linkedBy, session.id(), null, session.source(),
                state == null ? null : state.browserId(), null, null, null);
    }

    private static Identity anonymous(BrowserCookie.State state, Pending p) {
        return new Identity(state != null ? Identity.anonymousOf(state.browserId()) : p.anonymousFallback(), Identity.ANONYMOUS);
    }

    /**
     * The decision once the origin answered (proxy mode): the answer may name the user, accept a sign-in, issue the
     * session cookie, or end the browser's link; the browser cookie to set follows from that.
     *
     * @param named the user the answer named in the identity response header (already read and removed), or null
     */
    public Decision decide(Pending p, ViewerRequest request, byte[] body, int status, Map<String, List<String>> responseHeaders,
                           Identity named, String namingProblems) {
        long now = request.receivedAtMs();
        StringBuilder problems = new StringBuilder(p.problems());
        if (namingProblems != null) append(problems, namingProblems);
        List<Cookies.Set> set = Cookies.set(responseHeaders.get("set-cookie"), now);
        BrowserCookie.State before = p.state();
        Session session = session(before, p.cookies(), set);
        boolean answered = status >= 200 && status < 400;
        boolean freshSession = answered && freshSessionCookie(p.cookies(), set, status);

        if (named == null) named = p.token();
        boolean signIn = false;
        if (named == null && config.loginForm() != null && config.loginForm().matches(request)) {
            LoginForm.Read read = config.loginForm().read(request.header("content-type"), body, request.rawQuery());
            if (read.problem() != null) append(problems, read.problem());
            if (read.value() != null) {
                String refused = accepted(request, status, responseHeaders, freshSession);
                if (refused == null) {
                    named = Identity.named(read.value(), Identity.LOGIN_FORM, "login form field " + config.loginForm().field(), problems);
                    signIn = named != null;
                } else {
                    append(problems, "login form field " + config.loginForm().field() + " names no one: " + refused);
                }
            }
        }
        boolean signOut = signOut(request, p.cookies(), set, signIn);

        BrowserCookie.State after = before;
        Identity identity;
        String linkedBy = null;
        String link = null;
        Long stitchFrom = null;
        if (named != null) {
            identity = named;
            String user = Limits.truncate(named.userId(), Limits.MAX_ID);
            if (before != null && !user.equals(before.user())) {
                // a new link from now on: the pages before it are the user's back to the browser's last boundary,
                // which is now when someone else was signed in (earlier events are never moved across users)
                stitchFrom = before.user() != null ? now : before.segmentStartMs();
                after = before.linked(user, named.source(), now, stitchFrom);
                link = ActionEvent.LINK_START;
            } else if (before == null && (signIn || freshSession)) {
                link = ActionEvent.LINK_START; // the fallback: a sign-in seen in this answer links the sessions
            }
        } else if (before != null && before.user() != null) {
            identity = new Identity(before.user(), Identity.LINKED);
            linkedBy = before.source();
            if (signOut) {
                link = ActionEvent.LINK_END;
                after = before.unlinked(now);
            }
        } else {
            identity = p.claimed() != null ? p.claimed() : anonymous(before, p);
            if (before == null && signOut) link = ActionEvent.LINK_END;
        }
        if (after != null) after = learnSessionCookie(after, p.cookies(), set);
        String setCookie = null;
        if (after != null && (p.minted() || !after.sameAs(before)) && !sharedCacheable(responseHeaders)) {
            boolean privacy = config.honorPrivacySignals() && ClientAddress.privacySignal(request);
            setCookie = cookie.setCookie(after, "https".equalsIgnoreCase(request.scheme()), privacy);
        }
        return new Decision(identity.withProblem(problems.toString()), linkedBy, session.id(), session.next(), session.source(),
                after == null ? null : after.browserId(), link, stitchFrom, setCookie);
    }

    /** Why a login-form sign-in the answer shows is not accepted, or null when it is. */
    private String accepted(ViewerRequest request, int status, Map<String, List<String>> headers, boolean freshSession) {
        if (status < 200 || status >= 400) return "the application answered " + status;
        SignInRules rules = config.signIn();
        String location = status >= 300 ? locationPath(request, headers) : null;
        switch (rules.success()) {
            case SignInRules.REDIRECT -> {
                if (location != null && SignInRules.pathMatches(rules.redirectPrefix() + "*", location)) return null;
                return "no redirect under " + rules.redirectPrefix() + " (" + SettingCatalog.LOGIN_SUCCESS.env() + ")";
            }
            case SignInRules.SESSION_COOKIE -> {
                return freshSession ? null : "the answer issued no new session cookie (" + SettingCatalog.LOGIN_SUCCESS.env() + "=session-cookie)";
            }
            default -> {
                if (freshSession) return null;
                if (location != null && !config.loginForm().isFormPath(location)) return null;
                return location != null ? "the answer redirects back to the form" : "the answer (" + status
                        + ") issued no new session cookie and redirects nowhere";
            }
        }
    }

    private static String locationPath(ViewerRequest request, Map<String, List<String>> headers) {
        List<String> values = headers.get("location");
        if (values == null || values.isEmpty()) return null;
        try {
            String path = URI.create("http://x" + request.path()).resolve(values.get(0).trim()).getPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * Whether the answer issues a session cookie with a value the request did not carry under that name: a new or
     * rotated session. A first answer that merely starts a session (the request carried none) counts only with a
     * redirect, so a refused sign-in answered 200 to a cookie-less client is no evidence.
     */
    private boolean freshSessionCookie(List<Cookies.Pair> cookies, List<Cookies.Set> set, int status) {
        boolean carried = cookies.stream().anyMatch(c -> config.isSessionCookie(c.name()));
        for (Cookies.Set s : set) {
            if (s.cleared() || !config.isSessionCookie(s.name())) continue;
            if (!s.value().equals(Cookies.value(cookies, s.name())) && (carried || status / 100 == 3)) return true;
        }
        return false;
    }

    /** Whether this answer ends the browser's link (see {@link SignInRules}). */
    private boolean signOut(ViewerRequest request, List<Cookies.Pair> cookies, List<Cookies.Set> set, boolean signIn) {
        SignInRules rules = config.signIn();
        if (!rules.autoSignOut()) return rules.isSignOut(request);
        for (Cookies.Set s : set) {
            if (!config.isSessionCookie(s.name())) continue;
            String carried = Cookies.value(cookies, s.name());
            if (carried == null || carried.isEmpty()) continue;
            if (s.cleared()) return true;
            if (!signIn && !s.value().equals(carried)) return true;
        }
        return false;
    }

    /** The browser remembers the first session cookie the application issued to it (or its next one, once that is gone). */
    private BrowserCookie.State learnSessionCookie(BrowserCookie.State state, List<Cookies.Pair> cookies, List<Cookies.Set> set) {
        String remembered = state.sessionCookie();
        if (remembered != null && Cookies.value(cookies, remembered) != null) return state;
        for (Cookies.Set s : set) {
            if (!s.cleared() && config.isSessionCookie(s.name())) {
                return s.name().equals(remembered) ? state : state.withSessionCookie(s.name());
            }
        }
        return state;
    }

    /** Answers a shared cache may store never carry a browser's cookie. */
    static boolean sharedCacheable(Map<String, List<String>> headers) {
        List<String> values = headers.get("cache-control");
        if (values == null) return false;
        for (String v : values) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.contains("public") || lower.contains("s-maxage")) return true;
        }
        return false;
    }

    /**
     * The request's session.
     *
     * @param value the session cookie's value (only hashed)
     */
    public record Session(String id, String next, String source, String value) {}

    /**
     * The session cookie is the one the application issued: named in this answer's {@code Set-Cookie}, or remembered
     * by the browser cookie; a decoy of another name the client adds is ignored. Without either: listed exact names in
     * their order, then wildcards and the pattern in the request's order (the pattern alone is {@link #PATTERN}).
     */
    Session session(BrowserCookie.State state, List<Cookies.Pair> cookies, List<Cookies.Set> set) {
        Cookies.Set issued = null;
        for (Cookies.Set s : set) { // a loop, not a stream: this runs for every request, mostly with no Set-Cookie
            if (!s.cleared() && config.isSessionCookie(s.name())) {
                issued = s;
                break;
            }
        }
        String name = state != null ? state.sessionCookie() : null;
        if (issued != null && (name == null || Cookies.value(cookies, name) == null)) name = issued.name();
        String value = null;
        String source = null;
        if (name != null) {
            value = Cookies.value(cookies, name);
            if (value == null || value.isEmpty()) value = issued != null && issued.name().equals(name) ? issued.value() : null;
            source = value == null ? null : ISSUED;
        } else if (!cookies.isEmpty()) { // no cookie, no session: the lists are not walked for cookie-less clients
            for (String listed : config.sessionCookies()) { // listed names first, in their order
                if (listed.indexOf('*') >= 0) continue;
                for (Cookies.Pair c : cookies) {
                    if (c.name().equalsIgnoreCase(listed) && !c.value().isEmpty()) {
                        value = c.value();
                        source = LISTED;
                        break;
                    }
                }
                if (value != null) break;
            }
            for (int i = 0; value == null && i < cookies.size(); i++) { // then wildcards and the pattern, in the request's order
                Cookies.Pair c = cookies.get(i);
                if (c.value().isEmpty() || !config.isSessionCookie(c.name())) continue;
                value = c.value();
                source = config.listedSessionCookie(c.name()) ? LISTED : PATTERN;
            }
        }
        String id = value == null ? null : Identity.sessionId(value);
        String next = null;
        for (Cookies.Set s : set) {
            if (s.cleared() || !config.isSessionCookie(s.name())) continue;
            String started = Identity.sessionId(s.value());
            if (!started.equals(id) && !s.value().equals(Cookies.value(cookies, s.name()))) {
                next = started;
                break;
            }
        }
        return new Session(id, next, source, value);
    }

    private static void append(StringBuilder problems, String problem) {
        if (problem == null || problem.isEmpty()) return;
        problems.append(problems.isEmpty() ? "" : "; ").append(problem);
    }
}

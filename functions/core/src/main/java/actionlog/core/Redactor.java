package actionlog.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps secrets out of storage; every stored string of an event goes through exactly one of its methods, once.
 * The rules, documented in docs/EVENT_SCHEMA.md ("Privacy"):
 * <ol>
 * <li><b>Secret names</b> ({@link SecretNames}): a header, parameter or property whose name is listed, contains a
 * secret word, or has a short secret word as one of its words has its value replaced by {@value #REDACTED}. Parameter
 * names are percent-decoded (up to three times: {@code pass%2577ord}) and split at brackets and dots.</li>
 * <li><b>Special headers</b>: {@code Authorization} keeps its scheme, {@code Cookie} its cookie names,
 * {@code tracestate} and {@code baggage} their keys.</li>
 * <li><b>URLs</b>: a URL's password ({@code https://u:p@host}), query, fragment and path get the same rules wherever
 * a URL is found: URL-valued headers, parameter values (encoded or not: {@code ?return_to=https://x/cb?access_token=…}),
 * absolute-form targets.</li>
 * <li><b>Paths</b>: path parameters ({@code ;jsessionid=…}) by name; the segments after a reset, verify, confirm or
 * invite route ({@code /reset/<token>}) when they hold digits or are long.</li>
 * <li><b>Value shapes</b> ({@link SecretShapes}), in every stored string: JWTs, AWS key ids, random tokens of 128
 * bits or more, Luhn-valid card numbers, US social security numbers; with {@code maskContactDetails}, e-mail
 * addresses and phone numbers.</li>
 * </ol>
 * What stays is what support needs: auth schemes, cookie and parameter names, ids, trace ids, UUIDs, dates, versions.
 */
public final class Redactor {
    public static final String REDACTED = "[REDACTED]";
    /** Authorization schemes kept in clear ({@code Bearer [REDACTED]}); any other first word is redacted with the rest. */
    public static final Set<String> AUTH_SCHEMES = Set.of(
            "basic", "bearer", "digest", "negotiate", "ntlm", "aws4-hmac-sha256", "token", "hoba", "mutual", "dpop",
            "oauth", "apikey", "sharedkey", "sharedaccesssignature");
    /** Headers whose value is (or contains) a URL; any header value starting with a scheme or a slash is treated alike. */
    public static final Set<String> URL_HEADERS = Set.of(
            "referer", "location", "content-location", "origin", "x-original-url", "x-original-uri", "x-forwarded-uri",
            "x-forwarded-url", "x-rewrite-url", "x-referer", "x-forwarded-prefix");
    /** Headers of {@code key=value} lists whose values are vendors' or applications' opaque data: keys kept. */
    public static final Set<String> KEY_VALUE_HEADERS = Set.of("tracestate", "baggage");
    /** Path segments after which a token usually follows ({@code /reset/<token>}, {@code /verify-email/<id>/<hash>}). */
    public static final Set<String> TOKEN_ROUTES = Set.of(
            "reset", "verify", "verification", "confirm", "confirmation", "invite", "invitation", "activate", "activation",
            "unlock", "unsubscribe", "magic", "recover", "recovery", "password", "otp", "mfa", "2fa", "claim", "approve");
    /** Nested URLs and queries are followed this deep (a redirect target inside a redirect target…). */
    private static final int MAX_NESTING = 3;
    /** Header names seen are classified once; a hostile stream of new names stops being cached at this size. */
    private static final int MAX_CACHED_NAMES = 4096;

    /** A name's kind: its value is a secret; else the {@link SecretShapes} flags for its value, and maybe {@link #CONTACT}. */
    private static final int SECRET = -1;
    /** The name is a contact detail's and contact details are masked: the value is redacted whole. */
    private static final int CONTACT = 1 << 8;

    private final Set<String> headers;
    private final Set<String> params;
    private final boolean maskContacts;
    /**
     * Header and parameter (or property) names → their kind, classified once: the name rules cost more than the
     * value scan of a short value (decoding, lower-casing, splitting into words).
     */
    private final Map<String, Integer> headerKinds = new ConcurrentHashMap<>();
    private final Map<String, Integer> paramKinds = new ConcurrentHashMap<>();
    /** Header values stored unchanged, met again on the next requests of the same browsers. */
    private final CleanValues clean = new CleanValues();

    public Redactor(Set<String> headers, Set<String> params) {
        this(headers, params, false);
    }

    public Redactor(Set<String> headers, Set<String> params, boolean maskContacts) {
        this.headers = lower(headers);
        this.params = lower(params);
        this.maskContacts = maskContacts;
    }

    public Redactor(CaptureConfig config) {
        this(config.redactHeaders(), config.redactParams(), config.maskContactDetails());
    }

    /** The value to store for header {@code name} (lower case). */
    public String header(String name, String value) {
        if (value == null) return null;
        return header(headerRule(name), value);
    }

    /**
     * Which rule stores a header's values, decided once per name: a caller that meets the same names again keeps it
     * ({@link EventCapture} does, per header name), so each value costs one lookup instead of a name switch, the kind's
     * lookup and two set probes.
     *
     * @param form which special form applies ({@code AUTHORIZATION}, {@code COOKIE}…), else {@code PLAIN}
     * @param kind the name's kind: a secret's, or the value-shape flags
     */
    public record HeaderRule(int form, int kind) {}

    private static final int PLAIN = 0;
    private static final int AUTHORIZATION = 1;
    private static final int COOKIE = 2;
    private static final int SET_COOKIE = 3;
    private static final int KEY_VALUE = 4;
    private static final int URL = 5;

    /** The rule for header {@code name} (lower case). */
    public HeaderRule headerRule(String name) {
        int form = switch (name) {
            case "authorization", "proxy-authorization" -> AUTHORIZATION;
            case "cookie" -> COOKIE;
            case "set-cookie" -> SET_COOKIE;
            default -> KEY_VALUE_HEADERS.contains(name) ? KEY_VALUE : URL_HEADERS.contains(name) ? URL : PLAIN;
        };
        return new HeaderRule(form, form == AUTHORIZATION || form == COOKIE || form == SET_COOKIE ? 0 : headerKind(name));
    }

    /** The value to store for a header whose name has {@code rule}. */
    public String header(HeaderRule rule, String value) {
        if (value == null) return null;
        switch (rule.form()) {
            case AUTHORIZATION -> {
                return keepScheme(value);
            }
            case COOKIE -> {
                return cookieNames(value, value.length());
            }
            case SET_COOKIE -> { // the cookie itself, before its attributes
                int semi = value.indexOf(';');
                return cookieNames(value, semi < 0 ? value.length() : semi);
            }
            default -> { }
        }
        int kind = rule.kind();
        if (kind == SECRET || (kind & CONTACT) != 0) return REDACTED;
        if (rule.form() == KEY_VALUE) return keysOnly(value);
        int key = rule.form() << 16 | kind; // PLAIN or URL, and a kind of shape flags: both small
        if (clean.contains(key, value)) return value;
        String stored = rule.form() == URL || looksLikeUrl(value) ? url(value, 0) : SecretShapes.scrub(value, kind);
        if (stored == value) clean.add(key, value);
        return stored;
    }

    /** The query string with secret parameters' values redacted; order and encoding of the rest kept. */
    public String query(String rawQuery) {
        return query(rawQuery, 0);
    }

    /** A URL (absolute, scheme-relative or a path) with its password, path, query and fragment redacted. */
    public String url(String value) {
        return url(value, 0);
    }

    /** A request path: an absolute-form target as a URL, path parameters by name, token routes, value shapes. */
    public String path(String path) {
        if (path == null) return null;
        if (!path.startsWith("/")) return url(path, 0);
        return pathOnly(path, 0);
    }

    /** Any other stored string (a user agent, an action name, a content type): the value shapes only. */
    public String text(String value) {
        return SecretShapes.scrub(value, shapes(0));
    }

    /** Beacon properties as stored, and whether some were nested too deep and cut ({@link Limits#MAX_JSON_DEPTH}). */
    public record Properties(Map<String, Object> value, boolean depthCut) {}

    /**
     * Beacon properties: values under secret names redacted, other values as named values (shapes; the hex rule; ids
     * keep their value), names by the value shapes; nested at most {@link Limits#MAX_JSON_DEPTH} deep in the event,
     * where they sit at level 2: a deeper object or array becomes {@link Json#depthMarker()}.
     */
    public Properties properties(Map<?, ?> properties) {
        boolean[] cut = new boolean[1];
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) properties(properties, 0, 2, cut);
        return new Properties(value, cut[0]);
    }

    /** @param kind the kind of the name the value is under ({@link #paramKind}) */
    private Object properties(Object value, int kind, int depth, boolean[] cut) {
        if (value instanceof Map<?, ?> map) {
            if (depth > Limits.MAX_JSON_DEPTH || (map.size() == 1 && map.containsKey(Limits.TRUNCATED_DEPTH))) {
                cut[0] = true;
                return Json.depthMarker();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                int keyKind = paramKind(key);
                out.put(text(key), keyKind == SECRET && v != null ? REDACTED : properties(v, keyKind, depth + 1, cut));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            if (depth > Limits.MAX_JSON_DEPTH) {
                cut[0] = true;
                return Json.depthMarker();
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) out.add(properties(v, kind, depth + 1, cut));
            return out;
        }
        if (value instanceof String s) return namedValue(kind, s, 0);
        return value;
    }

    /** Whether a header or parameter name is a secret's by the built-in rules ({@link SecretNames}). */
    public static boolean isSecretName(String name) {
        return SecretNames.isSecret(name);
    }

    // --- names ---

    private int headerKind(String name) {
        Integer known = headerKinds.get(name);
        if (known != null) return known;
        int kind;
        if (EdgeProtocol.ORIGIN_SECRET_HEADER.equals(name) || headers.contains(name)
                || (SecretNames.isSecret(name) && !headers.contains(CaptureConfig.UNREDACT_PREFIX + name))) {
            kind = SECRET; // the origin secret whatever the configuration
        } else {
            kind = valueKind(name);
        }
        if (headerKinds.size() < MAX_CACHED_NAMES) headerKinds.put(name, kind);
        return kind;
    }

    /** The kind of a parameter or property name as sent (percent-encoded, any case). */
    private int paramKind(String rawName) {
        Integer known = paramKinds.get(rawName);
        if (known != null) return known;
        String decoded = decodeFully(rawName);
        int kind = isSecretParam(decoded) ? SECRET : valueKind(decoded);
        if (paramKinds.size() < MAX_CACHED_NAMES) paramKinds.put(rawName, kind);
        return kind;
    }

    /** The kind of a name that is not a secret's: ids keep random-looking values, others get the hex rule too. */
    private int valueKind(String name) {
        int kind = shapes(SecretNames.isId(name) ? SecretShapes.KEEP_RANDOM : SecretShapes.HEX);
        return maskContacts && SecretNames.isContact(name) ? kind | CONTACT : kind;
    }

    private int shapes(int flags) {
        return maskContacts ? flags | SecretShapes.CONTACTS : flags;
    }

    /** Whether a decoded parameter name is a secret's: listed, by the name rules, or by a part of it. */
    private boolean isSecretParam(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (params.contains(CaptureConfig.UNREDACT_PREFIX + lower)) return false; // taken off on purpose
        if (params.contains(lower) || SecretNames.isSecret(name)) return true;
        // user[password], password[], data.secret: any part that is a secret's name
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i < name.length() && name.charAt(i) != '[' && name.charAt(i) != ']' && name.charAt(i) != '.') continue;
            if (i > start && i - start < name.length()) {
                String part = name.substring(start, i);
                if (params.contains(part.toLowerCase(Locale.ROOT)) || SecretNames.isSecret(part)) return true;
            }
            start = i + 1;
        }
        return false;
    }

    // --- queries and named values ---

    private String query(String rawQuery, int depth) {
        if (rawQuery == null || rawQuery.isEmpty()) return rawQuery;
        StringBuilder out = null;
        int start = 0;
        int n = rawQuery.length();
        while (start <= n) {
            int end = start;
            while (end < n && rawQuery.charAt(end) != '&' && rawQuery.charAt(end) != ';') end++;
            int eq = Chars.indexOf(rawQuery, '=', start, end); // within the parameter: one pass over a query of many
            String stored; // null: the parameter stays as it came, and is not copied
            if (eq < 0) {
                String original = rawQuery.substring(start, end);
                String text = text(original);
                stored = text == original ? null : text;
            } else {
                String name = rawQuery.substring(start, eq);
                int kind = paramKind(name);
                if (kind == SECRET) {
                    stored = name + '=' + REDACTED;
                } else {
                    String value = rawQuery.substring(eq + 1, end);
                    String storedName = text(name);
                    String storedValue = namedValue(kind, value, depth);
                    // the rules hand back the same instance when nothing changed
                    stored = storedName == name && storedValue == value ? null : storedName + '=' + storedValue;
                }
            }
            if (out == null && stored != null) out = new StringBuilder(n + 16).append(rawQuery, 0, start);
            if (out != null) {
                if (stored == null) out.append(rawQuery, start, end);
                else out.append(stored);
                if (end < n) out.append(rawQuery.charAt(end));
            }
            start = end + 1;
        }
        return out == null ? rawQuery : out.toString();
    }

    /**
     * A parameter's (or property's) value: contact details by name when masked, a URL or query inside it (plain or
     * percent-encoded: redirect targets) by the URL rules, then the value shapes for its name.
     */
    private String namedValue(int kind, String raw, int depth) {
        if ((kind & CONTACT) != 0 && !raw.isEmpty()) return REDACTED;
        if (depth < MAX_NESTING && isUrlLike(raw)) {
            return url(raw, depth + 1); // ?return_to=https://x/cb?access_token=…: a nested URL, not percent-encoded
        }
        if (depth < MAX_NESTING && raw.indexOf('%') >= 0) {
            String decoded = decode(raw);
            if (!decoded.equals(raw)) {
                if ((kind & SecretShapes.KEEP_RANDOM) == 0 && isStandardBase64Token(decoded)) return REDACTED;
                String redacted = isUrlLike(decoded) ? url(decoded, depth + 1)
                        : decoded.indexOf('=') >= 0 ? query(decoded, depth + 1) : namedValue(kind, decoded, depth + 1);
                return redacted.equals(decoded) ? raw : encode(redacted);
            }
        }
        if ((kind & SecretShapes.KEEP_RANDOM) == 0 && isStandardBase64Token(raw)) return REDACTED;
        return SecretShapes.scrub(raw, kind);
    }

    private static boolean isUrlLike(String value) {
        return value.indexOf('?') >= 0 || value.indexOf('#') >= 0 || value.contains("://");
    }

    /** A whole value in standard base64 ({@code +}, {@code /}, padding) that looks random: split runs would hide it. */
    private static boolean isStandardBase64Token(String value) {
        int n = value.length();
        if (n < SecretShapes.MIN_RANDOM) return false;
        int end = n;
        while (end > 0 && n - end < 2 && value.charAt(end - 1) == '=') end--;
        boolean special = false;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '+' || c == '/') special = true;
            else if (!SecretShapes.isTokenChar(c)) return false;
        }
        return special && SecretShapes.isRandomToken(value, 0, end, end < n);
    }

    // --- URLs and paths ---

    private String url(String value, int depth) {
        int n = value.length();
        int pathStart = 0;
        int scheme = value.indexOf("://");
        String authority = "";
        if (scheme > 0 && isScheme(value, scheme)) {
            int authorityEnd = scheme + 3;
            while (authorityEnd < n && !endsAuthority(value.charAt(authorityEnd))) authorityEnd++;
            authority = value.substring(0, authorityEnd);
            pathStart = authorityEnd;
        } else if (value.startsWith("//")) {
            int authorityEnd = 2;
            while (authorityEnd < n && !endsAuthority(value.charAt(authorityEnd))) authorityEnd++;
            authority = value.substring(0, authorityEnd);
            pathStart = authorityEnd;
        }
        int question = value.indexOf('?', pathStart);
        int hash = value.indexOf('#', pathStart);
        int pathEnd = question >= 0 && (hash < 0 || question < hash) ? question : hash >= 0 ? hash : n;
        String storedAuthority = authority(authority);
        String path = value.substring(pathStart, pathEnd);
        String storedPath = pathOnly(path, depth);
        String query = null;
        String storedQuery = null;
        String fragment = null;
        String storedFragment = null;
        boolean hasQuery = pathEnd == question;
        if (hasQuery) {
            int queryEnd = hash > question ? hash : n;
            query = value.substring(question + 1, queryEnd);
            storedQuery = query(query, depth);
        }
        if (hash >= 0 && (!hasQuery || hash > question)) { // a ? after the # belongs to the fragment
            fragment = value.substring(hash + 1);
            storedFragment = fragment(fragment, depth);
        }
        // the rules hand back the same instance when nothing changed: the URL is then stored as it came
        if (storedAuthority == authority && storedPath == path && storedQuery == query && storedFragment == fragment) return value;
        StringBuilder out = new StringBuilder(n + 16).append(storedAuthority).append(storedPath);
        if (query != null) out.append('?').append(storedQuery);
        if (fragment != null) out.append('#').append(storedFragment);
        return out.toString();
    }

    private static boolean endsAuthority(char c) {
        return c == '/' || c == '?' || c == '#';
    }

    /** {@code scheme://user:password@host:port} with the password redacted (the user stays), and any token shape. */
    private String authority(String authority) {
        int at = authority.lastIndexOf('@');
        if (at < 0) return text(authority);
        int colon = authority.indexOf(':', authority.indexOf("//") + 2);
        if (colon < 0 || colon > at) return text(authority);
        return text(authority.substring(0, colon + 1)) + REDACTED + text(authority.substring(at));
    }

    /** A fragment: a query when it has parameters (implicit-flow tokens live here), else text. */
    private String fragment(String fragment, int depth) {
        return fragment.indexOf('=') >= 0 ? query(fragment, depth) : text(fragment);
    }

    private static boolean isScheme(String value, int colon) {
        for (int i = 0; i < colon; i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A path without query: each segment by the value shapes (file names of static assets keep random-looking names,
     * as content-hashed images do), its path parameters ({@code ;jsessionid=…}) by name, and the segments after a
     * {@link #TOKEN_ROUTES token route} redacted when they hold a digit and 4+ characters, or 16+ characters.
     */
    private String pathOnly(String path, int depth) {
        int n = path.length();
        if (n == 0) return path;
        StringBuilder out = null;
        boolean afterRoute = false;
        int start = 0;
        while (start <= n) {
            int end = path.indexOf('/', start);
            if (end < 0) end = n;
            String segment = path.substring(start, end);
            String stored = segment(segment, afterRoute, depth);
            if (out == null && stored != segment && !stored.equals(segment)) out = new StringBuilder(n + 16).append(path, 0, start);
            if (out != null) {
                out.append(stored);
                if (end < n) out.append('/');
            }
            if (isTokenRoute(segment)) afterRoute = true;
            start = end + 1;
        }
        return out == null ? path : out.toString();
    }

    private String segment(String segment, boolean afterRoute, int depth) {
        int semicolon = segment.indexOf(';');
        String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
        String stored;
        if (afterRoute && looksLikeRouteToken(name)) stored = REDACTED;
        else stored = SecretShapes.scrub(name, shapes(isAssetFileName(name) ? SecretShapes.KEEP_RANDOM : 0));
        if (semicolon < 0) return stored;
        return stored + ';' + query(segment.substring(semicolon + 1), depth); // matrix parameters: ;jsessionid=…;a=b
    }

    /** The longest word of {@link #TOKEN_ROUTES}: longer words are not looked up. */
    private static final int MAX_ROUTE_WORD = longest(TOKEN_ROUTES);

    private static int longest(Set<String> words) {
        int longest = 0;
        for (String word : words) longest = Math.max(longest, word.length());
        return longest;
    }

    /** {@link #TOKEN_ROUTES} by length: a word of the path is compared with the routes of its length, in place. */
    private static final String[][] ROUTES_BY_LENGTH = byLength(TOKEN_ROUTES);

    private static String[][] byLength(Set<String> words) {
        List<List<String>> lists = new ArrayList<>();
        for (int length = 0; length <= longest(words); length++) lists.add(new ArrayList<>());
        for (String word : words) lists.get(word.length()).add(word); // no lambda: this runs on a cold start
        String[][] out = new String[lists.size()][];
        for (int length = 0; length < out.length; length++) out[length] = lists.get(length).toArray(new String[0]);
        return out;
    }

    private static boolean isTokenRoute(String segment) {
        int n = segment.length();
        if (n < 3 || n > 40) return false;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && Character.isLetterOrDigit(segment.charAt(i))) continue;
            if (i - start >= 3 && i - start <= MAX_ROUTE_WORD) {
                char first = Character.toLowerCase(segment.charAt(start));
                for (String route : ROUTES_BY_LENGTH[i - start]) {
                    if ((route.charAt(0) == first || first > 127) && segment.regionMatches(true, start, route, 0, route.length())) return true;
                }
            }
            start = i + 1;
        }
        return false;
    }

    private static boolean looksLikeRouteToken(String segment) {
        if (segment.length() >= 16) return true;
        if (segment.length() < 4) return false;
        for (int i = 0; i < segment.length(); i++) {
            if (SecretShapes.isDigit(segment.charAt(i))) return true;
        }
        return false;
    }

    private static boolean isAssetFileName(String segment) {
        int dot = segment.lastIndexOf('.');
        return dot > 0 && RequestKind.ASSET_EXTENSIONS.contains(segment.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean looksLikeUrl(String value) {
        if (value.isEmpty()) return false;
        char first = value.charAt(0);
        return (first == '/' || ((first == 'h' || first == 'H') // most values: one comparison, no case-blind matching
                && (value.regionMatches(true, 0, "http://", 0, 7) || value.regionMatches(true, 0, "https://", 0, 8))))
                && (value.indexOf('?') >= 0 || value.indexOf('#') >= 0 || value.indexOf('@') >= 0 || value.indexOf(';') >= 0);
    }

    // --- special headers ---

    private static String keepScheme(String value) {
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        if (space > 0 && AUTH_SCHEMES.contains(trimmed.substring(0, space).toLowerCase(Locale.ROOT))) {
            return trimmed.substring(0, space) + " " + REDACTED;
        }
        return REDACTED;
    }

    /** {@code a=1; b=2} in {@code value[0, n)} → {@code a=[REDACTED]; b=[REDACTED]}: the names, as {@link Cookies} reads them. */
    private String cookieNames(String value, int n) {
        return cookieHeader(Cookies.parse(value, n, new ArrayList<>()));
    }

    /**
     * The stored Cookie header for the pairs {@link Cookies} read from it ({@code a=[REDACTED]; b=[REDACTED]}): what
     * {@link #header} stores for the header, for a caller that already has the pairs (identity reads them too).
     */
    public String cookieHeader(List<Cookies.Pair> pairs) {
        if (pairs.isEmpty()) return REDACTED;
        StringBuilder out = new StringBuilder(pairs.size() * 24);
        for (Cookies.Pair pair : pairs) {
            if (out.length() > 0) out.append("; ");
            out.append(text(pair.name())).append('=').append(REDACTED);
        }
        return out.toString();
    }

    /** {@code k1=v1,k2=v2;prop} → {@code k1=[REDACTED],k2=[REDACTED]}: the keys say which vendor; values are opaque. */
    private String keysOnly(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (String member : value.split(",")) {
            int eq = member.indexOf('=');
            if (out.length() > 0) out.append(',');
            out.append(eq < 0 ? text(member.trim()) : text(member.substring(0, eq).trim()) + '=' + REDACTED);
        }
        return out.toString();
    }

    // --- percent-encoding ---

    /** Decoded until it no longer changes, at most three times ({@code pass%2577ord} → {@code pass%77ord} → password). */
    private static String decodeFully(String raw) {
        String name = raw;
        for (int i = 0; i < MAX_NESTING && name.indexOf('%') >= 0; i++) {
            String decoded = decode(name);
            if (decoded.equals(name)) break;
            name = decoded;
        }
        if (name.indexOf('+') >= 0) name = name.replace('+', ' ');
        return name;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** Percent-encodes what would change the meaning of a parameter value; keeps {@value #REDACTED} readable. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:/[]@!$'()*,".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}

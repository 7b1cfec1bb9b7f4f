package actionlog.edge;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points what the origin's answer says about itself back at the edge, as nginx's {@code proxy_redirect default}
 * and {@code proxy_cookie_domain} do: an absolute {@code Location}, {@code Content-Location} or {@code Refresh}
 * URL on the origin's scheme, host and port becomes the same URL on the viewer's scheme, host and port, and a
 * cookie's {@code Domain=} naming the origin's host names the viewer's host. Bodies are never rewritten.
 */
public final class ResponseRewriter {
    private static final Pattern REFRESH_URL = Pattern.compile("(?i)(url\\s*=\\s*['\"]?)([^'\"\\s;]+)");
    private static final Pattern COOKIE_DOMAIN = Pattern.compile("(?i)(;\\s*domain\\s*=\\s*)(\\.?)([^;\\s]+)");

    private final String originScheme;
    private final String originHost;
    private final int originPort;

    public ResponseRewriter(URI origin) {
        this.originScheme = origin.getScheme().toLowerCase(Locale.ROOT);
        this.originHost = origin.getHost().toLowerCase(Locale.ROOT);
        this.originPort = port(originScheme, origin.getPort());
    }

    /** The response with its self-references moved to {@code viewerScheme://viewerHost} (host with optional port). */
    public EdgeResponse rewrite(EdgeResponse response, String viewerScheme, String viewerHost) {
        if (viewerHost == null || viewerHost.isEmpty()) return response;
        String scheme = viewerScheme == null ? "https" : viewerScheme;
        Map<String, List<String>> headers = null;
        for (String name : List.of("location", "content-location", "refresh", "set-cookie")) {
            List<String> values = response.headers().get(name);
            if (values == null) continue;
            List<String> changed = new ArrayList<>(values.size());
            boolean any = false;
            for (String value : values) {
                String out = switch (name) {
                    case "refresh" -> refresh(value, scheme, viewerHost);
                    case "set-cookie" -> cookie(value, viewerHost);
                    default -> url(value, scheme, viewerHost);
                };
                any |= !out.equals(value);
                changed.add(out);
            }
            if (any) {
                if (headers == null) headers = new LinkedHashMap<>(response.headers());
                headers.put(name, changed);
            }
        }
        return headers == null ? response : new EdgeResponse(response.status(), headers, response.body());
    }

    /** An absolute or scheme-relative URL on the origin, moved to the viewer; anything else unchanged. */
    String url(String value, String viewerScheme, String viewerHost) {
        Target t = target(value);
        if (t == null || !pointsAtOrigin(t.scheme(), t.authority())) return value;
        return (t.scheme() == null ? "//" : viewerScheme + "://") + viewerHost + value.trim().substring(t.end());
    }

    /** Whether a URL's scheme (null: scheme-relative) and authority name the origin exactly (default ports equal). */
    boolean pointsAtOrigin(String scheme, String authority) {
        return sameAddress(scheme == null ? originScheme : scheme, authority, originScheme, originHost, originPort);
    }

    /**
     * Whether following a URL (already rewritten) takes the browser off the edge to the origin: it names the
     * origin's host, whatever scheme or port, and it is not the edge's own address {@code viewerScheme://viewerHost}
     * (scheme, host and port compared; a missing port is the scheme's default). A redirect to the edge itself is no
     * escape, even where edge and origin share a host name, as both do on 127.0.0.1 locally.
     */
    boolean leavesEdge(String value, String viewerScheme, String viewerHost) {
        Target t = target(value);
        if (t == null || !hostOf(withoutUserinfo(t.authority())).equals(originHost)) return false;
        if (viewerHost == null || viewerHost.isEmpty()) return true;
        String edgeScheme = viewerScheme == null ? "https" : viewerScheme.toLowerCase(Locale.ROOT);
        String edge = viewerHost.toLowerCase(Locale.ROOT);
        return !sameAddress(t.scheme() == null ? edgeScheme : t.scheme(), t.authority(), edgeScheme, hostOf(edge), portOf(edgeScheme, edge));
    }

    /** Scheme (null when scheme-relative), authority and where the authority ends, of an http(s) or {@code //} URL. */
    private record Target(String scheme, String authority, int end) {}

    /** The target of an absolute or scheme-relative http(s) URL, or null for anything else (a path, mailto:, ...). */
    private static Target target(String value) {
        String trimmed = value.trim();
        int authorityStart;
        String scheme;
        if (trimmed.startsWith("//")) {
            scheme = null;
            authorityStart = 2;
        } else {
            int colon = trimmed.indexOf("://");
            if (colon <= 0) return null;
            scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return null;
            authorityStart = colon + 3;
        }
        int end = authorityStart;
        while (end < trimmed.length() && "/?#".indexOf(trimmed.charAt(end)) < 0) end++;
        return new Target(scheme, trimmed.substring(authorityStart, end), end);
    }

    /** Whether {@code scheme://authority} is {@code wantScheme://wantHost:wantPort}; userinfo is ignored. */
    private static boolean sameAddress(String scheme, String authority, String wantScheme, String wantHost, int wantPort) {
        if (!scheme.equals(wantScheme)) return false;
        String a = withoutUserinfo(authority);
        return hostOf(a).equals(wantHost) && portOf(scheme, a) == wantPort;
    }

    private static String withoutUserinfo(String authority) {
        String a = authority.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        return at >= 0 ? a.substring(at + 1) : a;
    }

    String refresh(String value, String viewerScheme, String viewerHost) {
        Matcher m = REFRESH_URL.matcher(value);
        if (!m.find()) return value;
        String moved = url(m.group(2), viewerScheme, viewerHost);
        return moved.equals(m.group(2)) ? value : value.substring(0, m.start(2)) + moved + value.substring(m.end(2));
    }

    /** The URL a {@code Refresh} value sends the browser to, or null. */
    static String refreshUrl(String value) {
        Matcher m = REFRESH_URL.matcher(value);
        return m.find() ? m.group(2) : null;
    }

    String cookie(String value, String viewerHost) {
        Matcher m = COOKIE_DOMAIN.matcher(value);
        if (!m.find() || !m.group(3).toLowerCase(Locale.ROOT).equals(originHost)) return value;
        String viewerName = hostOf(viewerHost.toLowerCase(Locale.ROOT));
        if (viewerName.startsWith("[")) viewerName = viewerName.substring(1, viewerName.length() - 1);
        return value.substring(0, m.start(2)) + m.group(2) + viewerName + value.substring(m.end(3));
    }

    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(1, close) : authority;
        }
        int colon = authority.lastIndexOf(':');
        return colon >= 0 ? authority.substring(0, colon) : authority;
    }

    private static int portOf(String scheme, String authority) {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon > close && colon < authority.length() - 1) {
            try {
                return Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return -2;
            }
        }
        return port(scheme, -1);
    }

    private static int port(String scheme, int port) {
        return port > 0 ? port : "https".equals(scheme) ? 443 : 80;
    }
}

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
        String trimmed = value.trim();
        int authorityStart;
        String scheme;
        if (trimmed.startsWith("//")) {
            scheme = null;
            authorityStart = 2;
        } else {
            int colon = trimmed.indexOf("://");
            if (colon <= 0) return value;
            scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return value;
            authorityStart = colon + 3;
        }
        int end = authorityStart;
        while (end < trimmed.length() && "/?#".indexOf(trimmed.charAt(end)) < 0) end++;
        String authority = trimmed.substring(authorityStart, end);
        if (!pointsAtOrigin(scheme, authority)) return value;
        return (scheme == null ? "//" : viewerScheme + "://") + viewerHost + trimmed.substring(end);
    }

    /** Whether a URL's scheme (null: scheme-relative) and authority name the origin exactly (default ports equal). */
    boolean pointsAtOrigin(String scheme, String authority) {
        String s = scheme == null ? originScheme : scheme;
        if (!s.equals(originScheme)) return false;
        String a = authority.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at >= 0) a = a.substring(at + 1);
        String host = hostOf(a);
        return host.equals(originHost) && portOf(s, a) == originPort;
    }

    /** Whether a URL names the origin's host, whatever scheme or port: the browser would leave the edge. */
    boolean namesOriginHost(String value) {
        String trimmed = value.trim();
        int start = trimmed.startsWith("//") ? 2 : trimmed.indexOf("://") > 0 ? trimmed.indexOf("://") + 3 : -1;
        if (start < 0) return false;
        int end = start;
        while (end < trimmed.length() && "/?#".indexOf(trimmed.charAt(end)) < 0) end++;
        String a = trimmed.substring(start, end).toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        return hostOf(at >= 0 ? a.substring(at + 1) : a).equals(originHost);
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

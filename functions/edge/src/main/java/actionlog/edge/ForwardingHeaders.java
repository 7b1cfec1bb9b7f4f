package actionlog.edge;

import actionlog.core.CaptureConfig;
import actionlog.core.ViewerRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The forwarding headers the origin receives, each exactly once. {@code X-Forwarded-For} is the chain the trusted
 * proxies in front of the edge built ({@code trustedProxyHops}; nothing a client wrote itself) ending with the
 * address the edge saw; {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} are the viewer's host and scheme;
 * {@code Forwarded} (RFC 7239) says the same in one header.
 */
public final class ForwardingHeaders {
    /** Incoming headers the edge replaces; a client must not be able to add to them. */
    public static final Set<String> REPLACED = Set.of("x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded");

    private ForwardingHeaders() {}

    public static Map<String, String> of(ViewerRequest request, CaptureConfig config) {
        // CloudFront, when trusted, is one more proxy in front that appended the viewer's address
        List<String> chain = chain(request, config.trustedProxyHops() + (config.trustCloudFrontHeaders() ? 1 : 0));
        String host = request.host();
        String proto = request.scheme() == null ? "https" : request.scheme();
        Map<String, String> out = new LinkedHashMap<>();
        if (!chain.isEmpty()) out.put("x-forwarded-for", String.join(", ", chain));
        if (host != null) out.put("x-forwarded-host", host);
        out.put("x-forwarded-proto", proto);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            String element = "for=" + node(chain.get(i));
            if (i == chain.size() - 1) {
                element += (host == null ? "" : ";host=" + quoted(host)) + ";proto=" + proto;
            }
            elements.add(element);
        }
        if (elements.isEmpty()) elements.add((host == null ? "" : "host=" + quoted(host) + ";") + "proto=" + proto);
        out.put("forwarded", String.join(", ", elements));
        return out;
    }

    /**
     * The addresses the trusted proxies appended, oldest first, ending with the peer the edge saw. With no trusted
     * hop that is the peer alone; entries before the trusted part (anything a client wrote) are dropped.
     */
    static List<String> chain(ViewerRequest request, int trustedHops) {
        List<String> hops = new ArrayList<>();
        List<String> values = request.headers().get("x-forwarded-for");
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) if (!part.isBlank()) hops.add(part.trim());
            }
        }
        // the same trusted part ClientAddress takes the client from: its first entry is the client
        List<String> kept = new ArrayList<>(hops.subList(Math.max(0, hops.size() - trustedHops), hops.size()));
        String peer = request.sourceIp();
        // a Function URL (and the local adapter, which plays one) appends the peer itself: never twice
        if (peer != null && (kept.isEmpty() || !kept.get(kept.size() - 1).equals(peer))) kept.add(peer);
        return kept;
    }

    /** An RFC 7239 node: IPv6 literals in brackets and quotes, anything not a token quoted. */
    private static String node(String address) {
        if (address.indexOf(':') >= 0 && !address.startsWith("[")) return "\"[" + address + "]\"";
        return quoted(address);
    }

    private static String quoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return value;
    }
}

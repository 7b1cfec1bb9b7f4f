package actionlog.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the client address from the viewer address the CloudFront function wrote, X-Forwarded-For with trusted
 * hops, or the socket; anonymizes.
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String resolve(ViewerRequest request, CaptureConfig config) {
        if (config.trustCloudFrontHeaders()) {
            // written by our viewer-request function from event.viewer.ip (never a port), overwriting the client's
            String viewer = trim(request.header(EdgeProtocol.VIEWER_ADDRESS_HEADER));
            if (isIpLiteral(viewer)) return viewer;
        }
        if (config.trustedProxyHops() > 0) {
            List<String> hops = new ArrayList<>();
            List<String> values = request.headers().get("x-forwarded-for");
            if (values != null) {
                for (String v : values) {
                    for (String part : v.split(",")) {
                        if (!part.isBlank()) hops.add(part.trim());
                    }
                }
            }
            if (!hops.isEmpty()) {
                // Each trusted proxy appended the address it saw; the client is the one the outermost appended.
                String candidate = hops.get(Math.max(0, hops.size() - config.trustedProxyHops()));
                if (isIpLiteral(candidate)) return candidate;
            }
        }
        return request.sourceIp();
    }

    /** Whether the request asks not to be tracked (Do Not Track or Global Privacy Control). */
    public static boolean privacySignal(ViewerRequest request) {
        return "1".equals(trim(request.header("dnt"))) || "1".equals(trim(request.header("sec-gpc")));
    }

    /** IPv4 keeps its /24, IPv6 its /48; anything else is returned unchanged. */
    public static String anonymize(String address) {
        if (!isIpLiteral(address)) return address;
        if (address.indexOf(':') < 0) {
            int last = address.lastIndexOf('.');
            return address.substring(0, last) + ".0";
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            for (int i = 6; i < bytes.length; i++) bytes[i] = 0;
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** An address without its port: {@code [v6]:port}, {@code v4:port}. */
    static String stripPort(String value) {
        if (value == null) return null;
        value = value.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(1, end) : value;
        }
        int colon = value.lastIndexOf(':');
        return colon > 0 ? value.substring(0, colon) : value; // CloudFront writes IPv6 with its port unbracketed
    }

    /** A syntactic check only: digits, dots and hex with colons; never triggers a DNS lookup. */
    static boolean isIpLiteral(String value) {
        if (value == null || value.isEmpty() || value.length() > 45) return false;
        boolean colon = false;
        int dots = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':') colon = true;
            else if (c == '.') dots++;
            else if (Character.digit(c, 16) < 0) return false;
        }
        if (colon) return true;
        if (dots != 3) return false;
        for (String octet : value.split("\\.")) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(octet) > 255) return false;
        }
        return true;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}

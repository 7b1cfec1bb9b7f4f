package actionlog.edge;

import actionlog.core.CaptureConfig;
import actionlog.core.Env;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Edge settings, read once from the environment the CDK app writes.
 *
 * @param queueUrl     where events go
 * @param origin       the application to proxy to; null means collect mode (answer 204)
 * @param originSecret the value CloudFront sends in {@link EdgeService#SECRET_HEADER}; null disables the check
 * @param corsOrigins  origins allowed to post beacons ("*" for any)
 * @param sendTimeout  how long a send may take before the event goes to the fallback sink
 * @param originTimeout how long the origin may take to answer
 * @param originHost   which Host the origin receives (see {@link OriginHost})
 */
public record EdgeConfig(
        String queueUrl,
        URI origin,
        String originSecret,
        List<String> corsOrigins,
        Duration sendTimeout,
        Duration originTimeout,
        CaptureConfig capture,
        OriginHost originHost) {

    /**
     * The Host header the origin receives. {@code VIEWER} (the default): the viewer's, as CloudFront sends it to a
     * custom origin when Host is forwarded, so the application builds its absolute URLs and cookies for the address
     * the browser uses. {@code ORIGIN}: the origin's own (for origins that route by Host, such as a shared load
     * balancer); absolute URLs and cookie domains naming the origin are then rewritten to the viewer's.
     */
    public enum OriginHost {
        VIEWER, ORIGIN;

        public static OriginHost parse(String value) {
            for (OriginHost h : values()) if (h.name().equalsIgnoreCase(value.trim())) return h;
            throw new IllegalStateException(SettingCatalog.ORIGIN_HOST.env() + "=" + value + " is not a choice; use viewer (the "
                    + "viewer's Host, the default) or origin (the origin's own host)");
        }
    }

    public static EdgeConfig fromEnvironment(Settings s, String originSecret) {
        String queue = s.required(Env.QUEUE_URL, "the CDK stack sets it; locally `./actionlog local` does");
        String origin = s.get(SettingCatalog.ORIGIN);
        CaptureConfig capture = CaptureConfig.fromEnvironment(s);
        if (capture.trustCloudFrontHeaders() && originSecret == null) {
            // the viewer-address header is trusted only on requests that carry the origin secret
            throw new IllegalStateException(Env.TRUST_CLOUDFRONT_HEADERS + "=true needs " + Env.ORIGIN_SECRET_ARN
                    + ": without the origin secret any client could send the viewer-address header; the CDK stack sets both");
        }
        return new EdgeConfig(queue, origin == null ? null : parseOrigin(origin), originSecret,
                s.get(SettingCatalog.CORS_ORIGINS),
                Duration.ofMillis(s.get(SettingCatalog.SEND_TIMEOUT_MS)),
                Duration.ofMillis(s.get(SettingCatalog.ORIGIN_TIMEOUT_MS)),
                capture,
                OriginHost.parse(s.get(SettingCatalog.ORIGIN_HOST)));
    }

    static URI parseOrigin(String value) {
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SettingCatalog.ORIGIN.env() + "=" + value + " is not a URL; set e.g. https://app.example.com", e);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalStateException(SettingCatalog.ORIGIN.env() + "=" + value
                    + " must be an absolute http(s) URL such as https://app.example.com");
        }
        return uri;
    }

    public boolean proxyMode() {
        return origin != null;
    }
}

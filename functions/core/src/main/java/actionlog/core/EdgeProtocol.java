package actionlog.core;

/** What the edge answers on its own and the header CloudFront proves itself with: shared by the edge, CDK and CLI. */
public final class EdgeProtocol {
    private EdgeProtocol() {}

    /** Header CloudFront adds with the origin secret; the edge refuses requests without it, never forwards or stores it. */
    public static final String ORIGIN_SECRET_HEADER = "x-actionlog-origin-secret";

    /**
     * Headers the CloudFront viewer-request function writes from what CloudFront itself knows, overwriting any value
     * the client sent: the viewer's address ({@code event.viewer.ip}, no port) and, where CloudFront provides
     * {@code CloudFront-Viewer-Country}, the country code. The edge trusts them only behind CloudFront, on requests
     * that carry the origin secret.
     */
    public static final String VIEWER_ADDRESS_HEADER = "x-actionlog-viewer-address";
    public static final String VIEWER_COUNTRY_HEADER = "x-actionlog-viewer-country";

    /** Response header in which the application names the signed-in user; stripped before the viewer sees it. */
    public static final String IDENTITY_RESPONSE_HEADER = "X-Actionlog-User";

    /** W3C Trace Context header the edge continues and passes to the origin (see TraceContext). */
    public static final String TRACEPARENT_HEADER = "traceparent";

    /** Beacon and health paths served by the edge function itself. */
    public static final String COLLECT_PATH = "/_actionlog/collect";
    public static final String HEALTH_PATH = "/_actionlog/health";
}

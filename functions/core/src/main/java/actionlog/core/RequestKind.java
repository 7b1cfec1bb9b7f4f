package actionlog.core;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What a request was, from the browser's own Fetch Metadata ({@code Sec-Fetch-Dest}, {@code Sec-Fetch-Mode}),
 * the method, {@code Content-Type}, {@code Accept}, and the path's extension as the fallback for clients that
 * send no Fetch Metadata (curl, older browsers). Stored as {@code actionlog.request_kind}; support tools show
 * actions and fold the assets of each page under it.
 */
public final class RequestKind {
    public static final String NAVIGATION = "navigation";
    public static final String FORM_SUBMIT = "form_submit";
    public static final String API = "api";
    public static final String ASSET = "asset";
    public static final String BEACON = "beacon";

    /** Path extensions of static files, for requests without Fetch Metadata. */
    static final Set<String> ASSET_EXTENSIONS = Set.of("js", "mjs", "css", "map", "png", "jpg", "jpeg", "gif", "svg",
            "ico", "webp", "avif", "bmp", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "webm", "ogg", "wav",
            "wasm", "webmanifest");
    /** Sec-Fetch-Dest values of a page load; every other non-empty destination is a subresource (asset). */
    private static final Set<String> DOCUMENTS = Set.of("document", "iframe", "frame", "embed", "object");

    private RequestKind() {}

    public static String of(ViewerRequest request) {
        return classify(request.method(), request.path(), request::header);
    }

    /** The stored kind, or, for events captured before kinds existed, the kind from their stored headers. */
    public static String of(ActionEvent event) {
        String stored = event.string(ActionEvent.F_REQUEST_KIND);
        if (stored != null) return stored;
        if (ActionEvent.KIND_BEACON.equals(event.string(ActionEvent.F_KIND))) return BEACON;
        return classify(event.string(ActionEvent.F_METHOD), event.string(ActionEvent.F_PATH),
                name -> event.string(ActionEvent.F_HEADER_PREFIX + name));
    }

    static String classify(String method, String path, Function<String, String> header) {
        String m = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        boolean read = m.equals("GET") || m.equals("HEAD");
        if (EdgeProtocol.COLLECT_PATH.equals(path)) return BEACON;
        String contentType = lower(header.apply("content-type"));
        if (contentType.startsWith("text/ping") || header.apply("ping-to") != null) return BEACON; // <a ping>
        String dest = lower(header.apply("sec-fetch-dest"));
        String mode = lower(header.apply("sec-fetch-mode"));
        if (!dest.isEmpty()) {
            if (DOCUMENTS.contains(dest)) return read ? NAVIGATION : FORM_SUBMIT;
            if (dest.equals("empty")) {
                // navigator.sendBeacon: a POST in no-cors mode (a string or form body); fetch/XHR use cors or same-origin
                return m.equals("POST") && mode.equals("no-cors") ? BEACON : API;
            }
            return ASSET;
        }
        if (mode.equals("navigate")) return read ? NAVIGATION : FORM_SUBMIT;
        String accept = lower(header.apply("accept"));
        boolean wantsHtml = accept.contains("text/html");
        if (!read) {
            boolean form = contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data");
            return form && wantsHtml ? FORM_SUBMIT : API;
        }
        if (ASSET_EXTENSIONS.contains(extension(path))) return ASSET;
        if ("xmlhttprequest".equals(lower(header.apply("x-requested-with")))) return API;
        if (wantsHtml) return NAVIGATION;
        if (accept.startsWith("image/") || accept.startsWith("text/css") || accept.startsWith("font/")
                || accept.startsWith("video/") || accept.startsWith("audio/")) return ASSET;
        return API;
    }

    private static String extension(String path) {
        if (path == null) return "";
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}

package actionlog.edge;

import actionlog.core.ActionEvent;
import actionlog.core.CaptureConfig;
import actionlog.core.Cookies;
import actionlog.core.Identity;
import actionlog.core.IdentityResolver;
import actionlog.core.ViewerRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy's side of identity: what the origin receives and what the viewer gets back. A viewer cannot speak for
 * the origin: request headers named like the identity response header (or, spelt differently, like the trusted
 * identity header), with {@code _} and {@code -} alike, are removed before the request is forwarded, and so is the
 * edge's own browser cookie. Once the origin answered, {@link IdentityResolver} decides; the identity header is
 * removed from the answer and the browser cookie added to it when the decision changed it.
 */
final class OriginIdentity {
    private final CaptureConfig config;
    private final IdentityResolver resolver;
    private final String header;

    OriginIdentity(CaptureConfig config, IdentityResolver resolver) {
        this.config = config;
        this.resolver = resolver;
        this.header = config.identityResponseHeader();
    }

    /** A header name with {@code _} and {@code -} alike and in lower case: how many applications and proxies read it. */
    static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The request as the origin gets it: without a viewer's copy of the identity headers, without the browser cookie. */
    ViewerRequest forwarded(ViewerRequest request) {
        String response = header == null ? null : normalized(header);
        String trusted = config.identityHeader() == null ? null : normalized(config.identityHeader());
        Map<String, List<String>> headers = null;
        for (String name : request.headers().keySet()) {
            String n = normalized(name);
            if (n.equals(response) || (n.equals(trusted) && !name.equals(config.identityHeader()))) {
                if (headers == null) headers = new LinkedHashMap<>(request.headers());
                headers.remove(name);
            }
        }
        ViewerRequest out = headers == null ? request : new ViewerRequest(request.requestId(), request.receivedAtMs(),
                request.method(), request.scheme(), request.host(), request.path(), request.rawQuery(), headers,
                request.sourceIp(), request.bodySize());
        return resolver.cookie() == null ? out : Cookies.without(out, resolver.cookie().name());
    }

    /** Records on the event who made the request, now that the answer is known; returns the answer the viewer gets. */
    EdgeResponse apply(ActionEvent event, IdentityResolver.Pending pending, ViewerRequest request, byte[] body, EdgeResponse response) {
        List<String> named = header == null ? null : response.headers().get(header);
        String setCookie = null;
        try {
            StringBuilder problems = new StringBuilder();
            Identity fromOrigin = Identity.fromOrigin(named, header, problems);
            IdentityResolver.Decision decision = resolver.decide(pending, request, body, response.status(), response.headers(),
                    fromOrigin, problems.toString());
            decision.writeTo(event);
            setCookie = decision.setCookie();
        } catch (RuntimeException e) { // never break the answer over identity
            event.put(ActionEvent.F_IDENTITY_ERROR, "origin identity not read: " + e);
        }
        if (named == null && setCookie == null) return response;
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        if (named != null) headers.remove(header);
        if (setCookie != null) {
            List<String> cookies = new ArrayList<>(headers.getOrDefault("set-cookie", List.of()));
            cookies.add(setCookie);
            headers.put("set-cookie", cookies);
        }
        return new EdgeResponse(response.status(), headers, response.body());
    }
}

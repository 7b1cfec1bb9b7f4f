package actionlog.edge;

import actionlog.core.ActionEvent;
import actionlog.core.CaptureConfig;
import actionlog.core.Identity;
import actionlog.core.LoginForm;
import actionlog.core.ViewerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the origin's answer says about who is signed in, in proxy mode: the identity response header (recorded, then
 * removed from the response so the viewer never sees it), the login form when the origin accepted the sign-in, and
 * the session a {@code Set-Cookie} starts. A viewer cannot speak for the origin: a request header of the identity
 * header's name is removed before the request is forwarded.
 */
final class OriginIdentity {
    private final CaptureConfig config;
    private final String header;
    private final LoginForm loginForm;

    OriginIdentity(CaptureConfig config) {
        this.config = config;
        this.header = config.identityResponseHeader();
        this.loginForm = config.loginForm();
    }

    /** The request as the origin gets it: without a viewer's copy of the identity header. */
    ViewerRequest forwarded(ViewerRequest request) {
        if (header == null || !request.headers().containsKey(header)) return request;
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.remove(header);
        return new ViewerRequest(request.requestId(), request.receivedAtMs(), request.method(), request.scheme(),
                request.host(), request.path(), request.rawQuery(), headers, request.sourceIp(), request.bodySize());
    }

    /** Records on the event what the answer tells about identity and session; returns the answer without the header. */
    EdgeResponse apply(ActionEvent event, ViewerRequest request, byte[] body, EdgeResponse response) {
        List<String> named = header == null ? null : response.headers().get(header);
        try {
            String started = Identity.sessionSet(response.headers().get("set-cookie"), config);
            if (started != null) {
                if (event.sessionId() == null) event.put(ActionEvent.F_SESSION, started);
                else if (!started.equals(event.sessionId())) event.put(ActionEvent.F_SESSION_NEXT, started);
            }
            StringBuilder problems = new StringBuilder();
            Identity identity = Identity.fromOrigin(named, header, problems);
            if (identity == null && loginForm != null && response.status() >= 200 && response.status() < 400
                    && event.sessionId() != null && loginForm.matches(request)) {
                identity = Identity.named(loginForm.value(request.header("content-type"), body), Identity.LOGIN_FORM,
                        "login form field " + loginForm.field(), problems);
            }
            if (identity != null) new Identity(identity.userId(), identity.source(), problems.isEmpty() ? null : problems.toString()).writeTo(event);
            else if (!problems.isEmpty()) event.put(ActionEvent.F_IDENTITY_ERROR, problems.toString());
        } catch (RuntimeException e) { // never break the answer over identity
            event.put(ActionEvent.F_IDENTITY_ERROR, "origin identity not read: " + e);
        }
        if (named == null) return response;
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.remove(header);
        return new EdgeResponse(response.status(), headers, response.body());
    }
}

package actionlog.core;

import java.util.Locale;

/**
 * When an application accepted a sign-in, and when a browser signed out: evidence read from the application's answer,
 * never from what the viewer sent.
 *
 * @param success          {@code auto}, {@code session-cookie} or {@code redirect} (see {@link #parse})
 * @param redirectPrefix   with {@code redirect}: the path a successful sign-in redirects under
 * @param signOutMethod    with a configured sign-out request: its method, else null ({@code auto})
 * @param signOutPath      with a configured sign-out request: its path ({@code *} at the end matches a prefix)
 */
public record SignInRules(String success, String redirectPrefix, String signOutMethod, String signOutPath) {
    public static final String AUTO = "auto";
    public static final String SESSION_COOKIE = "session-cookie";
    public static final String REDIRECT = "redirect";
    public static final SignInRules DEFAULT = new SignInRules(AUTO, null, null, null);

    /**
     * @param loginSuccess {@code auto} (default): the answer issues or rotates a session cookie, or redirects somewhere
     *                     other than the form; a redirect back to the form is a failure either way. {@code session-cookie}:
     *                     only the former. {@code redirect:/prefix}: only a 3xx to a path under the prefix (for apps that
     *                     re-issue their session cookie on every answer)
     * @param signOut      {@code auto} (default): an answer that clears a session cookie the request carried, or
     *                     replaces it outside an accepted sign-in; {@code METHOD /path}: that request, and replaced
     *                     session cookies are followed (cookie-store sessions re-encrypt on every write)
     */
    public static SignInRules parse(String loginSuccess, String signOut) {
        String success = AUTO;
        String prefix = null;
        if (loginSuccess != null) {
            String v = loginSuccess.trim();
            if (v.equalsIgnoreCase(AUTO) || v.equalsIgnoreCase(SESSION_COOKIE)) {
                success = v.toLowerCase(Locale.ROOT);
            } else if (v.regionMatches(true, 0, REDIRECT + ":/", 0, REDIRECT.length() + 2)) {
                success = REDIRECT;
                prefix = v.substring(REDIRECT.length() + 1);
            } else {
                throw new IllegalStateException(SettingCatalog.LOGIN_SUCCESS.env() + "=" + loginSuccess + " is not a rule; set auto, "
                        + "session-cookie, or redirect:/path (the path a successful sign-in redirects under)");
            }
        }
        String method = null;
        String path = null;
        if (signOut != null && !signOut.trim().equalsIgnoreCase(AUTO)) {
            String[] parts = signOut.trim().split("\\s+");
            if (parts.length != 2 || !parts[0].matches("[A-Za-z]+") || !parts[1].startsWith("/")) {
                throw new IllegalStateException(SettingCatalog.SIGN_OUT.env() + "=" + signOut + " is not 'auto' or 'METHOD /path'; set e.g. "
                        + "POST /logout");
            }
            method = parts[0].toUpperCase(Locale.ROOT);
            path = parts[1];
        }
        return new SignInRules(success, prefix, method, path);
    }

    /** Whether this request is the configured sign-out request. */
    public boolean isSignOut(ViewerRequest request) {
        return signOutMethod != null && signOutMethod.equals(request.method()) && pathMatches(signOutPath, request.path());
    }

    /** Whether sign-outs are detected from the answer's cookies (no sign-out request configured). */
    public boolean autoSignOut() {
        return signOutMethod == null;
    }

    static boolean pathMatches(String pattern, String path) {
        return pattern.endsWith("*") ? path.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(path);
    }
}

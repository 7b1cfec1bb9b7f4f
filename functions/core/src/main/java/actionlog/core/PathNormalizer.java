package actionlog.core;

/**
 * The path as the application resolves it, for the search index and the path filters (RFC 3986 §6.2.2): the path of an
 * absolute-form target ({@code GET http://host/products/1}), percent-escapes of unreserved characters decoded
 * ({@code /products/%31} → {@code /products/1}) and the other escapes' hex upper-cased, repeated slashes merged as
 * nginx does by default ({@code merge_slashes on}; switch off with {@link SettingCatalog#MERGE_SLASHES}), then dot segments
 * removed (§5.2.4: {@code /x/../products/./1} → {@code /products/1}). The event keeps the target as received; only
 * the keys and filter attributes use this form, and a search normalises its prefix the same way, so every spelling
 * of one resource is found by one prefix.
 */
public final class PathNormalizer {
    /** From the environment ({@link SettingCatalog#MERGE_SLASHES}), read once: the consumer writing keys and the CLI searching them. */
    public static final PathNormalizer DEFAULT = fromEnvironment(Settings.fromEnvironment());

    private final boolean mergeSlashes;

    public PathNormalizer(boolean mergeSlashes) {
        this.mergeSlashes = mergeSlashes;
    }

    public static PathNormalizer fromEnvironment(Settings settings) {
        return new PathNormalizer(settings.get(SettingCatalog.MERGE_SLASHES));
    }

    public boolean mergeSlashes() {
        return mergeSlashes;
    }

    /** The normal form of a request path or target; null stays null. A path that is already normal comes back as is. */
    public String normalize(String target) {
        if (target == null) return null;
        String path = pathOf(target);
        path = decodeUnreserved(path);
        if (mergeSlashes) path = mergeSlashes(path);
        path = removeDotSegments(path);
        return path.equals(target) ? target : path;
    }

    /** The path of an absolute-form target ({@code scheme://authority/path?query}); any other target as given. */
    static String pathOf(String target) {
        int colon = target.indexOf(':');
        if (colon <= 0 || target.charAt(0) == '/' || !target.startsWith("//", colon + 1) || !isScheme(target, colon)) return target;
        int start = colon + 3;
        int end = target.length();
        for (int i = start; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        if (end == target.length() || target.charAt(end) != '/') return "/";
        String path = target.substring(end);
        int stop = indexOfAny(path, '?', '#');
        return stop < 0 ? path : path.substring(0, stop);
    }

    private static boolean isScheme(String s, int end) {
        if (!Character.isLetter(s.charAt(0))) return false;
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!(c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) return false;
        }
        return true;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) return i;
        }
        return -1;
    }

    /** {@code %41} → {@code A} for ALPHA, DIGIT, '-', '.', '_', '~'; every other escape kept, its hex upper-cased. */
    static String decodeUnreserved(String path) {
        if (path.indexOf('%') < 0) return path;
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int hi = c == '%' && i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(path.charAt(i + 2), 16);
            if (lo < 0) {
                out.append(c);
                continue;
            }
            char decoded = (char) (hi * 16 + lo);
            if (unreserved(decoded)) out.append(decoded);
            else out.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
            i += 2;
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }

    static String mergeSlashes(String path) {
        if (!path.contains("//")) return path;
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' && out.length() > 0 && out.charAt(out.length() - 1) == '/') continue;
            out.append(c);
        }
        return out.toString();
    }

    /** RFC 3986 §5.2.4 for an absolute path; the result starts with '/'. */
    static String removeDotSegments(String path) {
        if (!path.startsWith("/")) path = "/" + path;
        if (!path.contains("/.")) return path;
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        int n = path.length();
        while (i < n) { // at each step path[i] == '/'
            int next = path.indexOf('/', i + 1);
            if (next < 0) next = n;
            String segment = path.substring(i + 1, next);
            boolean last = next == n;
            if (segment.equals(".")) {
                if (last) out.append('/');
            } else if (segment.equals("..")) {
                int cut = out.lastIndexOf("/");
                out.setLength(Math.max(cut, 0));
                if (last) out.append('/');
            } else {
                out.append('/').append(segment);
            }
            i = next;
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}

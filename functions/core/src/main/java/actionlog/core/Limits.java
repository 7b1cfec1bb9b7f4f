package actionlog.core;

/**
 * Size bounds that keep every event far below the SQS message limit (1 MiB) and the DynamoDB item limit
 * (400 KB) even though the item stores the event JSON next to its key attributes. Oversize values are cut
 * with an explicit marker and the field is listed in {@code actionlog.truncated}; nothing is dropped silently.
 */
public final class Limits {
    private Limits() {}

    public static final int MAX_HEADERS = 100;
    public static final int MAX_HEADER_VALUE = 2048;
    public static final int MAX_HEADER_TOTAL = 32 * 1024;
    public static final int MAX_PATH = 2048;
    public static final int MAX_QUERY = 4096;
    public static final int MAX_USER_AGENT = 512;
    public static final int MAX_ID = 256;
    /** Bearer tokens longer than this are refused before any parsing. */
    public static final int MAX_TOKEN = 8 * 1024;
    /** Bytes of a sign-in body the edge reads to find the login field; larger bodies are not read. */
    public static final int MAX_LOGIN_BODY = 64 * 1024;
    public static final int MAX_PROPERTIES_JSON = 16 * 1024;
    /**
     * The deepest nesting of any JSON the project reads or stores, the event object itself being level 1 (so beacon
     * properties, at level 2, may nest 30 levels below). Deeper objects and arrays are replaced by
     * {@code {"_truncated_depth": 32}} and the field is listed in {@code actionlog.truncated}.
     */
    public static final int MAX_JSON_DEPTH = 32;
    /** The key of the marker that stands for a value cut at {@link #MAX_JSON_DEPTH}. */
    public static final String TRUNCATED_DEPTH = "_truncated_depth";
    /** Hard ceiling for one serialized event; the sums above stay well below it. */
    public static final int MAX_EVENT_JSON = 96 * 1024;

    public static final String MARKER = "…[truncated ";

    /** Cuts {@code value} to at most {@code max} chars plus a marker naming how much was cut; null stays null. */
    public static String truncate(String value, int max) {
        if (value == null || value.length() <= max) return value;
        int cut = max;
        if (Character.isHighSurrogate(value.charAt(cut - 1))) cut--; // never split a surrogate pair
        return value.substring(0, cut) + MARKER + (value.length() - cut) + " chars]";
    }

    public static boolean isTruncated(String value) {
        return value != null && value.contains(MARKER);
    }
}

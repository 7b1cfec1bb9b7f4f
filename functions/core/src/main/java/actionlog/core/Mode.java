package actionlog.core;

/** How the edge met a request; stored as {@code actionlog.mode} and shown by the stack's Mode output. */
public enum Mode {
    /** In front of the application: forwarded to the origin, status and latency recorded. */
    PROXY("proxy"),
    /** No origin: recorded and answered 204. */
    COLLECT("collect"),
    /** A front-end beacon posted to {@link EdgeProtocol#COLLECT_PATH}. */
    BEACON("beacon");

    private final String value;

    Mode(String value) {
        this.value = value;
    }

    /** The value as stored in events. */
    public String value() {
        return value;
    }
}

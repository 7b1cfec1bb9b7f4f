package actionlog.edge;

/**
 * What the transport that carries the edge's answers can carry. An answer it cannot carry would reach the viewer as
 * the transport's own error while the event said otherwise; the edge answers 502 instead and records why.
 */
@FunctionalInterface
public interface ResponseLimit {
    /** Why {@code response} cannot be carried, or null when it can. */
    String refusal(EdgeResponse response);

    /** No limit (the local HTTP adapter). */
    ResponseLimit NONE = response -> null;
}

package actionlog.support;

import actionlog.core.ActionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live tail: each poll is the same Query a search makes, on the newest keys only — the events received in the
 * last {@link #WINDOW} (a user's, session's or address's; or, without a selector, the path search's newest hour
 * buckets) — and returns those not seen before, oldest first. The window covers the queue and consumer delay,
 * so an event stored late is still shown once. Identical on DynamoDB Local and AWS; no streams needed.
 */
public final class Tail {
    /** How often `tail` and the UI's live switch poll. */
    public static final Duration POLL = Duration.ofSeconds(1);
    /** How far back each poll looks. */
    public static final Duration WINDOW = Duration.ofMinutes(2);

    private final EventStore store;
    private final EventStore.Selector selector;
    private final EventStore.Filters filters;
    private final Map<String, Long> seen = new HashMap<>();

    /** {@code selector} null: events of all users, by {@code filters} (a path prefix), through the search index. */
    public Tail(EventStore store, EventStore.Selector selector, EventStore.Filters filters) {
        this.store = store;
        this.selector = selector;
        this.filters = filters;
    }

    /** The events of the last {@link #WINDOW}, oldest first: one poll (the UI's live switch dedupes them itself). */
    public static List<ActionEvent> recent(EventStore store, EventStore.Selector selector, EventStore.Filters filters, long nowMs) {
        long from = nowMs - WINDOW.toMillis();
        List<ActionEvent> found = new ArrayList<>(selector != null
                ? store.find(selector, new TimeRange(from, Long.MAX_VALUE), filters, 0, null)
                : store.search(new TimeRange(from, nowMs + 60_000), filters, 0));
        found.sort(Comparator.comparing(ActionEvent::receivedAt));
        return found;
    }

    /** Marks what is stored now as seen, so the tail shows only what comes after. */
    public void start(long nowMs) {
        poll(nowMs);
    }

    /** Events stored since the last poll, oldest first. */
    public List<ActionEvent> poll(long nowMs) {
        long from = nowMs - WINDOW.toMillis();
        List<ActionEvent> found = recent(store, selector, filters, nowMs);
        List<ActionEvent> fresh = new ArrayList<>();
        for (ActionEvent event : found) {
            if (seen.putIfAbsent(event.id(), event.receivedAt().toEpochMilli()) == null) fresh.add(event);
        }
        seen.values().removeIf(at -> at < from - 60_000); // bounded: only the window's ids are kept
        return fresh;
    }
}

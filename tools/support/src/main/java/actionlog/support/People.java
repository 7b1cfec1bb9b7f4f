package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.Erasures;
import actionlog.core.Identity;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import actionlog.core.Threads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Who each event is, one rule for every view (trace, session, request, ip, search, tail, export and the timeline).
 * What the edge knew when it captured an event is stored with it (a named or linked user); what it could not know yet
 * — that the anonymous pages a browser saw before signing in were the user's — comes from the link items
 * ({@link ItemMapper#linkItems}): an anonymous event of browser (or, in the fallback, session) K at time t is the
 * user's whose link on K has a window [from, to) holding t; the window never reaches back past the previous link on
 * K (a browser links to one user at a time) nor past the user's erasure (an old cookie cannot bring old pages back).
 * Such an event gets {@code user.stitched_to}. Queries only: one per browser or session met, one per user's erasure.
 * Not thread-safe: one instance per request of a view (it caches what it read).
 */
public final class People {
    /** Reads of several browsers' links at once (the client is thread-safe). */
    private static final ExecutorService READS = Threads.daemonPool("actionlog-people", 8);

    /**
     * One link of a browser or session: its user (null: a sign-out boundary) and the window of anonymous events it
     * covers, already bounded by its neighbours and the user's erasure.
     */
    public record Link(String key, String user, long startMs, long fromMs, long toMs, String sortKey) {
        boolean holds(long atMs) {
            return user != null && atMs >= fromMs && atMs < toMs;
        }
    }

    private final TableReader reader;
    private final Map<String, List<Link>> linksByKey = new HashMap<>();
    private final Map<String, Long> erasedAt = new HashMap<>();

    People(TableReader reader) {
        this.reader = reader;
    }

    /**
     * The events, each anonymous one of a linked browser or session marked with the user it is stitched to. The links
     * of the browsers met are read at once (a search can show hundreds of anonymous browsers).
     */
    public List<ActionEvent> resolve(List<ActionEvent> events) {
        List<String> keys = events.stream().map(People::trailKey).filter(k -> k != null && !linksByKey.containsKey(k)).distinct().toList();
        if (keys.size() > 1) {
            Map<String, CompletableFuture<List<Map<String, AttributeValue>>>> reads = new HashMap<>();
            for (String key : keys) reads.put(key, CompletableFuture.supplyAsync(() -> items(key), READS));
            try {
                reads.forEach((key, read) -> linksByKey.put(key, links(key, read.join())));
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        for (ActionEvent event : events) {
            String user = stitchedTo(event);
            if (user != null) event.put(ActionEvent.F_STITCHED_TO, user);
        }
        return events;
    }

    /** The user an anonymous event belongs to through its browser's (or session's) links, or null. */
    String stitchedTo(ActionEvent event) {
        String key = trailKey(event);
        if (key == null) return null;
        long at = event.receivedAt().toEpochMilli();
        for (Link link : links(key)) if (link.holds(at)) return link.user();
        return null;
    }

    /**
     * The browser of an anonymous event, else its session unless that was a cookie matched only by the name pattern
     * (a cookie many browsers may share); null for an event with a user.
     */
    static String trailKey(ActionEvent event) {
        if (!Identity.ANONYMOUS.equals(event.string(ActionEvent.F_USER_SOURCE))) return null;
        if (event.browserId() != null) return event.browserId();
        if ("pattern".equals(event.string(ActionEvent.F_SESSION_SOURCE))) return null;
        return event.sessionId();
    }

    /** The links a user has, each with its window: one Query on the user's link partition, then one per browser. */
    public List<Link> linksOf(String user) {
        List<Link> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : reader.all(reader.partition(ItemMapper.linkKey(user), "#s", Map.of("#s", TableSchema.SK)))) {
            String sk = item.get(TableSchema.SK).s();
            int hash = sk.indexOf('#');
            if (hash <= 0) continue;
            String key = sk.substring(0, hash);
            String reverseSort = sk.substring(hash + 1);
            for (Link link : links(key)) {
                if (link.sortKey().equals(reverseSort) && user.equals(link.user())) out.add(link);
            }
        }
        return out;
    }

    /** The anonymous events of a user's links within their windows (and the range and filters), marked stitched. */
    List<ActionEvent> stitched(String user, TimeRange range, EventStore.Filters filters, int limit) {
        List<ActionEvent> found = new ArrayList<>();
        for (Link link : linksOf(user)) {
            long from = Math.max(range.fromMs(), link.fromMs());
            long to = Math.min(range.toMs(), link.toMs() == Long.MAX_VALUE ? Long.MAX_VALUE : link.toMs() - 1);
            if (from > to) continue;
            for (ActionEvent event : reader.events(selectorOf(link.key()), new TimeRange(from, to), filters, limit, null)) {
                if (user.equals(stitchedTo(event))) found.add(event.put(ActionEvent.F_STITCHED_TO, user));
            }
        }
        return found;
    }

    /** Where the anonymous events of a browser (its anonymous partition) or session (the session index) are. */
    static EventStore.Selector selectorOf(String key) {
        return key.startsWith(actionlog.core.BrowserCookie.BROWSER_PREFIX) ? EventStore.Selector.user(Identity.anonymousOf(key))
                : EventStore.Selector.session(key);
    }

    /** The links of one browser or session, oldest first, with their windows: one Query, cached. */
    List<Link> links(String key) {
        List<Link> cached = linksByKey.get(key);
        if (cached != null) return cached;
        List<Link> links = links(key, items(key));
        linksByKey.put(key, links);
        return links;
    }

    /** The link items of one browser or session: one Query on the table's key, sorted by start. */
    private List<Map<String, AttributeValue>> items(String key) {
        return reader.all(reader.partition(TableSchema.LINK_REVERSE_PREFIX + key, null, Map.of()));
    }

    private List<Link> links(String key, List<Map<String, AttributeValue>> items) {
        List<Link> links = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) { // sorted by start: the sort key begins with it
            Map<String, AttributeValue> item = items.get(i);
            String sk = item.get(TableSchema.SK).s();
            long start = Long.parseLong(sk.substring(0, sk.indexOf('#')));
            long previous = i == 0 ? 0 : startOf(items.get(i - 1));
            long next = i + 1 < items.size() ? startOf(items.get(i + 1)) : Long.MAX_VALUE;
            String user = item.containsKey(TableSchema.LINK_USER) ? item.get(TableSchema.LINK_USER).s() : null;
            long from = Math.max(previous, number(item, TableSchema.LINK_FROM, previous));
            long to = Math.min(next, number(item, TableSchema.LINK_TO, next));
            if (user != null) {
                Long erased = erasedAt(user);
                if (erased != null) from = Math.max(from, erased + 1); // the pages before an erasure stay erased
            }
            links.add(new Link(key, user, start, from, to, sk));
        }
        return links;
    }

    private static long startOf(Map<String, AttributeValue> item) {
        String sk = item.get(TableSchema.SK).s();
        return Long.parseLong(sk.substring(0, sk.indexOf('#')));
    }

    private static long number(Map<String, AttributeValue> item, String attribute, long fallback) {
        AttributeValue value = item.get(attribute);
        return value == null || value.n() == null ? fallback : Long.parseLong(value.n());
    }

    /** When a user was erased (the suppression list), or null: one read per user, cached. */
    private Long erasedAt(String user) {
        if (erasedAt.containsKey(user)) return erasedAt.get(user);
        Map<String, AttributeValue> item = reader.item(Erasures.key(Erasures.storedUserId(user)));
        Long at = item == null || item.get(TableSchema.ERASED_AT) == null ? null : Long.parseLong(item.get(TableSchema.ERASED_AT).n());
        erasedAt.put(user, at);
        return at;
    }
}

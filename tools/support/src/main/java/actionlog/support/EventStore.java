package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Support's entry to the events table: always a Query on the table or an index, never a Scan. Each concern lives in
 * its own class: reading and paging ({@link TableReader}), search across users ({@link PathSearch}), stitching
 * ({@link SessionLinks}) and erasure ({@link Eraser}).
 */
public final class EventStore {

    /** Which key to query: the table (user) or one of the indexes. */
    public record Selector(String index, String keyAttribute, String keyValue, boolean timeSorted, String label) {
        public static Selector user(String userId) {
            return new Selector(null, TableSchema.PK, ItemMapper.userKey(userId), true, "user " + userId);
        }

        /** A session id as stored ({@code s_…}) or a raw session cookie value, which is hashed the same way. */
        public static Selector session(String session) {
            String id = session.startsWith(Identity.SESSION_PREFIX) ? session : Identity.sessionId(session);
            return new Selector(TableSchema.SESSION_INDEX, TableSchema.SESSION_KEY, id, true, "session " + id);
        }

        public static Selector request(String eventId) {
            return new Selector(TableSchema.EVENT_ID_INDEX, TableSchema.EVENT_ID_KEY, eventId, false, "request " + eventId);
        }

        public static Selector ip(String address) {
            return new Selector(TableSchema.IP_INDEX, TableSchema.IP_KEY, address, true, "address " + address);
        }

        /** The user this selector asks for, or null when it asks for something else. */
        String user() {
            return index == null && keyValue.startsWith(ItemMapper.USER_PREFIX) ? keyValue.substring(ItemMapper.USER_PREFIX.length()) : null;
        }
    }

    /** Server-side filters; null fields do not filter. {@code status} is "404", "5xx" or "4xx". */
    public record Filters(String method, String pathPrefix, String status) {
        public static final Filters NONE = new Filters(null, null, null);

        public Filters {
            if (status != null) statusBounds(status); // fails early with the usage message
        }

        /** The inclusive bounds of a status filter: {@code 404} → 404..404, {@code 5xx} → 500..599. */
        public static int[] statusBounds(String status) {
            String s = status.trim().toLowerCase(Locale.ROOT);
            if (s.matches("[1-5]xx")) {
                int base = (s.charAt(0) - '0') * 100;
                return new int[] {base, base + 99};
            }
            if (s.matches("[1-5]\\d\\d")) {
                int code = Integer.parseInt(s);
                return new int[] {code, code};
            }
            throw new IllegalArgumentException("status '" + status + "' is not a status; use e.g. 404 or 5xx");
        }
    }

    /** What erasing a user removed: their events, the anonymous events of their sessions, and the session links. */
    public record Erasure(int events, int stitched, int links) {
        public int total() {
            return events + stitched;
        }
    }

    private final TableReader reader;
    private final PathSearch search;
    private final SessionLinks links;
    private final Eraser eraser;

    /** Unreadable items are skipped with a warning on standard error. */
    public EventStore(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table) {
        this(dynamo, table, System.err::println);
    }

    /** @param warnings where a skipped, unreadable item is reported */
    public EventStore(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table, Consumer<String> warnings) {
        this.reader = new TableReader(dynamo, table, warnings);
        this.search = new PathSearch(reader);
        this.links = new SessionLinks(reader);
        this.eraser = new Eraser(dynamo, reader, links);
    }

    public String table() {
        return reader.table();
    }

    /**
     * Events of the selector in the range, oldest first. With a limit, the newest {@code limit} events (still
     * returned oldest first). A user's events include the anonymous events of the sessions linked to them, marked
     * stitched. Expired items (TTL passed, not yet deleted) are left out.
     */
    public List<ActionEvent> find(Selector selector, TimeRange range, Filters filters, int limit, Consumer<Integer> progress) {
        List<ActionEvent> events = reader.events(selector, range, filters, limit, progress);
        String user = selector.user();
        if (user == null) return events;
        List<ActionEvent> stitched = links.stitched(user, range, filters, limit);
        if (stitched.isEmpty()) return events;
        List<ActionEvent> all = new ArrayList<>(events);
        all.addAll(stitched);
        all.sort(Comparator.comparing((ActionEvent e) -> e.string(ActionEvent.F_TIME)).thenComparing(ActionEvent::id));
        return limit > 0 && all.size() > limit ? all.subList(all.size() - limit, all.size()) : all;
    }

    /** See {@link PathSearch#search}. */
    public List<ActionEvent> search(TimeRange range, Filters filters, int limit) {
        return search.search(range, filters, limit);
    }

    /** The sessions linked to a user. */
    public List<String> sessionsOf(String userId) {
        return links.sessionsOf(userId);
    }

    public Erasure forget(String givenUserId) {
        return forget(givenUserId, System.currentTimeMillis());
    }

    /** See {@link Eraser}. */
    public Erasure forget(String givenUserId, long nowMs) {
        return eraser.forget(givenUserId, nowMs);
    }
}

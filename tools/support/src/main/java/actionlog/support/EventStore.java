package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.core.ItemMapper;
import actionlog.core.PathNormalizer;
import actionlog.core.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Support's entry to the events table: always a Query on the table or an index, never a Scan. Each concern lives in
 * its own class: reading and paging ({@link TableReader}), search across users ({@link PathSearch}), who each event
 * is ({@link People}, for every view alike) and erasure ({@link Eraser}).
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

        /** The path prefix is normalised as the stored paths are ({@link PathNormalizer}): any spelling finds the resource. */
        public Filters {
            if (status != null) statusBounds(status); // fails early with the usage message
            if (pathPrefix != null && !pathPrefix.isEmpty()) pathPrefix = PathNormalizer.DEFAULT.normalize(pathPrefix);
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

    /** What erasing a user removed: their events, the anonymous events of their links' windows, and the links. */
    public record Erasure(int events, int stitched, int links) {
        public int total() {
            return events + stitched;
        }
    }

    private final TableReader reader;
    private final PathSearch search;
    private final Eraser eraser;

    /** Unreadable items are skipped with a warning on standard error. */
    public EventStore(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table) {
        this(dynamo, table, System.err::println);
    }

    /** @param warnings where a skipped, unreadable item is reported */
    public EventStore(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table, Consumer<String> warnings) {
        this.reader = new TableReader(dynamo, table, warnings);
        this.search = new PathSearch(reader);
        this.eraser = new Eraser(dynamo, reader);
    }

    public String table() {
        return reader.table();
    }

    /** A resolver of who each event is, for one request of a view (it caches what it reads). */
    public People people() {
        return new People(reader);
    }

    /**
     * Events of the selector in the range, oldest first, each with its person ({@link People}). With a limit, the
     * newest {@code limit} events (still returned oldest first). A user's events include the anonymous events their
     * browsers' links cover, marked stitched. Expired items (TTL passed, not yet deleted) are left out.
     */
    public List<ActionEvent> find(Selector selector, TimeRange range, Filters filters, int limit, Consumer<Integer> progress) {
        People people = people();
        List<ActionEvent> events = people.resolve(reader.events(selector, range, filters, limit, progress));
        String user = selector.user();
        if (user == null) return events;
        List<ActionEvent> stitched = people.stitched(user, range, filters, limit);
        if (stitched.isEmpty()) return events;
        List<ActionEvent> all = new ArrayList<>(events);
        all.addAll(stitched);
        all.sort(Comparator.comparing((ActionEvent e) -> e.string(ActionEvent.F_TIME)).thenComparing(ActionEvent::id));
        return limit > 0 && all.size() > limit ? all.subList(all.size() - limit, all.size()) : all;
    }

    /** See {@link PathSearch#search}; each event with its person ({@link People}). */
    public List<ActionEvent> search(TimeRange range, Filters filters, int limit) {
        return people().resolve(search.search(range, filters, limit));
    }

    /** The browsers and sessions linked to a user, with the window of anonymous events each covers. */
    public List<People.Link> linksOf(String userId) {
        return people().linksOf(userId);
    }

    public Erasure forget(String givenUserId) {
        return forget(givenUserId, System.currentTimeMillis());
    }

    /** See {@link Eraser}. */
    public Erasure forget(String givenUserId, long nowMs) {
        return eraser.forget(givenUserId, nowMs);
    }
}

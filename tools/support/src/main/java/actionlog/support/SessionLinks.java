package actionlog.support;

import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.core.ItemMapper;
import actionlog.core.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Identity stitching at read time: the sessions linked to a user ({@link TableSchema#LINK_PREFIX}) and the anonymous
 * events of those sessions, each marked with {@link ActionEvent#F_STITCHED_TO}. Queries only: the user's links, then
 * the session index per session.
 */
final class SessionLinks {
    private final TableReader reader;

    SessionLinks(TableReader reader) {
        this.reader = reader;
    }

    /** The sessions linked to a user: one Query on the table's own key. */
    List<String> sessionsOf(String userId) {
        List<String> sessions = new ArrayList<>();
        for (Map<String, AttributeValue> item : reader.all(reader.partition(ItemMapper.linkKey(userId), "#s", Map.of("#s", TableSchema.SK)))) {
            sessions.add(item.get(TableSchema.SK).s());
        }
        return sessions;
    }

    /** The anonymous events of the user's sessions (before sign-in, or answers that named no one), marked stitched. */
    List<ActionEvent> stitched(String user, TimeRange range, EventStore.Filters filters, int limit) {
        List<ActionEvent> found = new ArrayList<>();
        for (String session : sessionsOf(user)) {
            for (ActionEvent event : reader.events(EventStore.Selector.session(session), range, filters, limit, null)) {
                if (Identity.ANONYMOUS.equals(event.string(ActionEvent.F_USER_SOURCE))) {
                    found.add(event.put(ActionEvent.F_STITCHED_TO, user));
                }
            }
        }
        return found;
    }
}

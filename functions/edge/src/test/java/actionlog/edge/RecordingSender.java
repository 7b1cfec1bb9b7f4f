package actionlog.edge;

import actionlog.core.ActionEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sender seam for unit tests: keeps what it was given. */
final class RecordingSender implements EventSender {
    final List<ActionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> send(ActionEvent event) {
        events.add(event);
        return CompletableFuture.completedFuture(null);
    }
}

package actionlog.edge;

import actionlog.core.ActionEvent;
import java.util.concurrent.CompletableFuture;

/** Sends a captured event without blocking the caller; the future never fails (failures go to a fallback). */
public interface EventSender {
    CompletableFuture<Void> send(ActionEvent event);
}

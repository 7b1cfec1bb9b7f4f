package actionlog.support.archive;

import actionlog.core.ActionEvent;
import actionlog.core.ArchiveDelivery;
import actionlog.core.ArchiveSchema;
import actionlog.core.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Erasure in the archive, after the table's: first waits until what the table held before the erasure has reached the
 * archive ({@link ArchiveDelivery#settle}: the stream, then Firehose's buffer or the local writer's), then deletes the
 * user's rows and the anonymous rows of the sessions they signed in to — an Iceberg DELETE through Athena when
 * deployed, a rewrite of the affected files locally. Nothing erased can come back: the table no longer holds those
 * events, and the suppression list keeps the consumer from storing them again.
 */
public final class ArchiveEraser {
    private final Target target;
    private final Duration settle;
    private final Consumer<String> progress;

    private interface Target {
        long erase(String userId, Collection<String> anonymousSessions);
    }

    private ArchiveEraser(Target target, Duration settle, Consumer<String> progress) {
        this.target = target;
        this.settle = settle;
        this.progress = progress;
    }

    public static ArchiveEraser local(LocalArchive archive, Consumer<String> progress) {
        return new ArchiveEraser(archive::erase, ArchiveDelivery.settle(true), progress);
    }

    public static ArchiveEraser athena(AthenaSql athena, Consumer<String> progress) {
        return new ArchiveEraser((user, sessions) -> {
            List<Object> parameters = new ArrayList<>();
            parameters.add(user);
            parameters.addAll(sessions);
            return athena.update("DELETE FROM " + ArchiveSchema.TABLE + " WHERE " + match(sessions.size()), parameters);
        }, ArchiveDelivery.settle(false), progress);
    }

    /** For tests: no wait. */
    static ArchiveEraser withoutWait(LocalArchive archive) {
        return new ArchiveEraser(archive::erase, Duration.ZERO, m -> { });
    }

    /**
     * Erases the archive's rows of {@code userId} (as stored) and the anonymous rows of {@code anonymousSessions};
     * returns how many rows were deleted.
     */
    public long forget(String userId, Collection<String> anonymousSessions) {
        if (!settle.isZero()) {
            progress.accept("waiting " + settle.toSeconds() + " s for events still on their way to the archive");
            try {
                Thread.sleep(settle.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before the archive was erased; run forget again", e);
            }
        }
        return target.erase(userId, anonymousSessions);
    }

    /** The rows of a user, and anonymous rows of their sessions: the same condition the local archive applies. */
    static String match(int sessions) {
        String match = ArchiveSchema.USER_ID + " = ?";
        if (sessions > 0) {
            match += " OR (" + ArchiveSchema.column(ActionEvent.F_USER_SOURCE) + " = '" + Identity.ANONYMOUS + "' AND "
                    + ArchiveSchema.column(ActionEvent.F_SESSION) + " IN (" + String.join(", ", java.util.Collections.nCopies(sessions, "?")) + "))";
        }
        return match;
    }
}

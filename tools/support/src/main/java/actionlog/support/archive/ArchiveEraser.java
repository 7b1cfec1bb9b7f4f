package actionlog.support.archive;

import actionlog.core.ActionEvent;
import actionlog.core.ArchiveDelivery;
import actionlog.core.ArchiveSchema;
import actionlog.core.BrowserCookie;
import actionlog.core.Identity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
        long erase(String userId, List<Window> windows);
    }

    /**
     * An anonymous trail erased with the person: a browser ({@code b_…}) or, without one, a session ({@code s_…}), and
     * the window of its events that were theirs ({@code fromMs} inclusive, {@code toMs} exclusive; {@code Long.MAX_VALUE}:
     * open) — the same windows the table's erasure deletes.
     */
    public record Window(String key, long fromMs, long toMs) {}

    private ArchiveEraser(Target target, Duration settle, Consumer<String> progress) {
        this.target = target;
        this.settle = settle;
        this.progress = progress;
    }

    public static ArchiveEraser local(LocalArchive archive, Consumer<String> progress) {
        return new ArchiveEraser(archive::erase, ArchiveDelivery.settle(true), progress);
    }

    public static ArchiveEraser athena(AthenaSql athena, Consumer<String> progress) {
        return new ArchiveEraser((user, windows) -> athena.update("DELETE FROM " + ArchiveSchema.TABLE + " WHERE " + match(windows),
                parameters(user, windows)), ArchiveDelivery.settle(false), progress);
    }

    /**
     * Erases the archive's rows of {@code userId} (as stored) and the anonymous rows of each window; returns how many
     * rows were deleted.
     */
    public long forget(String userId, List<Window> windows) {
        if (!settle.isZero()) {
            progress.accept("waiting " + settle.toSeconds() + " s for events still on their way to the archive");
            try {
                Thread.sleep(settle.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before the archive was erased; run forget again", e);
            }
        }
        return target.erase(userId, windows);
    }

    /**
     * The rows of a user, and the anonymous rows of each window: the condition Athena and the local archive both apply.
     * The user id and the trail keys are parameters ({@link #parameters}); the window's bounds are timestamps computed
     * here from numbers, written as literals both engines read alike.
     */
    static String match(List<Window> windows) {
        StringBuilder match = new StringBuilder(ArchiveSchema.USER_ID + " = ?");
        if (windows.isEmpty()) return match.toString();
        List<String> trails = new ArrayList<>();
        for (Window w : windows) {
            String column = ArchiveSchema.column(w.key().startsWith(BrowserCookie.BROWSER_PREFIX) ? ActionEvent.F_BROWSER : ActionEvent.F_SESSION);
            String time = ArchiveSchema.column(ActionEvent.F_TIME);
            String trail = column + " = ? AND " + time + " >= " + timestamp(w.fromMs());
            if (w.toMs() != Long.MAX_VALUE) trail += " AND " + time + " < " + timestamp(w.toMs());
            trails.add("(" + trail + ")");
        }
        return match.append(" OR (").append(ArchiveSchema.column(ActionEvent.F_USER_SOURCE)).append(" = '").append(Identity.ANONYMOUS)
                .append("' AND (").append(String.join(" OR ", trails)).append("))").toString();
    }

    /** The parameters of {@link #match}, in order: the user, then each window's trail key. */
    static List<Object> parameters(String userId, List<Window> windows) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(userId);
        for (Window w : windows) parameters.add(w.key());
        return parameters;
    }

    private static String timestamp(long epochMs) {
        return "TIMESTAMP '" + DuckDbSql.TIMESTAMP.format(Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC).toLocalDateTime()) + "'";
    }
}

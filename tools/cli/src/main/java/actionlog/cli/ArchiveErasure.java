package actionlog.cli;

import actionlog.support.archive.ArchiveEraser;
import actionlog.support.archive.AthenaSql;
import java.util.List;
import java.util.function.Consumer;

/** The archive's part of `forget`: the user's rows deleted there too, or why not. */
final class ArchiveErasure {
    private ArchiveErasure() {}

    /** Erases the user's archived rows, reporting steps to {@code progress}; returns the line `forget` prints about it. */
    static String run(TargetOptions target, String storedUserId, List<ArchiveEraser.Window> windows, Consumer<String> progress) {
        if (target.local) {
            long rows = ArchiveEraser.local(target.localArchive(), progress).forget(storedUserId, windows);
            return "erased " + rows + " row(s) from the local archive";
        }
        AthenaSql athena;
        try {
            athena = target.athena();
        } catch (IllegalStateException noArchive) { // a stack deployed with -c archive=false has nothing to erase there
            return "no archive to erase from (" + noArchive.getMessage() + ")";
        }
        try (athena) {
            long rows = ArchiveEraser.athena(athena, progress).forget(storedUserId, windows);
            return "erased " + rows + " row(s) from the archive (" + athena.describe() + ")";
        }
    }
}

package actionlog.local;

import actionlog.core.BrowserCookie;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

/**
 * The local edge's browser-cookie key: 32 random bytes in a file only its owner may read ({@code browser.key} in the
 * {@code --data} directory, else in the local runtime's home), created on first use, so browser ids survive restarts
 * exactly as long as the table does. The deployed edge reads its key from Secrets Manager instead.
 */
final class BrowserKeyFile {
    static final String NAME = "browser.key";

    private BrowserKeyFile() {}

    static List<byte[]> keys(Path dir) {
        Path file = dir.resolve(NAME);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(dir, "browser", ".key"); // created rw------- by the JDK
                Files.writeString(tmp, HexFormat.of().formatHex(BrowserCookie.randomKey()));
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp); // another runtime created it first: use theirs
                }
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return List.of(HexFormat.of().parseHex(Files.readString(file).trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the browser cookie key " + file + " (" + e.getMessage()
                    + "); delete it to start with a new one (browser ids then start afresh)", e);
        }
    }
}

package actionlog.support.archive;

/** A statement the engine refused: the message names the engine's reason and what to change. */
public final class SqlException extends RuntimeException {
    public SqlException(String message, Throwable cause) {
        super(message, cause);
    }

    public SqlException(String message) {
        super(message);
    }
}

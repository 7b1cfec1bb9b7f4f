package actionlog.core;

/** A message that can never become an item; the reason names what is wrong so the DLQ entry explains itself. */
public final class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason);
    }
}

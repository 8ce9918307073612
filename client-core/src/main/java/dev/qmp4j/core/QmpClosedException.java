package dev.qmp4j.core;

/**
 * The session, listener, subscription or client was closed by its owner; used for calls made after {@code close()} and for what was waiting when it was closed.
 */
public class QmpClosedException extends QmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public QmpClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QmpClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.qmp4j.core;

/**
 * The connection to the server could not be made, or was lost (EOF, I/O error). Commands that were waiting fail with one; later calls on the same session fail fast with one that carries the original cause.
 */
public class QmpConnectionException extends QmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public QmpConnectionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QmpConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}

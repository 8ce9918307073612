package dev.qmp4j.core;

/**
 * A configured limit was reached, such as the number of pending commands or the size of a command; see {@link QmpClientOptions} for the limits and their defaults.
 */
public class QmpLimitExceededException extends QmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public QmpLimitExceededException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QmpLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}

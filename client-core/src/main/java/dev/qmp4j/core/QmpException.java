package dev.qmp4j.core;

/**
 * Root of every exception qmp4j throws or completes a future with. Unchecked, so that the
 * asynchronous, reactive and blocking APIs share one hierarchy.
 *
 * <p>Subtypes tell what failed: {@link QmpCommandException} (the server answered with an error),
 * {@link QmpConnectionException} (the connection could not be made or was lost),
 * {@link QmpProtocolException} (the server sent something QMP does not allow),
 * {@link QmpTimeoutException} (no answer in time), {@link QmpClosedException} (used after
 * {@code close()}), {@link QmpLimitExceededException} (a configured limit was reached),
 * {@link QmpUnsupportedCommandException} and {@link QmpArgumentMismatchException} (a typed call
 * that the server's schema does not allow, not sent) and {@link QmpEventOverflowException} (an
 * event subscription's buffer overflowed).
 */
public class QmpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public QmpException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}

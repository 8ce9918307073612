package dev.qmp4j.core;

/**
 * No answer came in time: a command past its timeout, or a connection that did not reach command mode within the connect timeout. A timed-out command's late reply is dropped.
 */
public class QmpTimeoutException extends QmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public QmpTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QmpTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.qmp4j.core;

/**
 * The server sent something QMP does not allow: malformed JSON, a message over the size limit or
 * nested deeper than 1024 levels, a greeting that lacks its version. The connection is closed when
 * this happens, but for an error reply without a string {@code class} and {@code desc}: that fails
 * only the command it answers.
 */
public class QmpProtocolException extends QmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public QmpProtocolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.qmp4j.testkit;

/**
 * Answers one command in the simulator. Handlers run on the simulator's I/O thread, so they must
 * not block: to answer late, return {@link QmpReply#delayed} or {@link QmpReply#later}.
 * An exception thrown by a handler becomes a GenericError reply with the exception's text.
 */
@FunctionalInterface
public interface QmpCommandHandler {
    /**
     * Handles a command.
     *
     * @param request the command and the session it came from
     * @return what to send back
     */
    QmpReply handle(QmpRequest request);
}

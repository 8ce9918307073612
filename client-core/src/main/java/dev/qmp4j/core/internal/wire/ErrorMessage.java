package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpCommandException;

/**
 * An error reply whose {@code class} and {@code desc} are strings, as QMP has them.
 *
 * @param id which command it answers
 * @param errorClass the error's {@code class}
 * @param description the error's {@code desc}
 * @param excerpt the start of the message's text
 * @param byteLength the message's size on the wire
 */
public record ErrorMessage(ReplyId id, String errorClass, String description, String excerpt, int byteLength)
        implements ReplyMessage {

    /**
     * The failure of the command this reply answers.
     *
     * @param command the command's name
     * @return the server's error as an exception
     */
    public QmpCommandException failure(String command) {
        return new QmpCommandException(command, errorClass, description);
    }
}

package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpProtocolException;

/**
 * An error reply without the string {@code class} and {@code desc} QMP requires. It still answers
 * its command, which fails with a {@link QmpProtocolException}.
 *
 * @param id which command it answers
 * @param excerpt the start of the message's text
 * @param byteLength the message's size on the wire
 */
public record MalformedReply(ReplyId id, String excerpt, int byteLength) implements ReplyMessage {

    /**
     * The failure of the command this reply answers.
     *
     * @param command the command's name
     * @return a protocol exception quoting the reply
     */
    public QmpProtocolException failure(String command) {
        return new QmpProtocolException("malformed error reply to " + command
                + " (expected error.class and error.desc as strings): " + excerpt);
    }
}

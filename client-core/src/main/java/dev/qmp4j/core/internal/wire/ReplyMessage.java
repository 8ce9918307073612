package dev.qmp4j.core.internal.wire;

/** A reply to a command: success, error, or an error reply too malformed to read. */
public sealed interface ReplyMessage extends InboundMessage permits ReturnMessage, ErrorMessage, MalformedReply {

    /**
     * Which command the reply answers.
     *
     * @return the reply's id
     */
    ReplyId id();
}

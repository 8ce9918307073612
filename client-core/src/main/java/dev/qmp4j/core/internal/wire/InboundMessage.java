package dev.qmp4j.core.internal.wire;

/**
 * One message from the server, decoded once by {@link WireCodec#decode} and validated there: a
 * greeting, a reply ({@link ReturnMessage}, {@link ErrorMessage} or {@link MalformedReply}), an
 * event, or something else. The session dispatches on the type and never reads the JSON again.
 */
public sealed interface InboundMessage permits GreetingMessage, ReplyMessage, EventMessage, UnknownMessage {

    /**
     * The start of the message's text, for log lines and error texts.
     *
     * @return at most a few hundred characters
     */
    String excerpt();

    /**
     * How many bytes the message took on the wire.
     *
     * @return the byte length
     */
    int byteLength();
}

package dev.qmp4j.core.internal.wire;

/**
 * A JSON object that is neither greeting, reply nor event; the session ignores it.
 *
 * @param excerpt the start of the message's text
 * @param byteLength the message's size on the wire
 */
public record UnknownMessage(String excerpt, int byteLength) implements InboundMessage {
}

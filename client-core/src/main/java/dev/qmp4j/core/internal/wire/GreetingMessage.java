package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpGreeting;

/**
 * The server's greeting, with its version and capabilities read.
 *
 * @param greeting the greeting
 * @param excerpt the start of the message's text
 * @param byteLength the message's size on the wire
 */
public record GreetingMessage(QmpGreeting greeting, String excerpt, int byteLength) implements InboundMessage {
}

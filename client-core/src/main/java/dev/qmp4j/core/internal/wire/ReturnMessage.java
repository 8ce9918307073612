package dev.qmp4j.core.internal.wire;

import com.google.gson.JsonElement;

/**
 * A successful reply. Its value is fresh from the parser and nobody else holds it: it goes to the
 * one caller whose command it answers.
 *
 * @param id which command it answers
 * @param value the {@code return} value
 * @param excerpt the start of the message's text
 * @param byteLength the message's size on the wire
 */
public record ReturnMessage(ReplyId id, JsonElement value, String excerpt, int byteLength) implements ReplyMessage {
}

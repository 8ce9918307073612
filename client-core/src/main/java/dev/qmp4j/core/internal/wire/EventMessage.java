package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpEvent;
import java.util.Optional;

/**
 * An event. A {@code COMMAND_DROPPED} event (QEMU 2.12 and 3.0 dropped commands on a full queue
 * and said so instead of replying) also carries which command it drops and why.
 *
 * @param event the event
 * @param dropped for {@code COMMAND_DROPPED}, the dropped command; otherwise empty
 * @param excerpt the start of the message's text
 * @param byteLength the message's size on the wire
 * @param retainedBytes an upper bound of the heap the decoded event keeps ({@link JsonFrame#retainedBytes()})
 */
public record EventMessage(QmpEvent event, Optional<Dropped> dropped, String excerpt, int byteLength,
        long retainedBytes) implements InboundMessage {

    /**
     * What a {@code COMMAND_DROPPED} event says.
     *
     * @param id the dropped command's id
     * @param reason the server's reason, as text: {@code unknown} when it gave none, the start of its
     *     JSON when it is not a string
     */
    public record Dropped(ReplyId id, String reason) {
    }
}

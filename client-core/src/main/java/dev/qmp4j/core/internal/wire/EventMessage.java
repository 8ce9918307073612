package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpEvent;
import java.util.Optional;

/**
 * An event. A {@code COMMAND_DROPPED} event (QEMU 2.12 and 3.0 dropped commands on a full queue
 * and said so instead of replying) also carries which command it drops and why.
 *
 * @param event the event
 * @param dropped for {@code COMMAND_DROPPED}, the dropped command; otherwise empty
 * @param frame the message as it came, for its excerpt (made only when asked for) and size
 * @param retainedBytes an upper bound of the heap the event keeps while it waits in a subscription: as a
 *     tree ({@link JsonFrame#retainedBytes()}), or with its data still text ({@link EventScanner})
 */
public record EventMessage(QmpEvent event, Optional<Dropped> dropped, JsonFrame frame, long retainedBytes)
        implements InboundMessage {

    @Override
    public String excerpt() {
        return WireCodec.excerpt(frame.text());
    }

    @Override
    public int byteLength() {
        return frame.byteLength();
    }

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

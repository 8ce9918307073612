package dev.qmp4j.core.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import okio.Buffer;

/**
 * The writes of one {@link Connection} from a message with file descriptors on. The descriptors
 * travel with the first bytes of their message, never with the tail of an earlier one: QEMU keeps
 * descriptors that arrive with any byte until a command takes them, so descriptors sent early, with
 * another message's bytes, could be taken or replaced before their command runs. So such a message
 * waits until every byte before it is written, and whatever is written after it waits behind it, in
 * order. Guarded by the connection's write lock.
 */
final class DescriptorWrites {
    private record Held(byte[] bytes, OutboundDescriptors descriptors) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long heldBytes;

    /** Whether writes wait here; then every new write must wait too, to keep the order. */
    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Bytes waiting here. */
    long size() {
        return heldBytes;
    }

    /** Queues a message; {@code descriptors} is null for one without. */
    void add(byte[] bytes, OutboundDescriptors descriptors) {
        held.add(new Held(bytes, descriptors));
        heldBytes += bytes.length;
    }

    /**
     * Moves waiting writes on; called when {@code outgoing} is empty. Plain messages move into
     * {@code outgoing} up to the next message with descriptors; that one goes straight to the socket
     * with its descriptors once nothing precedes it, and its unwritten rest into {@code outgoing}.
     *
     * @return whether anything moved; false when the socket took none of a message with descriptors
     */
    boolean release(SocketChannel channel, LoopSockets sockets, Buffer outgoing) throws IOException {
        while (!held.isEmpty() && held.peek().descriptors() == null) {
            outgoing.write(take().bytes());
        }
        if (outgoing.size() > 0 || held.isEmpty()) {
            return true;
        }
        Held next = held.peek();
        // Attached anew on every try: a write that takes nothing sends no descriptors.
        sockets.attachDescriptors(channel, next.descriptors().descriptors());
        ByteBuffer bytes = ByteBuffer.wrap(next.bytes());
        if (channel.write(bytes) == 0) {
            return false;
        }
        take();
        next.descriptors().close(); // the kernel holds its own references now
        outgoing.write(next.bytes(), bytes.position(), bytes.remaining());
        return true;
    }

    /** Drops every waiting write, closing their descriptors. */
    void clear() {
        for (Held h : held) {
            if (h.descriptors() != null) {
                h.descriptors().close();
            }
        }
        held.clear();
        heldBytes = 0;
    }

    private Held take() {
        Held h = held.poll();
        heldBytes -= h.bytes().length;
        return h;
    }
}

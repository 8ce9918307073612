package dev.qmp4j.core.internal.session;

import com.google.gson.JsonElement;
import dev.qmp4j.core.internal.transport.LoopTimer;
import dev.qmp4j.core.internal.transport.OutboundDescriptors;
import java.util.concurrent.CompletableFuture;

/** A command from the moment it is submitted until its reply, timeout or the end of the session. */
final class PendingCommand {
    final long id;
    final String name;
    final byte[] bytes;
    final boolean outOfBand;
    /** File descriptors sent with the command, or null; the connection's once the command is sent. */
    final OutboundDescriptors descriptors;
    final long deadlineNanos;
    /** Whether only our own code waits on {@link #future}: then it is completed on the loop thread directly. */
    final boolean waited;
    final CompletableFuture<JsonElement> future = new CompletableFuture<>();
    // State guarded by the command router's lock.
    LoopTimer timer;
    boolean sent;

    PendingCommand(long id, String name, byte[] bytes, boolean outOfBand, OutboundDescriptors descriptors,
            long deadlineNanos, boolean waited) {
        this.id = id;
        this.name = name;
        this.bytes = bytes;
        this.outOfBand = outOfBand;
        this.descriptors = descriptors;
        this.deadlineNanos = deadlineNanos;
        this.waited = waited;
    }

    @Override
    public String toString() {
        return "'" + name + "' (id " + id + ")";
    }
}

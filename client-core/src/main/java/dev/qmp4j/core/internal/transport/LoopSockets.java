package dev.qmp4j.core.internal.transport;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The kind of socket one {@link EventLoop} carries: a selector can only watch channels of its own
 * provider, so the loop, its connections and its listeners open their channels here. The JDK's
 * ({@link #JDK}) serves every session unless file descriptor passing is wanted, which needs a
 * socket that can send ancillary data (see {@code dev.qmp4j.core.internal.fdpass}).
 */
public interface LoopSockets {

    /** The JDK's own channels, for UNIX and TCP; they cannot pass file descriptors. */
    LoopSockets JDK = new LoopSockets() {
        @Override
        public Selector openSelector() throws IOException {
            return Selector.open();
        }

        @Override
        public SocketChannel openChannel(SocketAddress address) throws IOException {
            return address instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
        }

        @Override
        public ServerSocketChannel openServerChannel(SocketAddress address) throws IOException {
            return address instanceof UnixDomainSocketAddress
                    ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                    : ServerSocketChannel.open();
        }

        @Override
        public boolean passesDescriptors() {
            return false;
        }

        @Override
        public void attachDescriptors(SocketChannel channel, FileDescriptor[] descriptors) {
            throw new UnsupportedOperationException("the JDK's socket channels cannot pass file descriptors");
        }
    };

    /** A selector for the loop's thread. */
    Selector openSelector() throws IOException;

    /** An unconnected socket that can reach {@code address}. */
    SocketChannel openChannel(SocketAddress address) throws IOException;

    /** An unbound listening socket for {@code address}. */
    ServerSocketChannel openServerChannel(SocketAddress address) throws IOException;

    /**
     * Reads from {@code channel} as {@link SocketChannel#read(ByteBuffer)} does: -1 at the end of
     * the stream.
     *
     * @param firstAfterReadiness whether this is the first read since the selector found the
     *     channel readable
     */
    default int read(SocketChannel channel, ByteBuffer buffer, boolean firstAfterReadiness) throws IOException {
        return channel.read(buffer);
    }

    /** Whether {@link #attachDescriptors} works on these channels. */
    boolean passesDescriptors();

    /**
     * Sends {@code descriptors} (SCM_RIGHTS) with the next write on {@code channel}, the one that
     * writes at least one byte; a write that takes nothing sends none, so attach again before retrying.
     */
    void attachDescriptors(SocketChannel channel, FileDescriptor[] descriptors) throws IOException;
}

package dev.qmp4j.core.internal.fdpass;

import dev.qmp4j.core.internal.transport.LoopSockets;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * junixsocket's UNIX sockets, which can send file descriptors (SCM_RIGHTS) as the JDK's cannot.
 * The only class that names junixsocket: it is loaded once {@link DescriptorPassing} found
 * junixsocket usable, never otherwise.
 *
 * <p>Why sessions that pass descriptors live on a loop of their own: junixsocket's channels belong
 * to junixsocket's selector provider, which the JDK's selector refuses
 * ({@code IllegalSelectorException}), and the JDK hides the descriptor of its own channels, so
 * junixsocket cannot write on a JDK channel's socket either. So such a session's socket is
 * junixsocket's from the start, on an I/O thread whose selector is junixsocket's too; every other
 * session stays on the JDK's.
 */
final class JunixsocketSockets implements LoopSockets {
    static final JunixsocketSockets INSTANCE = new JunixsocketSockets();

    private JunixsocketSockets() {
    }

    /** Null when junixsocket's native library is loaded and passes descriptors here, else why not. */
    static String unsupportedReason() {
        try {
            AFSocket.ensureSupported();
        } catch (UnsupportedOperationException e) {
            return e.getMessage() + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "");
        }
        return AFSocket.supports(AFSocketCapability.CAPABILITY_FILE_DESCRIPTORS) ? null
                : "junixsocket cannot pass file descriptors on this platform";
    }

    /** A duplicate of {@code fd} that the caller owns: fails when {@code fd} is not open. */
    static FileDescriptor duplicate(FileDescriptor fd) throws IOException {
        return FileDescriptorCast.duplicating(fd).getFileDescriptor();
    }

    @Override
    public Selector openSelector() throws IOException {
        return AFUNIXSelectorProvider.provider().openSelector();
    }

    @Override
    public SocketChannel openChannel(SocketAddress address) throws IOException {
        return AFUNIXSelectorProvider.provider().openSocketChannel();
    }

    @Override
    public ServerSocketChannel openServerChannel(SocketAddress address) throws IOException {
        // junixsocket binds over an existing socket file (or, told not to, connects to it to see whether
        // someone listens); the JDK refuses any existing file, and so do we.
        if (address instanceof UnixDomainSocketAddress unix && Files.exists(unix.getPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new BindException("Address already in use: " + unix.getPath() + " exists");
        }
        return AFUNIXSelectorProvider.provider().openServerSocketChannel();
    }

    /**
     * junixsocket 2.10.1's channels read 0 bytes, not -1, at the end of the stream (fixed after that
     * release, in "Fix AFSocketChannel.read returns 0 on EOF"). Its selector polls: a channel it
     * found readable has bytes or has reached the end, and only this loop reads it, so nothing
     * at all on the first read means the end.
     */
    @Override
    public int read(SocketChannel channel, ByteBuffer buffer, boolean firstAfterReadiness) throws IOException {
        int n = channel.read(buffer);
        return n == 0 && firstAfterReadiness && buffer.hasRemaining() ? -1 : n;
    }

    @Override
    public boolean passesDescriptors() {
        return true;
    }

    @Override
    public void attachDescriptors(SocketChannel channel, FileDescriptor[] descriptors) throws IOException {
        ((AFUNIXSocketChannel) channel).setOutboundFileDescriptors(descriptors);
    }
}

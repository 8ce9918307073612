package dev.qmp4j.core.internal.transport;

import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.internal.wire.JsonFrame;
import dev.qmp4j.core.internal.wire.JsonFramer;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-blocking socket on an event loop: connects, reads bytes into a {@link JsonFramer},
 * hands whole messages to its listener and writes queued bytes as the socket accepts them. It
 * reports only what happens to the socket and its bytes (I/O errors, framing errors, EOF); the
 * listener handles its own failures. {@link #write}, {@link #queuedBytes} and {@link #close} may
 * be called from any thread (a command is written from its caller's thread when nothing waits
 * before it, which saves waking the loop); everything else is for the loop thread only.
 */
public final class Connection implements SelectableHandler {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int MAX_READS_PER_WAKEUP = 16;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final JsonFramer framer;
    /** Guards {@link #outgoing}, {@link #closed} and writes to the channel. */
    private final Object writeLock = new Object();
    private final Buffer outgoing = new Buffer();
    private ConnectionListener listener;
    private volatile SelectionKey key;
    private volatile boolean closed;

    private Connection(EventLoop loop, SocketChannel channel, JsonFramer framer) {
        this.loop = loop;
        this.channel = channel;
        this.framer = framer;
    }

    /** Starts connecting to {@code address}; the listener hears of success or failure. Loop thread only. */
    public static Connection connect(EventLoop loop, SocketAddress address, JsonFramer framer,
            ConnectionListener listener) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        Connection c = new Connection(loop, channel, framer);
        c.listener = listener;
        try {
            channel.configureBlocking(false);
            if (channel.connect(address)) {
                c.key = loop.register(channel, SelectionKey.OP_READ, c);
                listener.onConnected();
            } else {
                c.key = loop.register(channel, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException | RuntimeException e) {
            c.closeQuietly();
            throw e;
        }
        return c;
    }

    /** Adopts an accepted socket and starts reading. Loop thread only. */
    public static Connection accepted(EventLoop loop, SocketChannel channel, JsonFramer framer,
            ConnectionListener listener) throws IOException {
        Connection c = new Connection(loop, channel, framer);
        c.listener = listener;
        try {
            channel.configureBlocking(false);
            c.key = loop.register(channel, SelectionKey.OP_READ, c);
        } catch (IOException | RuntimeException e) {
            c.closeQuietly();
            throw e;
        }
        listener.onConnected();
        return c;
    }

    /** The loop this connection lives on. */
    public EventLoop loop() {
        return loop;
    }

    /** How many bytes wait to be written because the socket did not take them yet. */
    public long queuedBytes() {
        synchronized (writeLock) {
            return outgoing.size();
        }
    }

    /**
     * Writes what the socket takes now and queues the rest, which goes when the socket is
     * writable; bytes go out in the order of the calls. A write error closes the connection and
     * reaches the listener on a later turn of the loop, never from inside this call, so that a
     * caller never re-enters its own teardown. Any thread.
     */
    public void write(byte[] bytes) {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            if (outgoing.size() > 0) {
                outgoing.write(bytes); // the loop writes it after what waits before it
                return;
            }
            ByteBuffer src = ByteBuffer.wrap(bytes);
            try {
                channel.write(src);
            } catch (IOException e) {
                closeQuietly();
                loop.execute(() -> listener.onError(e));
                return;
            }
            if (src.hasRemaining()) {
                outgoing.write(bytes, src.position(), src.remaining());
                if (loop.inLoop()) {
                    watchWritable();
                } else {
                    loop.execute(this::watchWritable); // interest set elsewhere waits for the next select
                }
            }
        }
    }

    /** Closes the socket; the listener hears nothing more. Idempotent. */
    public void close() {
        closeQuietly();
    }

    @Override
    public void onReady(SelectionKey key) {
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                listener.onConnected();
            }
            if (!closed && key.isWritable()) {
                flush();
            }
            if (!closed && key.isReadable()) {
                read();
            }
        } catch (IOException | QmpProtocolException e) {
            fail(e); // anything else escapes to the loop, which hands it to onFailure
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        fail(failure);
    }

    private void read() throws IOException {
        ByteBuffer buf = loop.readBuffer();
        for (int i = 0; i < MAX_READS_PER_WAKEUP && !closed; i++) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                closeQuietly();
                listener.onEndOfStream();
                return;
            }
            if (n == 0) {
                return;
            }
            buf.flip();
            framer.append(buf);
            Optional<JsonFrame> frame;
            while (!closed && (frame = framer.nextFrame()).isPresent()) {
                listener.onMessage(frame.get());
            }
            if (n < buf.capacity()) {
                return; // the socket is most likely empty: the selector says when it is not, without a read to learn it
            }
        }
    }

    /** Writes queued bytes as far as the socket takes them. Loop thread. */
    private void flush() throws IOException {
        synchronized (writeLock) {
            ByteBuffer chunk = loop.readBuffer();
            while (outgoing.size() > 0) {
                chunk.clear();
                try (BufferedSource peek = outgoing.peek()) {
                    peek.read(chunk);
                }
                chunk.flip();
                int written = channel.write(chunk);
                outgoing.skip(written);
                if (chunk.hasRemaining()) {
                    watchWritable();
                    return;
                }
            }
            SelectionKey k = key;
            if (k != null && k.isValid() && (k.interestOps() & SelectionKey.OP_WRITE) != 0) {
                k.interestOps(k.interestOps() & ~SelectionKey.OP_WRITE);
            }
        }
    }

    /** Asks the selector to say when the socket takes more, while bytes wait. Loop thread. */
    private void watchWritable() {
        synchronized (writeLock) {
            SelectionKey k = key;
            if (!closed && outgoing.size() > 0 && k != null && k.isValid()) {
                k.interestOps(k.interestOps() | SelectionKey.OP_WRITE);
            }
        }
    }

    private void fail(Throwable e) {
        if (closed) {
            return;
        }
        closeQuietly();
        listener.onError(e);
    }

    private void closeQuietly() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            outgoing.clear();
        }
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        loop.forget(this);
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing socket failed", e);
        }
    }
}

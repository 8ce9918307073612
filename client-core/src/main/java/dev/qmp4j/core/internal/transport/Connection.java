package dev.qmp4j.core.internal.transport;

import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.internal.wire.JsonFrame;
import dev.qmp4j.core.internal.wire.JsonFramer;
import java.io.IOException;
import java.net.SocketAddress;
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
 * listener handles its own failures. Every method is for the loop thread only.
 */
public final class Connection implements SelectableHandler {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int MAX_READS_PER_WAKEUP = 16;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final JsonFramer framer;
    private final Buffer outgoing = new Buffer();
    private final DescriptorWrites descriptorWrites = new DescriptorWrites();
    private ConnectionListener listener;
    private SelectionKey key;
    private boolean closed;

    private Connection(EventLoop loop, SocketChannel channel, JsonFramer framer) {
        this.loop = loop;
        this.channel = channel;
        this.framer = framer;
    }

    /** Starts connecting to {@code address}; the listener hears of success or failure. Loop thread only. */
    public static Connection connect(EventLoop loop, SocketAddress address, JsonFramer framer,
            ConnectionListener listener) throws IOException {
        SocketChannel channel = loop.sockets().openChannel(address);
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
        return outgoing.size() + descriptorWrites.size();
    }

    /**
     * Queues bytes and writes what the socket takes now; the rest goes when it is writable. A write
     * error closes the connection and reaches the listener on a later turn of the loop, never from
     * inside this call, so that a caller never re-enters its own teardown.
     */
    public void write(byte[] bytes) {
        if (closed) {
            return;
        }
        if (descriptorWrites.isEmpty()) {
            outgoing.write(bytes);
        } else {
            descriptorWrites.add(bytes, null);
        }
        flushOrFail();
    }

    /**
     * Queues a message that carries file descriptors, in order with the other writes, as
     * {@link #write(byte[])} does. The connection owns {@code descriptors} from now on: it closes
     * them once they went out, or when it closes. Only on a loop whose sockets pass descriptors.
     */
    public void write(byte[] bytes, OutboundDescriptors descriptors) {
        if (closed) {
            descriptors.close();
            return;
        }
        descriptorWrites.add(bytes, descriptors);
        flushOrFail();
    }

    private void flushOrFail() {
        try {
            flush();
        } catch (IOException e) {
            closeQuietly();
            loop.execute(() -> listener.onError(e));
        }
    }

    /** Closes the socket; the listener hears nothing more. Idempotent. */
    public void close() {
        closeQuietly();
    }

    @Override
    public void onReady(SelectionKey key) {
        try {
            if (!key.isValid()) {
                read(true); // the socket hung up (see EventLoop): what it still holds, then the end
                return;
            }
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                listener.onConnected();
            }
            if (!closed && key.isWritable()) {
                flush();
            }
            if (!closed && key.isReadable()) {
                read(false);
            }
        } catch (IOException | QmpProtocolException e) {
            fail(e); // anything else escapes to the loop, which hands it to onFailure
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        fail(failure);
    }

    /** Reads what the socket holds, a bounded amount unless it {@code hungUp}: then all of it, and the end. */
    private void read(boolean hungUp) throws IOException {
        ByteBuffer buf = loop.readBuffer();
        for (int i = 0; (hungUp || i < MAX_READS_PER_WAKEUP) && !closed; i++) {
            buf.clear();
            int n = loop.sockets().read(channel, buf, i == 0);
            if (n < 0 || n == 0 && hungUp) {
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
        }
    }

    private void flush() throws IOException {
        do {
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
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                    return;
                }
            }
        } while (!descriptorWrites.isEmpty() && descriptorWrites.release(channel, loop.sockets(), outgoing));
        if (!descriptorWrites.isEmpty()) {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            return;
        }
        if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
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
        if (closed) {
            return;
        }
        closed = true;
        outgoing.clear();
        descriptorWrites.clear();
        if (key != null) {
            key.cancel();
        }
        loop.forget(this);
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing socket failed", e);
        }
    }
}

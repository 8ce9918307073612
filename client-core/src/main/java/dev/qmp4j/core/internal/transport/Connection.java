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
 * listener handles its own failures. {@link #write}, {@link #queuedBytes} and {@link #close} may
 * be called from any thread; everything else is for the loop thread only.
 *
 * <p>Writes are coalesced where that costs no latency: a write made while the loop handles a read
 * waits for the end of that read, and a write that may wait (commands already at the server)
 * joins whatever else is queued in one loop turn. Otherwise bytes go out at once, from the
 * caller's thread, which saves waking the loop.
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
    private final DescriptorWrites descriptorWrites = new DescriptorWrites();
    private ConnectionListener listener;
    private volatile SelectionKey key;
    private volatile boolean closed;
    /** A loop turn will write what is queued; guarded by {@link #writeLock}. */
    private boolean flushPlanned;
    /** The loop is handing over the messages of a read: its writes wait for the end of it. Loop thread. */
    private boolean reading;

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
        synchronized (writeLock) {
            return outgoing.size() + descriptorWrites.size();
        }
    }

    /**
     * Writes {@code bytes} now or soon; bytes go out in the order of the calls. A write error
     * closes the connection and reaches the listener on a later turn of the loop, never from inside
     * this call, so that a caller never re-enters its own teardown. Any thread.
     *
     * @param mayWait whether the bytes may wait for a loop turn that writes them together with
     *     others (as when earlier commands are still at the server); otherwise they are written at
     *     once when nothing is queued before them
     */
    public void write(byte[] bytes, boolean mayWait) {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            if (!descriptorWrites.isEmpty()) {
                descriptorWrites.add(bytes, null); // after a message with descriptors, in order
                return;
            }
            if (outgoing.size() > 0) {
                outgoing.write(bytes); // whoever queued the bytes before these has a write planned
                return;
            }
            boolean inLoop = loop.inLoop();
            if (inLoop ? reading : mayWait) {
                outgoing.write(bytes);
                if (!inLoop) {
                    planFlush();
                } // else the end of the read writes it
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
                if (inLoop) {
                    watchWritable();
                } else {
                    planFlush();
                }
            }
        }
    }

    /** Under the write lock, off the loop: has a loop turn write what is queued. */
    private void planFlush() {
        if (!flushPlanned) {
            flushPlanned = true;
            loop.execute(this::plannedFlush);
        }
    }

    private void plannedFlush() {
        synchronized (writeLock) {
            flushPlanned = false;
        }
        try {
            flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    /**
     * Queues a message that carries file descriptors, in order with the other writes, and writes
     * what the socket takes now. The connection owns {@code descriptors} from now on: it closes
     * them once they went out, or when it closes. Only on a loop whose sockets pass descriptors;
     * loop thread.
     */
    public void write(byte[] bytes, OutboundDescriptors descriptors) {
        synchronized (writeLock) {
            if (closed) {
                descriptors.close();
                return;
            }
            descriptorWrites.add(bytes, descriptors);
            try {
                flush();
            } catch (IOException e) {
                closeQuietly();
                loop.execute(() -> listener.onError(e));
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
        reading = true;
        try {
            for (int i = 0; (hungUp || i < MAX_READS_PER_WAKEUP) && !closed; i++) {
                buf.clear();
                int n = loop.sockets().read(channel, buf, i == 0);
                if (n < 0 || n == 0 && hungUp) {
                    closeQuietly();
                    listener.onEndOfStream();
                    return;
                }
                if (n == 0) {
                    break;
                }
                buf.flip();
                framer.append(buf);
                Optional<JsonFrame> frame;
                while (!closed && (frame = framer.nextFrame()).isPresent()) {
                    listener.onMessage(frame.get());
                }
                if (n < buf.capacity() && !hungUp) {
                    break; // the socket is most likely empty: the selector says when it is not, without a read to learn it
                }
            }
        } finally {
            reading = false;
        }
        if (!closed) {
            flush(); // what was written while the messages were handled, in one go
            listener.onReadEnd();
        }
    }

    /** Writes queued bytes, and messages with descriptors in their turn, as far as the socket takes them. Loop thread. */
    private void flush() throws IOException {
        synchronized (writeLock) {
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
                        watchWritable();
                        return;
                    }
                }
            } while (!descriptorWrites.isEmpty() && descriptorWrites.release(channel, loop.sockets(), outgoing));
            if (!descriptorWrites.isEmpty()) {
                watchWritable();
                return;
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
            if (!closed && (outgoing.size() > 0 || !descriptorWrites.isEmpty()) && k != null && k.isValid()) {
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
            descriptorWrites.clear();
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

package dev.qmp4j.e2e.fuzz;

import dev.qmp4j.core.QmpEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the fuzzer: a UNIX socket listener, one per worker, and the connection it
 * accepted. Non-blocking with a selector, so that every read, write and accept has a deadline
 * and a client that stops reading or goes away never stalls a worker.
 */
final class ScriptedPeer implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private SocketChannel channel;
    private boolean clientGone;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ScriptedPeer(Path socket) throws IOException {
        this.socket = socket;
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        listener.configureBlocking(false);
        selector = Selector.open();
    }

    /** Where the client connects. */
    QmpEndpoint endpoint() {
        return QmpEndpoint.unix(socket);
    }

    /** Accepts the next connection, closing the previous one; false when none came by the deadline. */
    boolean accept(long deadlineNanos) throws IOException {
        hangUp();
        SelectionKey key = listener.register(selector, SelectionKey.OP_ACCEPT);
        try {
            while ((channel = listener.accept()) == null) {
                if (!waitFor(deadlineNanos)) {
                    return false;
                }
            }
        } finally {
            key.cancel();
            selector.selectNow(); // flush the cancelled key so that the channel can be registered again
        }
        channel.configureBlocking(false);
        clientGone = false;
        line.reset();
        in.clear();
        return true;
    }

    /** The next line the client wrote (one command), or empty on EOF, error or deadline. */
    Optional<String> readLine(long deadlineNanos) throws IOException {
        if (channel == null || clientGone) {
            return Optional.empty();
        }
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            while (System.nanoTime() < deadlineNanos) {
                in.flip();
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == '\n') {
                        in.compact();
                        String text = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        return Optional.of(text);
                    }
                    line.write(b);
                }
                in.clear();
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException e) {
                    n = -1; // reset by the client
                }
                if (n < 0) {
                    clientGone = true;
                    return Optional.empty();
                }
                if (n == 0 && !waitFor(deadlineNanos)) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        } finally {
            key.cancel();
            selector.selectNow(); // flush the cancelled key so that the channel can be registered again
        }
    }

    /**
     * Writes {@code bytes}, in writes of at most {@code maxWrite} bytes (of random size when
     * {@code random} is given); false when the client is gone or stopped reading until the deadline.
     */
    boolean write(byte[] bytes, int maxWrite, SplittableRandom random, long deadlineNanos) throws IOException {
        if (channel == null || clientGone) {
            return false;
        }
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        try {
            for (int at = 0; at < bytes.length; ) {
                int size = Math.min(bytes.length - at, random == null ? maxWrite : 1 + random.nextInt(maxWrite));
                ByteBuffer chunk = ByteBuffer.wrap(bytes, at, size);
                while (chunk.hasRemaining()) {
                    try {
                        channel.write(chunk);
                    } catch (IOException e) {
                        clientGone = true; // the client closed: broken pipe or reset
                        return false;
                    }
                    if (chunk.hasRemaining() && !waitFor(deadlineNanos)) {
                        return false;
                    }
                }
                at += size;
            }
            return true;
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }

    /** Whether the client closed its end (EOF, reset or broken pipe seen). */
    boolean clientGone() {
        return clientGone;
    }

    /** Closes the accepted connection, if any. */
    void hangUp() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Waits for the selector until the deadline; false once it has passed. */
    private boolean waitFor(long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        selector.selectedKeys().clear();
        return true;
    }

    @Override
    public void close() throws IOException {
        hangUp();
        selector.close();
        listener.close();
        Files.deleteIfExists(socket);
    }
}

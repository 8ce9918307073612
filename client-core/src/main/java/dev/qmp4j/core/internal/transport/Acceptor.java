package dev.qmp4j.core.internal.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket on an event loop. It takes connections only while its owner wants one
 * (so that nobody's connection sits accepted and unanswered), and hands each to the owner.
 */
public final class Acceptor implements SelectableHandler {
    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

    private final EventLoop loop;
    private final ServerSocketChannel server;
    private final SocketAddress boundAddress;
    private SelectionKey key;
    private Consumer<SocketChannel> onAccepted;
    private BooleanSupplier wantsMore;
    private Consumer<Throwable> onFailure;
    private boolean closed;

    private Acceptor(EventLoop loop, ServerSocketChannel server, SocketAddress boundAddress) {
        this.loop = loop;
        this.server = server;
        this.boundAddress = boundAddress;
    }

    /** Binds a listening socket now, on the calling thread, so that bind errors reach the caller at once. */
    public static Acceptor bind(EventLoop loop, SocketAddress address) throws IOException {
        ServerSocketChannel server = loop.sockets().openServerChannel(address);
        try {
            server.configureBlocking(false);
            server.bind(address);
            // A UNIX socket is bound at the path asked for (junixsocket's name it in a type of their own).
            return new Acceptor(loop, server, address instanceof UnixDomainSocketAddress ? address
                    : server.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The address actually bound (the real port for TCP port 0). */
    public SocketAddress boundAddress() {
        return boundAddress;
    }

    /**
     * Registers with the loop. Loop thread only.
     *
     * @param onAccepted receives each accepted socket
     * @param wantsMore whether the owner wants another connection now
     * @param onFailure told when the listening socket fails
     * @throws IOException naming why the loop stopped, when it has
     */
    public void start(Consumer<SocketChannel> onAccepted, BooleanSupplier wantsMore, Consumer<Throwable> onFailure)
            throws IOException {
        this.onAccepted = onAccepted;
        this.wantsMore = wantsMore;
        this.onFailure = onFailure;
        key = loop.register(server, 0, this);
        update();
    }

    /** Re-reads whether the owner wants connections. Loop thread only. */
    public void update() {
        if (!closed && key != null && key.isValid()) {
            key.interestOps(wantsMore.getAsBoolean() ? SelectionKey.OP_ACCEPT : 0);
        }
    }

    /** Stops listening and deletes a UNIX socket file. Loop thread only; idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        loop.forget(this);
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing listening socket failed", e);
        }
        if (boundAddress instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                log.warn("cannot delete socket file {}", unix.getPath(), e);
            }
        }
    }

    @Override
    public void onReady(SelectionKey key) {
        while (!closed && wantsMore.getAsBoolean()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                onFailure(e);
                return;
            }
            if (channel == null) {
                break;
            }
            onAccepted.accept(channel);
        }
        update();
    }

    @Override
    public void onFailure(Throwable failure) {
        if (!closed) {
            close();
            if (onFailure != null) {
                onFailure.accept(failure);
            }
        }
    }
}

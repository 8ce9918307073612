package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.internal.Callbacks;
import dev.qmp4j.core.internal.transport.Acceptor;
import dev.qmp4j.core.internal.transport.EventLoop;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@link QmpListener} over an {@link Acceptor}: each waiting {@link #accept()} takes one
 * connection, which then goes through greeting and negotiation like a connected one.
 */
public final class SessionListener implements QmpListener {
    private final EventLoop loop;
    private final Acceptor acceptor;
    private final QmpEndpoint endpoint;
    private final Callbacks callbacks;
    private final BiFunction<QmpEndpoint, CompletableFuture<QmpSession>, SessionEngine> newSession;
    private final Consumer<SessionListener> onClosed;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    // Loop-thread state.
    private final ArrayDeque<CompletableFuture<QmpSession>> waiting = new ArrayDeque<>();
    private volatile QmpException end;

    /**
     * Creates a listener over a bound acceptor and starts it.
     *
     * @param newSession makes an engine for an accepted connection that completes the given future
     */
    public SessionListener(EventLoop loop, Acceptor acceptor, QmpEndpoint endpoint, Callbacks callbacks,
            BiFunction<QmpEndpoint, CompletableFuture<QmpSession>, SessionEngine> newSession,
            Consumer<SessionListener> onClosed) {
        this.loop = loop;
        this.acceptor = acceptor;
        this.endpoint = endpoint;
        this.callbacks = callbacks;
        this.newSession = newSession;
        this.onClosed = onClosed;
        loop.execute(() -> {
            try {
                acceptor.start(this::accepted, this::wantsConnection, this::failed);
            } catch (java.io.IOException e) {
                failed(e);
            }
        });
    }

    @Override
    public QmpEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public CompletableFuture<QmpSession> accept() {
        QmpException ended = end;
        if (ended != null) {
            return CompletableFuture.failedFuture(ended);
        }
        CompletableFuture<QmpSession> session = new CompletableFuture<>();
        loop.execute(() -> {
            if (end != null) {
                callbacks.run(() -> session.completeExceptionally(end));
                return;
            }
            waiting.add(session);
            acceptor.update();
        });
        return session;
    }

    @Override
    public void close() {
        loop.execute(() -> shutDown(new QmpClosedException("listener on " + endpoint + " was closed")));
        if (!loop.inLoop()) {
            try {
                closedLatch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean wantsConnection() {
        waiting.removeIf(CompletableFuture::isDone);
        return !waiting.isEmpty();
    }

    private void accepted(SocketChannel channel) {
        CompletableFuture<QmpSession> session = waiting.poll();
        newSession.apply(endpoint, session).startAccepted(channel);
    }

    private void failed(Throwable e) {
        shutDown(new QmpConnectionException("listener on " + endpoint + " failed: " + e, e));
    }

    private void shutDown(QmpException reason) {
        if (end != null) {
            return;
        }
        end = reason;
        acceptor.close();
        for (CompletableFuture<QmpSession> w : waiting) {
            callbacks.run(() -> w.completeExceptionally(reason));
        }
        waiting.clear();
        closedLatch.countDown();
        onClosed.accept(this);
    }
}

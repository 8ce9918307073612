package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.internal.Durations;
import dev.qmp4j.core.internal.Futures;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSessionState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a session ends, whatever ends it: the owner's close, EOF, an I/O or protocol error,
 * the connect timeout, a failure while handling a message. The first cause is the root cause and
 * stays: it is what every waiting command, subscription and later call is told. Each step runs
 * even when one before it failed; such a later failure is logged, never put in the root cause's
 * place. {@link #end} runs on the loop thread.
 */
final class SessionTeardown {
    private static final Logger log = LoggerFactory.getLogger(SessionTeardown.class);
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final SessionEngine engine;
    private final Consumer<SessionEngine> onClosed;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Why the session ended; read by callers to fail fast. */
    private volatile QmpException cause;
    private boolean endOfStream; // loop thread

    SessionTeardown(SessionEngine engine, Consumer<SessionEngine> onClosed) {
        this.engine = engine;
        this.onClosed = onClosed;
    }

    /** Why the session ended, or null while it has not. */
    QmpException cause() {
        return cause;
    }

    /**
     * A new future that follows the end of the session. Not the shared one: a caller who cancels or
     * completes what it got must not change what the others see. Unlike {@code copy()}, it fails
     * with the cause itself rather than a {@link java.util.concurrent.CompletionException} around it.
     */
    CompletableFuture<Void> whenClosed() {
        return Futures.follow(closeFuture);
    }

    /** The owner closes the session. */
    void endByOwner() {
        end(null, true);
    }

    /** The server closed the connection. */
    void endOfStream(QmpException cause) {
        endOfStream = true;
        end(cause, false);
    }

    /** Something went wrong: {@code cause} says what. */
    void end(QmpException cause) {
        end(cause, false);
    }

    /** Waits until the session has ended, bounded. Not on the loop thread. */
    void awaitClosed() {
        try {
            if (!closed.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("session {} did not close within {}", engine.endpoint, Durations.millis(CLOSE_WAIT_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void end(QmpException failure, boolean byOwner) {
        QmpSessionState state = engine.state();
        if (state == QmpSessionState.CLOSING || state == QmpSessionState.CLOSED) {
            if (failure != null) {
                log.debug("{}: already ending ({}); also: {}", engine.endpoint, cause.getMessage(), failure.toString());
            }
            return;
        }
        QmpException reason = byOwner ? new QmpClosedException("session " + engine.endpoint + " was closed") : failure;
        cause = reason; // before the state: whoever sees the session ending finds why
        engine.state(QmpSessionState.CLOSING);
        step(engine::closeConnection);
        step(engine.events::handOver); // events that came before the end are delivered before it
        // QEMU may close the socket after SHUTDOWN before the reply of quit gets out.
        boolean quitEnded = engine.events.shutdownSeen()
                && (endOfStream || reason instanceof QmpConnectionException);
        step(() -> engine.commands.failAll(reason, quitEnded));
        engine.state(QmpSessionState.CLOSED);
        step(() -> engine.events.terminate(reason));
        step(() -> engine.handshake.fail(reason));
        step(() -> engine.callbacks.run(() -> {
            if (byOwner) {
                closeFuture.complete(null);
            } else {
                closeFuture.completeExceptionally(reason);
            }
        }));
        if (!byOwner) {
            log.debug("{}: session ended: {}", engine.endpoint, reason.getMessage());
        }
        step(() -> onClosed.accept(engine));
        closed.countDown();
    }

    /** One step of the end; its failure is logged and the end goes on. */
    private void step(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            log.warn("{}: a step of ending the session failed (the session ended because: {})", engine.endpoint,
                    cause.getMessage(), t);
        }
    }

    /** The failure of a call made after the session ended (fail fast, with the root cause). */
    QmpException laterCallFailure(String command) {
        QmpException reason = cause;
        return sameKind("cannot run " + command + ": session " + engine.endpoint + " has ended: " + reason.getMessage(),
                reason);
    }

    /** The failure of a command that was waiting when the session ended. */
    static QmpException commandFailure(String command, QmpException reason) {
        return sameKind(command + " got no reply: " + reason.getMessage(), reason);
    }

    /** A new exception of the same kind as {@code reason} (closed, protocol or connection), caused by it. */
    private static QmpException sameKind(String message, QmpException reason) {
        if (reason instanceof QmpClosedException) {
            return new QmpClosedException(message, reason);
        }
        if (reason instanceof QmpProtocolException) {
            return new QmpProtocolException(message, reason);
        }
        return new QmpConnectionException(message, reason);
    }
}

package dev.qmp4j.core;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's own view of the {@link ConnectionChange}s of a session, from
 * {@link QmpSession#connectionChanges()}. It starts with where the connection is now (the most
 * recent change: {@code CONNECTED}, {@code RECONNECTED} or {@code DISCONNECTED}) and then has each
 * change in order. Take them with {@link #next()} or {@link #poll()}.
 *
 * <p>It ends when it is closed or when its session ends: after a close of the session (or of this
 * subscription) {@link #next()} fails with {@link QmpClosedException}; after a lost connection
 * that is not re-established (a session without reconnection, or one that gave up) it fails with
 * that cause, after the {@code DISCONNECTED} or {@code GAVE_UP} change. It keeps the last
 * {@value #BUFFER_SIZE} changes not taken yet, so that a session that keeps failing cannot fill the
 * heap of a consumer that does not read; older ones are dropped, with a WARN log line once.
 */
public interface ConnectionChanges extends AutoCloseable {
    /** How many changes not taken yet a subscription keeps: {@value}. */
    int BUFFER_SIZE = 64;

    /**
     * The next change, as a future that completes on the client's callback executor. Several calls
     * may wait at once; each change goes to one of them, in order. Cancelling the future gives up
     * the wait without losing a change.
     *
     * @return the next change, or a future failed with the reason the subscription ended
     */
    CompletableFuture<ConnectionChange> next();

    /**
     * The next change already there, without waiting.
     *
     * @return the change, or empty when none is
     */
    Optional<ConnectionChange> poll();

    /**
     * Whether the subscription has ended (changes may still be there to take).
     *
     * @return true after close or the end of the session
     */
    boolean isClosed();

    /**
     * Ends the subscription; waiting {@link #next()} calls fail with {@link QmpClosedException}.
     * Idempotent.
     */
    @Override
    void close();
}

package dev.qmp4j.core;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's own bounded buffer of events, filled by the I/O thread without ever blocking it.
 * Take events with {@link #next()} (asynchronous) or {@link #poll()} (non-blocking). Take the
 * subscription <em>before</em> running a command whose event you need, so that it cannot be
 * missed.
 *
 * <p>The subscription ends when it is closed, when its session ends, or, with
 * {@link EventOverflowPolicy#FAIL}, when its buffer overflows. Events buffered before the end
 * are still handed out; after them {@link #next()} fails with the reason:
 * {@link QmpClosedException} for a close on purpose, the connection's exception for a lost
 * connection, {@link QmpEventOverflowException} for an overflow. The subscriptions of a
 * reconnecting session (see {@link ReconnectOptions}) go on across a lost connection, with the
 * events from before and after it, and end only when the session is closed or gives up.
 */
public interface EventSubscription extends AutoCloseable {

    /**
     * The next event, as a future that completes on the client's callback executor when one
     * arrives. Several calls may wait at once; each event goes to one of them, in order of
     * arrival. Cancelling the future gives up the wait without losing an event.
     *
     * @return the next event, or a future failed with the reason the subscription ended
     */
    CompletableFuture<QmpEvent> next();

    /**
     * The next buffered event, without waiting.
     *
     * @return the event, or empty when none is buffered
     */
    Optional<QmpEvent> poll();

    /**
     * How many events were discarded by a {@code DROP_} overflow policy.
     *
     * @return the count since the subscription began
     */
    long droppedCount();

    /**
     * Whether the subscription has ended (events may still be buffered).
     *
     * @return true after close, session end or overflow
     */
    boolean isClosed();

    /**
     * The options the subscription was made with.
     *
     * @return the options
     */
    EventSubscriptionOptions options();

    /**
     * Ends the subscription and frees its buffer; waiting {@link #next()} calls fail with
     * {@link QmpClosedException}. Idempotent.
     */
    @Override
    void close();
}

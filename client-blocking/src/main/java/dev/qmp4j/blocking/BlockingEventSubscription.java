package dev.qmp4j.blocking;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.Durations;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An {@link EventSubscription} read by blocking: {@link #next(Duration)}, {@link #poll()},
 * {@link #awaitEvent(Predicate, Duration)}, or a loop over it:
 *
 * <pre>{@code
 * try (BlockingEventSubscription events = session.subscribe("BLOCK_JOB_COMPLETED")) {
 *     for (QmpEvent event : events) { ... }   // ends when the session closes
 * }
 * }</pre>
 *
 * <p>The subscription ends when it is closed, when its session ends, or when its buffer
 * overflows under {@link dev.qmp4j.core.EventOverflowPolicy#FAIL}. Events buffered before the end
 * are still handed out; after them {@link #next(Duration)} throws the reason:
 * {@link QmpClosedException} for a close on purpose (of the subscription or of the session), the
 * connection's exception for a lost connection, {@link dev.qmp4j.core.QmpEventOverflowException}
 * for an overflow. Iteration ends normally in the first case and throws in the others. A
 * reconnecting session's subscriptions go on across a lost connection until it gives up.
 *
 * <p>Thread-safe: several threads may wait at once; each event goes to one of them. No event is
 * lost when a wait times out or is interrupted.
 */
public final class BlockingEventSubscription implements AutoCloseable, Iterable<QmpEvent> {
    private final EventSubscription subscription;

    BlockingEventSubscription(EventSubscription subscription) {
        this.subscription = subscription;
    }

    /**
     * Wraps a subscription; closing the wrapper closes it.
     *
     * @param subscription the subscription
     * @return the blocking view of it
     */
    public static BlockingEventSubscription of(EventSubscription subscription) {
        return new BlockingEventSubscription(Objects.requireNonNull(subscription, "subscription"));
    }

    /**
     * The next event, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait; zero takes only an event already there
     * @return the event
     * @throws QmpTimeoutException when none arrives in time
     * @throws QmpClosedException when the subscription or its session was closed
     * @throws QmpException with the reason the subscription ended otherwise, or when the thread
     *     is interrupted (its flag is set again)
     */
    public QmpEvent next(Duration timeout) {
        QmpEvent event = take(Await.nonNegative(timeout));
        if (event == null) {
            throw new QmpTimeoutException("no event within " + Durations.text(timeout));
        }
        return event;
    }

    /**
     * The next buffered event, without waiting.
     *
     * @return the event, or empty when none is buffered (or the subscription has ended)
     */
    public Optional<QmpEvent> poll() {
        return subscription.poll();
    }

    /**
     * Waits for the first event that {@code matches}, taking and skipping the others.
     *
     * @param matches which event is the one; runs on the calling thread
     * @param timeout how long to wait in all
     * @return the matching event
     * @throws QmpTimeoutException when no matching event arrives in time
     * @throws QmpException as {@link #next(Duration)}
     */
    public QmpEvent awaitEvent(Predicate<QmpEvent> matches, Duration timeout) {
        Objects.requireNonNull(matches, "matches");
        long total = Await.nonNegative(timeout);
        long start = System.nanoTime();
        while (true) {
            QmpEvent event = take(Math.max(0, total - (System.nanoTime() - start)));
            if (event == null) {
                throw new QmpTimeoutException("no matching event within " + Durations.text(timeout));
            }
            if (matches.test(event)) {
                return event;
            }
        }
    }

    /**
     * Iterates over the events as they arrive: {@code hasNext()} blocks until the next event or the
     * end of the subscription, with no time limit (close the subscription or interrupt the thread
     * to stop it). It returns false when the subscription was closed on purpose (this one or its
     * session) and throws the reason when it ended with an error (connection lost, overflow).
     * Meant for one thread at a time.
     *
     * @return an iterator over the events from now on
     */
    @Override
    public Iterator<QmpEvent> iterator() {
        return new TakingIterator<>(() -> take(-1), "the event subscription has ended");
    }

    /**
     * The events as a sequential stream, blocking and ending as {@link #iterator()} does.
     *
     * @return a stream of the events from now on
     */
    public Stream<QmpEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * How many events were discarded by a {@code DROP_} overflow policy.
     *
     * @return the count since the subscription began
     */
    public long droppedCount() {
        return subscription.droppedCount();
    }

    /**
     * Whether the subscription has ended (events may still be buffered).
     *
     * @return true after close, session end or overflow
     */
    public boolean isClosed() {
        return subscription.isClosed();
    }

    /**
     * The options the subscription was made with.
     *
     * @return the options
     */
    public EventSubscriptionOptions options() {
        return subscription.options();
    }

    /**
     * The underlying asynchronous subscription.
     *
     * @return the subscription
     */
    public EventSubscription async() {
        return subscription;
    }

    /**
     * Ends the subscription and frees its buffer; threads waiting in {@link #next(Duration)} are
     * released with {@link QmpClosedException}. Idempotent.
     */
    @Override
    public void close() {
        subscription.close();
    }

    /** The next event, or null when none came within {@code nanos}; negative waits without a time limit. */
    private QmpEvent take(long nanos) {
        return Await.take(subscription::next, nanos, "an event");
    }

    @Override
    public String toString() {
        return "BlockingEventSubscription[" + subscription.options().eventNames() + (isClosed() ? ", closed]" : "]");
    }
}

package dev.qmp4j.blocking;

import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.Durations;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The steps of a session's connection ({@link ConnectionChanges}) read by blocking:
 * {@link #next(Duration)}, {@link #poll()}, or a loop over them, for instance on a thread that
 * reports a reconnecting session's gaps:
 *
 * <pre>{@code
 * try (BlockingConnectionChanges changes = session.connectionChanges()) {
 *     for (ConnectionChange change : changes) { log(change); }   // ends when the session is closed
 * }
 * }</pre>
 *
 * <p>It starts with where the connection is now and ends with the session: iteration ends
 * normally after a close and throws the cause when the session ended otherwise (a lost connection
 * without reconnection, or a reconnecting session that gave up), after the change that says so.
 * Thread-safe; no change is lost when a wait times out or is interrupted.
 */
public final class BlockingConnectionChanges implements AutoCloseable, Iterable<ConnectionChange> {
    private final ConnectionChanges changes;

    private BlockingConnectionChanges(ConnectionChanges changes) {
        this.changes = changes;
    }

    /**
     * Wraps a subscription; closing the wrapper closes it.
     *
     * @param changes the subscription
     * @return the blocking view of it
     */
    public static BlockingConnectionChanges of(ConnectionChanges changes) {
        return new BlockingConnectionChanges(Objects.requireNonNull(changes, "changes"));
    }

    /**
     * The next change, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait; zero takes only a change already there
     * @return the change
     * @throws QmpTimeoutException when none comes in time
     * @throws QmpClosedException when the subscription or its session was closed
     * @throws QmpException with the cause the session ended with otherwise, or when the thread is
     *     interrupted (its flag is set again)
     */
    public ConnectionChange next(Duration timeout) {
        ConnectionChange change = take(Await.nonNegative(timeout));
        if (change == null) {
            throw new QmpTimeoutException("no connection change within " + Durations.text(timeout));
        }
        return change;
    }

    /**
     * The next change already there, without waiting.
     *
     * @return the change, or empty when none is
     */
    public Optional<ConnectionChange> poll() {
        return changes.poll();
    }

    /**
     * Iterates over the changes as they come: {@code hasNext()} blocks, with no time limit, until
     * the next change or the end; it returns false after a close and throws the cause after any
     * other end. Meant for one thread at a time.
     *
     * @return an iterator over the changes from now on
     */
    @Override
    public Iterator<ConnectionChange> iterator() {
        return new TakingIterator<>(() -> take(-1), "the connection change subscription has ended");
    }

    /**
     * The changes as a sequential stream, blocking and ending as {@link #iterator()} does.
     *
     * @return a stream of the changes from now on
     */
    public Stream<ConnectionChange> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Whether the subscription has ended (changes may still be there to take).
     *
     * @return true after close or the end of the session
     */
    public boolean isClosed() {
        return changes.isClosed();
    }

    /**
     * The underlying asynchronous subscription.
     *
     * @return the subscription
     */
    public ConnectionChanges async() {
        return changes;
    }

    /**
     * Ends the subscription; threads waiting in {@link #next(Duration)} are released with
     * {@link QmpClosedException}. Idempotent.
     */
    @Override
    public void close() {
        changes.close();
    }

    private ConnectionChange take(long nanos) {
        return Await.take(changes::next, nanos, "a connection change");
    }

    @Override
    public String toString() {
        return "BlockingConnectionChanges[" + (isClosed() ? "closed]" : "open]");
    }
}

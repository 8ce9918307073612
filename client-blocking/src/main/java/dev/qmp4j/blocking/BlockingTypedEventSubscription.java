package dev.qmp4j.blocking;

import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.typed.QmpEventType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@link BlockingEventSubscription} to one event type whose events come decoded, such as
 * {@code session.subscribe(ShutdownEvent.TYPE)}. Waiting, timeouts and the end of the
 * subscription are those of the underlying subscription, which {@link #events()} gives.
 *
 * @param <T> the event's data type
 */
public final class BlockingTypedEventSubscription<T> implements AutoCloseable {
    private final BlockingEventSubscription events;
    private final QmpEventType<T> type;
    private final QmpVersion serverVersion;

    BlockingTypedEventSubscription(BlockingEventSubscription events, QmpEventType<T> type, QmpVersion serverVersion) {
        this.serverVersion = serverVersion;
        this.events = events;
        this.type = type;
    }

    /**
     * Waits for the next event and decodes it.
     *
     * @param timeout the longest wait
     * @return the event's data
     * @throws dev.qmp4j.core.QmpTimeoutException when none arrives in time
     */
    public T next(Duration timeout) {
        return type.decode(events.next(timeout), serverVersion);
    }

    /**
     * The next buffered event, decoded, without waiting.
     *
     * @return the data, or empty when none is buffered
     */
    public Optional<T> poll() {
        return events.poll().map(event -> type.decode(event, serverVersion));
    }

    /**
     * Waits for the first event whose data matches, skipping others.
     *
     * @param matches which event is the one
     * @param timeout the longest wait in all
     * @return the matching event's data
     * @throws dev.qmp4j.core.QmpTimeoutException when none matched in time
     */
    public T awaitEvent(Predicate<T> matches, Duration timeout) {
        Objects.requireNonNull(matches, "matches");
        return type.decode(events.awaitEvent(event -> matches.test(type.decode(event, serverVersion)), timeout),
                serverVersion);
    }

    /**
     * The event type.
     *
     * @return the type
     */
    public QmpEventType<T> type() {
        return type;
    }

    /**
     * The underlying subscription, for raw events with their timestamps.
     *
     * @return the untyped subscription
     */
    public BlockingEventSubscription events() {
        return events;
    }

    /** Ends the subscription, as {@link BlockingEventSubscription#close()}. */
    @Override
    public void close() {
        events.close();
    }
}

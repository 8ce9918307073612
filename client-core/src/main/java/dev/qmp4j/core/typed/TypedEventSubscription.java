package dev.qmp4j.core.typed;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpVersion;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventSubscription} to one event type whose events come decoded, such as
 * {@code session.subscribe(ShutdownEvent.TYPE)}. Buffering, overflow and the end of the
 * subscription are those of the underlying subscription, which {@link #events()} gives (with the
 * events' timestamps).
 *
 * @param <T> the event's data type
 */
public final class TypedEventSubscription<T> implements AutoCloseable {
    private final EventSubscription events;
    private final QmpEventType<T> type;
    private final QmpVersion serverVersion;

    /**
     * Wraps a subscription that receives only events of {@code type}.
     *
     * @param events a subscription filtered to {@code type}'s name
     * @param type the event type
     * @param serverVersion the server's QEMU version, named when a member it left out is read
     */
    public TypedEventSubscription(EventSubscription events, QmpEventType<T> type, QmpVersion serverVersion) {
        this.serverVersion = serverVersion;
        this.events = Objects.requireNonNull(events, "events");
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * The next event, decoded.
     *
     * @return the event's data; fails as {@link EventSubscription#next()} does, or with a
     *     {@link dev.qmp4j.core.QmpProtocolException} when the data cannot be decoded
     */
    public CompletableFuture<T> next() {
        CompletableFuture<dev.qmp4j.core.QmpEvent> next = events.next();
        CompletableFuture<T> decoded = next.thenApply(event -> type.decode(event, serverVersion));
        decoded.whenComplete((value, error) -> {
            if (decoded.isCancelled()) {
                next.cancel(false); // give the wait up without losing the event
            }
        });
        return decoded;
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
     * The event type.
     *
     * @return the type
     */
    public QmpEventType<T> type() {
        return type;
    }

    /**
     * The underlying subscription, for raw events with their timestamps, the dropped count and
     * whether it has ended.
     *
     * @return the untyped subscription
     */
    public EventSubscription events() {
        return events;
    }

    /** Ends the subscription, as {@link EventSubscription#close()}. */
    @Override
    public void close() {
        events.close();
    }
}

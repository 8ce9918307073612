package dev.qmp4j.core.internal.events;

import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.internal.Callbacks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventSubscription} backed by a bounded queue. {@link #offer} is called by the I/O
 * thread and never blocks. Waiting {@link #next()} calls are served by one drain task at a time
 * on the callback executor, which pairs the oldest event with the oldest live waiter: so events
 * come out in arrival order even when waiters are cancelled midway.
 */
final class BufferedSubscription implements EventSubscription {
    private static final Logger log = LoggerFactory.getLogger(BufferedSubscription.class);

    private final EventSubscriptionOptions options;
    private final Callbacks callbacks;
    private final Consumer<BufferedSubscription> onEnd;
    private final ArrayDeque<Buffered> buffer = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<QmpEvent>> waiters = new ArrayDeque<>();
    /** Guards the fields below; private, so that no user lock on the subscription can stall the I/O thread. */
    private final Object lock = new Object();
    private boolean draining;
    private long dropped;
    private long bufferedBytes;
    /** Why the subscription ended; null while it is open. */
    private RuntimeException end;

    BufferedSubscription(EventSubscriptionOptions options, Callbacks callbacks, Consumer<BufferedSubscription> onEnd) {
        this.options = options;
        this.callbacks = callbacks;
        this.onEnd = onEnd;
    }

    boolean wants(QmpEvent event) {
        return options.eventNames().isEmpty() || options.eventNames().contains(event.name());
    }

    /** An event waiting in the buffer, and the heap it keeps at most. */
    private record Buffered(QmpEvent event, long bytes) {
    }

    /** Buffers an event, or applies the overflow policy when full by count or bytes. Never blocks. */
    void offer(QmpEvent event, long bytes) {
        boolean overflowed = false;
        synchronized (lock) {
            if (end != null) {
                return;
            }
            if (fits(bytes)) {
                add(new Buffered(event, bytes));
            } else {
                overflowed = overflow(new Buffered(event, bytes));
            }
            startDrainIfNeeded();
        }
        if (overflowed) {
            onEnd.accept(this);
        }
    }

    /** Ends the subscription; buffered events stay available, then {@link #next()} fails with {@code reason}. */
    void terminate(RuntimeException reason) {
        synchronized (lock) {
            if (end == null) {
                end = reason;
                startDrainIfNeeded();
            }
        }
    }

    @Override
    public CompletableFuture<QmpEvent> next() {
        synchronized (lock) {
            return nextLocked();
        }
    }

    private CompletableFuture<QmpEvent> nextLocked() {
        if (!draining && waiters.isEmpty()) {
            QmpEvent event = take();
            if (event != null) {
                return CompletableFuture.completedFuture(event);
            }
            if (end != null) {
                return CompletableFuture.failedFuture(end);
            }
        }
        waiters.removeIf(CompletableFuture::isDone); // waits given up (timed out, cancelled) must not pile up
        CompletableFuture<QmpEvent> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        startDrainIfNeeded();
        return waiter;
    }

    @Override
    public Optional<QmpEvent> poll() {
        synchronized (lock) {
            // Events are promised to earlier next() calls first.
            return draining || !waiters.isEmpty() ? Optional.empty() : Optional.ofNullable(take());
        }
    }

    @Override
    public long droppedCount() {
        synchronized (lock) {
            return dropped;
        }
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return end != null;
        }
    }

    @Override
    public EventSubscriptionOptions options() {
        return options;
    }

    @Override
    public void close() {
        synchronized (lock) {
            buffer.clear();
            bufferedBytes = 0;
        }
        terminate(new QmpClosedException("event subscription closed"));
        onEnd.accept(this);
    }

    /** Under the lock: starts the drain task when a waiter can be served. */
    private void startDrainIfNeeded() {
        if (!draining && !waiters.isEmpty() && (!buffer.isEmpty() || end != null)) {
            draining = true;
            callbacks.run(this::drain);
        }
    }

    /** Hands events to waiters in order, outside the lock; fails the waiters left once the subscription has ended. */
    private void drain() {
        while (true) {
            CompletableFuture<QmpEvent> waiter;
            Buffered entry;
            List<CompletableFuture<QmpEvent>> toFail = List.of();
            RuntimeException reason;
            synchronized (lock) {
                waiters.removeIf(CompletableFuture::isDone);
                reason = end;
                if (waiters.isEmpty() || (buffer.isEmpty() && reason == null)) {
                    draining = false;
                    return;
                }
                entry = buffer.poll();
                if (entry == null) {
                    toFail = new ArrayList<>(waiters);
                    waiters.clear();
                    draining = false;
                } else {
                    bufferedBytes -= entry.bytes();
                }
                waiter = entry == null ? null : waiters.poll();
            }
            if (entry == null) {
                toFail.forEach(w -> w.completeExceptionally(reason));
                return;
            }
            if (!waiter.complete(entry.event())) {
                synchronized (lock) {
                    // the waiter was cancelled meanwhile: the event stays first in line
                    buffer.addFirst(entry);
                    bufferedBytes += entry.bytes();
                }
            }
        }
    }

    /** Under the lock: whether one more event of this many bytes fits, by count and by bytes. */
    private boolean fits(long bytes) {
        return buffer.size() < options.bufferSize() && bufferedBytes + bytes <= options.maxBufferedBytes();
    }

    private void add(Buffered entry) {
        buffer.add(entry);
        bufferedBytes += entry.bytes();
    }

    /** Under the lock: the oldest buffered event, or null. */
    private QmpEvent take() {
        Buffered entry = buffer.poll();
        if (entry == null) {
            return null;
        }
        bufferedBytes -= entry.bytes();
        return entry.event();
    }

    /** Applies the overflow policy under the lock; returns true when the subscription ended. */
    private boolean overflow(Buffered entry) {
        EventOverflowPolicy policy = options.overflowPolicy();
        boolean byCount = buffer.size() >= options.bufferSize();
        if (policy == EventOverflowPolicy.FAIL) {
            end = byCount ? new QmpEventOverflowException(options.bufferSize(), entry.event().name())
                    : new QmpEventOverflowException(options.bufferSize(), options.maxBufferedBytes(),
                            entry.event().name());
            log.warn("event subscription overflowed and ended: {}", end.getMessage());
            return true;
        }
        long droppedBefore = dropped;
        if (policy == EventOverflowPolicy.DROP_OLDEST && entry.bytes() <= options.maxBufferedBytes()) {
            while (!fits(entry.bytes())) {
                take();
                dropped++;
            }
            add(entry);
        } else {
            dropped++; // DROP_NEWEST, or an event over the whole budget: the new one goes
        }
        if (droppedBefore == 0) {
            log.warn("event subscription buffer full ({} events or {} bytes): {}; see droppedCount()",
                    options.bufferSize(), options.maxBufferedBytes(),
                    policy == EventOverflowPolicy.DROP_OLDEST ? "dropping the oldest" : "dropping the newest");
        }
        return false;
    }
}

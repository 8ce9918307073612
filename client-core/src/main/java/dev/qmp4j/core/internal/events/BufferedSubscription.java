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
 * thread with the events of one read and never blocks. Waiting {@link #next()} calls are served by
 * one drain task at a time on the callback executor, which pairs the oldest event with the oldest
 * live waiter: so events come out in arrival order even when waiters are cancelled midway.
 */
final class BufferedSubscription implements EventSubscription {
    private static final Logger log = LoggerFactory.getLogger(BufferedSubscription.class);

    private final EventSubscriptionOptions options;
    private final Callbacks callbacks;
    private final Consumer<BufferedSubscription> onEnd;
    private final ArrayDeque<BufferedEvent> buffer = new ArrayDeque<>();
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

    /**
     * Buffers events in order, applying the overflow policy to each that finds the buffer full by
     * count or bytes, and hands them to waiting {@link #next()} calls in one task. Never blocks.
     *
     * @throws RuntimeException or Error as the callback executor throws when given that task (not
     *     when it refuses it: then the task runs here); the events stay buffered
     */
    void offer(List<BufferedEvent> events) {
        boolean overflowed = false;
        boolean drain;
        synchronized (lock) {
            if (end != null) {
                return;
            }
            for (BufferedEvent entry : events) {
                if (fits(entry.bytes())) {
                    add(entry);
                } else if (overflow(entry)) {
                    overflowed = true;
                    break;
                }
            }
            drain = drainNeeded();
        }
        try {
            if (drain) {
                startDrain();
            }
        } finally {
            if (overflowed) {
                onEnd.accept(this);
            }
        }
    }

    /**
     * Ends the subscription; buffered events stay available, then {@link #next()} fails with
     * {@code reason}. Waiting calls are told on the callback executor or, when it throws, here: they
     * must never be left waiting.
     */
    void terminate(RuntimeException reason) {
        boolean drain;
        synchronized (lock) {
            if (end != null) {
                return;
            }
            end = reason;
            drain = drainNeeded();
        }
        if (drain) {
            try {
                startDrain();
            } catch (RuntimeException | Error e) {
                log.warn("the callback executor failed to take the end of an event subscription; telling its waiting"
                        + " calls on this thread", e);
                synchronized (lock) {
                    if (draining) {
                        return; // another thread started one meanwhile
                    }
                    draining = true;
                }
                drain();
            }
        }
    }

    @Override
    public CompletableFuture<QmpEvent> next() {
        CompletableFuture<QmpEvent> waiter;
        synchronized (lock) {
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
            waiter = new CompletableFuture<>();
            waiters.add(waiter);
            if (!drainNeeded()) {
                return waiter;
            }
        }
        startDrain(); // the caller sees what the executor throws; the waiter stays for the next drain
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

    /**
     * Under the lock: whether a drain task must start now, because a waiter can be served and none
     * runs. When true, the caller owns the start: it calls {@link #startDrain()}, outside the lock.
     */
    private boolean drainNeeded() {
        if (!draining && !waiters.isEmpty() && (!buffer.isEmpty() || end != null)) {
            draining = true;
            return true;
        }
        return false;
    }

    /**
     * Hands the drain task to the callback executor; when the executor throws, no drain runs, and
     * the next event, end or wait starts one again.
     */
    private void startDrain() {
        try {
            callbacks.run(this::drain);
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                draining = false;
            }
            throw e;
        }
    }

    /** Hands events to waiters in order, outside the lock; fails the waiters left once the subscription has ended. */
    private void drain() {
        while (true) {
            CompletableFuture<QmpEvent> waiter;
            BufferedEvent entry;
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

    private void add(BufferedEvent entry) {
        buffer.add(entry);
        bufferedBytes += entry.bytes();
    }

    /** Under the lock: the oldest buffered event, or null. */
    private QmpEvent take() {
        BufferedEvent entry = buffer.poll();
        if (entry == null) {
            return null;
        }
        bufferedBytes -= entry.bytes();
        return entry.event();
    }

    /** Applies the overflow policy under the lock; returns true when the subscription ended. */
    private boolean overflow(BufferedEvent entry) {
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

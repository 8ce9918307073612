package dev.qmp4j.core.internal.events;

import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.internal.Callbacks;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventSubscription} backed by a bounded queue. {@link #offer} is called by the I/O
 * thread and never blocks; consumers take events at their own pace.
 */
final class BufferedSubscription implements EventSubscription {
    private static final Logger log = LoggerFactory.getLogger(BufferedSubscription.class);

    private final EventSubscriptionOptions options;
    private final Callbacks callbacks;
    private final Consumer<BufferedSubscription> onEnd;
    private final ArrayDeque<QmpEvent> buffer = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<QmpEvent>> waiters = new ArrayDeque<>();
    private long dropped;
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

    /** Buffers or hands over an event; applies the overflow policy when full. Never blocks. */
    void offer(QmpEvent event) {
        CompletableFuture<QmpEvent> waiter;
        boolean overflowed = false;
        synchronized (this) {
            if (end != null) {
                return;
            }
            waiter = nextWaiter();
            if (waiter == null) {
                if (buffer.size() < options.bufferSize()) {
                    buffer.add(event);
                } else {
                    overflowed = overflow(event);
                }
            }
        }
        if (waiter != null) {
            handOver(waiter, event);
        }
        if (overflowed) {
            onEnd.accept(this);
        }
    }

    /** Ends the subscription; buffered events stay available, then {@link #next()} fails with {@code reason}. */
    void terminate(RuntimeException reason) {
        ArrayDeque<CompletableFuture<QmpEvent>> toFail;
        synchronized (this) {
            if (end != null) {
                return;
            }
            end = reason;
            toFail = new ArrayDeque<>(waiters);
            waiters.clear();
        }
        for (CompletableFuture<QmpEvent> w : toFail) {
            callbacks.run(() -> w.completeExceptionally(reason));
        }
    }

    @Override
    public CompletableFuture<QmpEvent> next() {
        synchronized (this) {
            QmpEvent event = buffer.poll();
            if (event != null) {
                return CompletableFuture.completedFuture(event);
            }
            if (end != null) {
                return CompletableFuture.failedFuture(end);
            }
            CompletableFuture<QmpEvent> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
    }

    @Override
    public synchronized Optional<QmpEvent> poll() {
        return Optional.ofNullable(buffer.poll());
    }

    @Override
    public synchronized long droppedCount() {
        return dropped;
    }

    @Override
    public synchronized boolean isClosed() {
        return end != null;
    }

    @Override
    public EventSubscriptionOptions options() {
        return options;
    }

    @Override
    public void close() {
        synchronized (this) {
            buffer.clear();
        }
        terminate(new QmpClosedException("event subscription closed"));
        onEnd.accept(this);
    }

    private CompletableFuture<QmpEvent> nextWaiter() {
        CompletableFuture<QmpEvent> w;
        while ((w = waiters.poll()) != null) {
            if (!w.isDone()) {
                return w;
            }
        }
        return null;
    }

    /** Completes a waiter off the I/O thread; if it was cancelled meanwhile, the event goes back first in line. */
    private void handOver(CompletableFuture<QmpEvent> waiter, QmpEvent event) {
        callbacks.run(() -> {
            if (!waiter.complete(event)) {
                CompletableFuture<QmpEvent> other;
                synchronized (this) {
                    other = nextWaiter();
                    if (other == null) {
                        buffer.addFirst(event);
                    }
                }
                if (other != null) {
                    handOver(other, event);
                }
            }
        });
    }

    /** Applies the overflow policy under the lock; returns true when the subscription ended. */
    private boolean overflow(QmpEvent event) {
        EventOverflowPolicy policy = options.overflowPolicy();
        if (policy == EventOverflowPolicy.FAIL) {
            end = new QmpEventOverflowException(options.bufferSize(), event.name());
            log.warn("event subscription overflowed and ended: {}", end.getMessage());
            return true;
        }
        if (dropped++ == 0) {
            log.warn("event subscription buffer full ({} events): {} events; see droppedCount()",
                    options.bufferSize(), policy == EventOverflowPolicy.DROP_OLDEST ? "dropping oldest" : "dropping newest");
        }
        if (policy == EventOverflowPolicy.DROP_OLDEST) {
            buffer.poll();
            buffer.add(event);
        }
        return false;
    }
}

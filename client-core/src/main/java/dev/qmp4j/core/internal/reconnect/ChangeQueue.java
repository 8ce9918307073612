package dev.qmp4j.core.internal.reconnect;

import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.internal.Callbacks;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's {@link ConnectionChanges}: a queue of at most {@link #BUFFER_SIZE} changes, the
 * oldest dropped beyond. Waiting {@link #next()} calls are completed by one hand-over task at a
 * time on the callback executor, oldest change to oldest waiter, so that changes come out in order
 * even when a waiter is cancelled on the way.
 */
final class ChangeQueue implements ConnectionChanges {
    private static final Logger log = LoggerFactory.getLogger(ChangeQueue.class);

    private final Callbacks callbacks;
    private final Consumer<ChangeQueue> onClose;
    /** Guards the fields below. */
    private final Object lock = new Object();
    private final ArrayDeque<ConnectionChange> changes = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<ConnectionChange>> waiters = new ArrayDeque<>();
    private boolean handingOver;
    private boolean droppedAny;
    /** Why the queue ended; null while open. */
    private RuntimeException end;

    ChangeQueue(Callbacks callbacks, Consumer<ChangeQueue> onClose) {
        this.callbacks = callbacks;
        this.onClose = onClose;
    }

    /** Adds a change, dropping the oldest one when full. Never blocks. */
    void offer(ConnectionChange change) {
        synchronized (lock) {
            if (end != null) {
                return;
            }
            if (changes.size() == BUFFER_SIZE) {
                changes.poll();
                if (!droppedAny) {
                    droppedAny = true;
                    log.warn("{} connection changes were not taken; dropping the oldest", BUFFER_SIZE);
                }
            }
            changes.add(change);
            handOverIfNeeded();
        }
    }

    /** Ends the queue: the changes in it can still be taken, then {@link #next()} fails with {@code reason}. */
    void end(RuntimeException reason) {
        synchronized (lock) {
            if (end == null) {
                end = reason;
                handOverIfNeeded();
            }
        }
    }

    @Override
    public CompletableFuture<ConnectionChange> next() {
        synchronized (lock) {
            if (!handingOver && waiters.isEmpty()) {
                ConnectionChange change = changes.poll();
                if (change != null) {
                    return CompletableFuture.completedFuture(change);
                }
                if (end != null) {
                    return CompletableFuture.failedFuture(end);
                }
            }
            waiters.removeIf(CompletableFuture::isDone); // given-up waits must not pile up
            CompletableFuture<ConnectionChange> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            handOverIfNeeded();
            return waiter;
        }
    }

    @Override
    public Optional<ConnectionChange> poll() {
        synchronized (lock) {
            // Changes are promised to the next() calls that came first.
            return handingOver || !waiters.isEmpty() ? Optional.empty() : Optional.ofNullable(changes.poll());
        }
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return end != null;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            changes.clear();
        }
        end(new QmpClosedException("connection change subscription closed"));
        onClose.accept(this);
    }

    /** Under the lock: starts the hand-over task when a waiter can be served. */
    private void handOverIfNeeded() {
        if (!handingOver && !waiters.isEmpty() && (!changes.isEmpty() || end != null)) {
            handingOver = true;
            callbacks.run(this::handOver);
        }
    }

    /** Pairs changes with waiters outside the lock; once ended and empty, fails the waiters left. */
    private void handOver() {
        while (true) {
            CompletableFuture<ConnectionChange> waiter;
            ConnectionChange change;
            RuntimeException reason;
            synchronized (lock) {
                waiters.removeIf(CompletableFuture::isDone);
                change = changes.peek();
                reason = end;
                waiter = waiters.poll();
                if (waiter == null || (change == null && reason == null)) {
                    if (waiter != null) {
                        waiters.addFirst(waiter);
                    }
                    handingOver = false;
                    return;
                }
                if (change != null) {
                    changes.poll();
                }
            }
            if (change == null) {
                waiter.completeExceptionally(reason);
            } else if (!waiter.complete(change)) {
                synchronized (lock) {
                    changes.addFirst(change); // that waiter was cancelled meanwhile: the change stays first
                }
            }
        }
    }
}

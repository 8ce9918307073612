package dev.qmp4j.core.internal.transport;

/**
 * A task an {@link EventLoop} runs once at a deadline. Created, run and cancelled on the loop
 * thread only, so it needs no synchronisation.
 */
public final class LoopTimer implements Comparable<LoopTimer> {
    final long deadlineNanos;
    /** Dropped on cancel, so that a cancelled timer waiting in the queue holds nothing alive. */
    Runnable task;
    boolean cancelled;

    LoopTimer(long deadlineNanos, Runnable task) {
        this.deadlineNanos = deadlineNanos;
        this.task = task;
    }

    /** Cancels the timer; it is dropped from the loop's queue lazily. Loop thread only. */
    public void cancel() {
        cancelled = true;
        task = null;
    }

    @Override
    public int compareTo(LoopTimer o) {
        return Long.compare(deadlineNanos, o.deadlineNanos);
    }
}

package dev.qmp4j.core.internal.transport;

/**
 * A task an {@link EventLoop} runs once at a deadline. Made on any thread, run on the loop thread;
 * a cancel from any thread is seen by the loop before it would run the task.
 */
public final class LoopTimer implements Comparable<LoopTimer> {
    final long deadlineNanos;
    /** Dropped on cancel, so that a cancelled timer waiting in the queue holds nothing alive. */
    volatile Runnable task;
    volatile boolean cancelled;

    LoopTimer(long deadlineNanos, Runnable task) {
        this.deadlineNanos = deadlineNanos;
        this.task = task;
    }

    /** Cancels the timer; it is dropped from the loop's queue lazily. Any thread. */
    public void cancel() {
        cancelled = true;
        task = null;
    }

    @Override
    public int compareTo(LoopTimer o) {
        return Long.compare(deadlineNanos, o.deadlineNanos);
    }
}

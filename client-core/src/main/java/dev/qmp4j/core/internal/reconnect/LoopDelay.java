package dev.qmp4j.core.internal.reconnect;

import dev.qmp4j.core.internal.transport.EventLoop;
import dev.qmp4j.core.internal.transport.LoopTimer;

/**
 * A timer on an event loop that any thread may start and cancel. The loop only keeps time: the
 * task must hand its work elsewhere at once (it runs on the I/O thread).
 */
final class LoopDelay {
    private final EventLoop loop;
    // Loop-thread state.
    private LoopTimer timer;
    private boolean cancelled;

    private LoopDelay(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code task} on the loop thread after {@code nanos}, unless cancelled before. */
    static LoopDelay start(EventLoop loop, long nanos, Runnable task) {
        LoopDelay delay = new LoopDelay(loop);
        loop.execute(() -> {
            if (!delay.cancelled) {
                delay.timer = loop.schedule(task, nanos);
            }
        });
        return delay;
    }

    /** Cancels the timer; the task does not run if it has not started yet. Any thread. */
    void cancel() {
        loop.execute(() -> {
            cancelled = true;
            loop.cancel(timer);
        });
    }
}

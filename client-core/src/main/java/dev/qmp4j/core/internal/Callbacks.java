package dev.qmp4j.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs completions of user-visible futures and event hand-offs on the callback executor, so that
 * user code never runs on an I/O thread.
 */
public final class Callbacks {
    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Executor executor;

    /**
     * Wraps the executor that runs user callbacks.
     *
     * @param executor the client's callback executor
     */
    public Callbacks(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code task} on the executor. If the executor refuses (it was shut down), runs it here
     * instead: a caller's future must never be left waiting.
     *
     * @param task a completion or an event hand-over
     */
    public void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.warn("callback executor refused a completion; running it on the calling thread", e);
            task.run();
        }
    }
}

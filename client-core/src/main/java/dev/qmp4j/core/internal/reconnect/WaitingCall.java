package dev.qmp4j.core.internal.reconnect;

import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.Callbacks;
import dev.qmp4j.core.internal.Durations;
import dev.qmp4j.core.internal.transport.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A call made while a reconnecting session was disconnected, under
 * {@link dev.qmp4j.core.DisconnectedCalls#WAIT}: it runs on the next connection with what is left
 * of its timeout, or fails when the timeout runs out first.
 *
 * @param <T> what the call yields
 */
final class WaitingCall<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();
    private final String command;
    private final Duration timeout;
    private final long deadlineNanos;
    private final BiFunction<QmpSession, Duration, CompletableFuture<T>> call;
    private final Callbacks callbacks;
    private final String endpoint;
    private final LoopDelay timer;

    /**
     * Starts the wait.
     *
     * @param call runs the call on a session, with the time left
     * @param onEnd told once the call has left the wait (timed out, cancelled, run or failed)
     */
    WaitingCall(String command, Duration timeout, BiFunction<QmpSession, Duration, CompletableFuture<T>> call,
            Callbacks callbacks, EventLoop loop, String endpoint, Consumer<WaitingCall<?>> onEnd) {
        this.command = command;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.call = call;
        this.callbacks = callbacks;
        this.endpoint = endpoint;
        this.timer = LoopDelay.start(loop, timeout.toNanos(), () -> callbacks.run(this::timeOut));
        future.whenComplete((value, error) -> {
            timer.cancel();
            onEnd.accept(this);
        });
    }

    /** The command the call runs. */
    String command() {
        return command;
    }

    /** Runs the call on the new connection; what it yields completes the caller's future. */
    void runOn(QmpSession session) {
        timer.cancel(); // from now on the call's own timeout counts
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            timeOut();
            return;
        }
        CompletableFuture<T> result;
        try {
            result = call.apply(session, Duration.ofNanos(left));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        result.whenComplete((value, error) -> {
            if (error == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(error instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            }
        });
        future.whenComplete((value, error) -> {
            if (future.isCancelled()) {
                result.cancel(false); // the caller gave up: so does the command
            }
        });
    }

    private void timeOut() {
        future.completeExceptionally(new QmpTimeoutException(command + " got no reply within " + Durations.text(timeout)
                + ": the connection to " + endpoint + " was lost and not re-established in that time (nothing was sent)"));
    }

    /** Fails the call: the session ended before it could run. */
    void fail(QmpException reason) {
        callbacks.run(() -> future.completeExceptionally(reason));
    }

    @Override
    public String toString() {
        return command + " (waiting, timeout " + Durations.text(timeout) + ")";
    }
}

package dev.qmp4j.blocking;

import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Waiting for the core's futures: bounded, interruptible, with the core's exceptions unwrapped. */
final class Await {
    /**
     * Extra time given to the core's own timer before the blocking side gives up by itself: the
     * core completes its futures on the callback executor, which may be a little late under load.
     */
    static final Duration GRACE = Duration.ofSeconds(2);

    private Await() {
    }

    /**
     * The value of a future that the core bounds by its own timer. Waits up to {@code nanos}; on
     * expiry or interrupt the future is cancelled (the core then drops what comes late).
     *
     * @param what names the call in error messages, such as "command query-status"
     */
    static <T> T result(CompletableFuture<T> future, long nanos, String what) {
        try {
            return future.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw cancelled(what, e);
        } catch (TimeoutException e) {
            if (future.cancel(false)) {
                throw new QmpTimeoutException(what + " got no result within "
                        + Durations.text(Duration.ofNanos(nanos)));
            }
            return outcome(future, what); // completed just as the wait ran out: the result is there, use it
        } catch (InterruptedException e) {
            future.cancel(false);
            throw interrupted(what, e);
        }
    }

    /**
     * The next item of a subscription, or null when none came within {@code nanos}; negative waits
     * without a time limit. A wait given up (timeout, interrupt) cancels the core's future, which
     * keeps the item for the next taker; when the cancel comes too late the item is already ours
     * and is returned.
     *
     * @param what names the item in error messages, such as "an event"
     */
    static <T> T take(Supplier<CompletableFuture<T>> subscription, long nanos, String what) {
        checkNotInterrupted(what);
        CompletableFuture<T> next = subscription.get();
        try {
            return nanos < 0 ? next.get() : next.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new QmpException("waiting for " + what + " was cancelled", e);
        } catch (TimeoutException e) {
            return next.cancel(false) ? null : outcome(next, what);
        } catch (InterruptedException e) {
            if (next.cancel(false)) {
                throw interrupted(what, e);
            }
            Thread.currentThread().interrupt(); // the item must not be lost; the next wait sees the flag
            return outcome(next, what);
        }
    }

    /** The outcome of a future that is already done, without waiting. */
    static <T> T outcome(CompletableFuture<T> done, String what) {
        try {
            return done.join();
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw cancelled(what, e);
        }
    }

    /**
     * The exception to rethrow for a failed future: unchecked ones as they are (their type tells
     * what happened), anything else wrapped.
     */
    static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new QmpException(cause.getMessage(), cause);
    }

    /** Sets the interrupt flag again and reports the interrupt as the blocking API does. */
    static QmpException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new QmpException("interrupted while waiting for " + what, e);
    }

    /** Fails fast, without starting anything, when the calling thread is already interrupted. */
    static void checkNotInterrupted(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new QmpException("thread interrupted before " + what + " started",
                    new InterruptedException("interrupt flag was set"));
        }
    }

    private static QmpException cancelled(String what, CancellationException e) {
        return new QmpException(what + " was cancelled", e);
    }

    /** A positive timeout, checked before anything is started. */
    static Duration positive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + Durations.text(timeout));
        }
        return timeout;
    }

    /** A timeout that may be zero (take only what is there), in nanoseconds, checked. */
    static long nonNegative(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + Durations.text(timeout));
        }
        return nanos(timeout);
    }

    /** The duration in nanoseconds, saturated instead of overflowing for absurdly long ones. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code a + b} in nanoseconds, saturated. */
    static long plus(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** How long the blocking side waits for a core call bounded by {@code coreTimeout}. */
    static long withGrace(Duration coreTimeout) {
        return plus(nanos(coreTimeout), GRACE.toNanos());
    }
}

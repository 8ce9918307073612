package dev.qmp4j.core.internal.reconnect;

import dev.qmp4j.core.ReconnectOptions;
import java.time.Duration;

/** How long a reconnecting session waits before each attempt: exponential, capped, with jitter. */
public final class Backoff {
    private Backoff() {
    }

    /**
     * The wait before attempt {@code attempt}: {@code min(maxDelay, initialDelay × multiplier^(attempt-1))},
     * shortened by {@code jitter × random}.
     *
     * @param options the reconnection options
     * @param attempt the attempt's number, from 1
     * @param random a number from 0 (inclusive) to 1 (exclusive); which fraction of the jitter to take
     * @return the wait, never longer than {@code maxDelay} and never negative
     */
    public static Duration delay(ReconnectOptions options, int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        double max = options.maxDelay().toNanos();
        // Grows to infinity for large attempts, which the cap then takes care of: no overflow.
        double grown = options.initialDelay().toNanos() * Math.pow(options.multiplier(), attempt - 1);
        double capped = Math.min(max, grown);
        return Duration.ofNanos((long) (capped * (1 - options.jitter() * random)));
    }
}

package dev.qmp4j.core.internal.reconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qmp4j.core.ReconnectOptions;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final ReconnectOptions EXACT = ReconnectOptions.builder().initialDelay(Duration.ofMillis(100))
            .maxDelay(Duration.ofSeconds(1)).multiplier(3).jitter(0).build();

    private static long millis(ReconnectOptions options, int attempt, double random) {
        return Backoff.delay(options, attempt, random).toMillis();
    }

    @Test
    void growsByTheMultiplierFromTheInitialDelayUpToTheMaximum() {
        assertEquals(java.util.List.of(100L, 300L, 900L, 1000L, 1000L),
                IntStream.rangeClosed(1, 5).mapToObj(n -> millis(EXACT, n, 0.5)).toList());
    }

    @Test
    void jitterShortensAWaitByUpToItsFractionNeverLengthensIt() {
        ReconnectOptions jittered = EXACT.toBuilder().jitter(0.25).build();
        assertEquals(300, millis(jittered, 2, 0));
        assertEquals(262, millis(jittered, 2, 0.5));      // 300 × (1 - 0.25 × 0.5)
        assertEquals(225, millis(jittered, 2, 0.999_999_9)); // the shortest: 300 × 0.75
        assertEquals(1000, millis(jittered, 9, 0), "the maximum is never exceeded");
        assertEquals(750, millis(jittered, 9, 0.999_999_9));
    }

    @Test
    void aMultiplierOfOneWaitsTheInitialDelayEveryTime() {
        ReconnectOptions flat = EXACT.toBuilder().multiplier(1).build();
        assertEquals(100, millis(flat, 1, 0));
        assertEquals(100, millis(flat, 1_000, 0));
    }

    @Test
    void farAttemptsStayAtTheMaximumWithoutOverflow() {
        ReconnectOptions steep = EXACT.toBuilder().multiplier(1e9).maxDelay(Duration.ofDays(365)).build();
        assertEquals(Duration.ofDays(365), Backoff.delay(steep, Integer.MAX_VALUE, 0));
    }

    @Test
    void attemptsCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.delay(EXACT, 0, 0));
    }
}

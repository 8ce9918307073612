package dev.qmp4j.core.internal;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How every duration reads in qmp4j's messages: seconds, with as many decimals as it takes and
 * no more ({@code 10 s}, {@code 0.5 s}, {@code 0.001 s}), never {@code PT10S} or a mix of units.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * A duration as text.
     *
     * @param duration any duration
     * @return such as {@code "10 s"} or {@code "0.25 s"}
     */
    public static String text(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * A number of milliseconds as text, the same way.
     *
     * @param millis milliseconds
     * @return such as {@code "2 s"}
     */
    public static String millis(long millis) {
        return text(Duration.ofMillis(millis));
    }
}

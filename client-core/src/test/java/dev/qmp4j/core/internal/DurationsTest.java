package dev.qmp4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every duration in a message reads as seconds, as short as it can be. */
class DurationsTest {
    @Test
    void readsAsSeconds() {
        assertEquals("10 s", Durations.text(Duration.ofSeconds(10)));
        assertEquals("0.5 s", Durations.text(Duration.ofMillis(500)));
        assertEquals("0.001 s", Durations.text(Duration.ofMillis(1)));
        assertEquals("90 s", Durations.text(Duration.ofMinutes(1).plusSeconds(30)));
        assertEquals("0.000000001 s", Durations.text(Duration.ofNanos(1)));
        assertEquals("0 s", Durations.text(Duration.ZERO));
        assertEquals("2 s", Durations.millis(2000));
    }
}

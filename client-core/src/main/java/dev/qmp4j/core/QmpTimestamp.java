package dev.qmp4j.core;

import java.time.Instant;
import java.util.Optional;

/**
 * When the server emitted an event: seconds and microseconds since the epoch, as QEMU sends
 * them. QEMU sends -1/-1 when it could not read its clock.
 *
 * @param seconds seconds since the epoch, or -1
 * @param microseconds microseconds within the second, or -1
 */
public record QmpTimestamp(long seconds, long microseconds) {

    /** The timestamp QEMU sends when its clock failed, also used when an event has none. */
    public static final QmpTimestamp UNKNOWN = new QmpTimestamp(-1, -1);

    /**
     * The timestamp as an instant.
     *
     * @return the instant, or empty when the server did not know the time
     */
    public Optional<Instant> toInstant() {
        if (seconds < 0 || microseconds < 0) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(seconds, microseconds * 1000));
    }
}

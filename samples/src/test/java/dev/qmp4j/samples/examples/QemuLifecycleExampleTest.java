package dev.qmp4j.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How to test against a real QEMU with JUnit 5: {@code @WithQemu} starts a QEMU with these
 * arguments for each test, hands the test its session and stops it afterwards. Without QEMU the
 * test is skipped with the reason; with {@code QMP4J_REQUIRE_QEMU=1} it fails instead.
 */
// README-BEGIN qemu-junit-test
@WithQemu({"-machine", "none", "-nodefaults", "-display", "none", "-S"})   // no guest, paused
class QemuLifecycleExampleTest {

    @Test
    void resumesAndStops(BlockingQmpSession qmp) {
        assertEquals("prelaunch", status(qmp));                               // -S: not started yet
        try (BlockingEventSubscription events = qmp.subscribe("RESUME")) {   // subscribe first
            qmp.execute("cont");
            events.next(Duration.ofSeconds(10));
        }
        assertEquals("running", status(qmp));
        qmp.executeAndAwaitEvent("stop", null, "STOP", event -> true, Duration.ofSeconds(10)); // the same, in one call
        assertEquals("paused", status(qmp));
    }

    private static String status(BlockingQmpSession qmp) {
        return qmp.execute("query-status").getAsJsonObject().get("status").getAsString();
    }
}
// README-END qemu-junit-test

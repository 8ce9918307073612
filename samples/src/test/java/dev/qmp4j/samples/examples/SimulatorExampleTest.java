package dev.qmp4j.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.junit5.QmpSimulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How to test against the simulator with JUnit 5: {@code QmpSimulatorExtension} starts one for
 * each test and hands the test a session connected to it (here the blocking one), and the
 * simulator itself to script its replies and events. No QEMU needed.
 */
// README-BEGIN simulator-junit-test
@ExtendWith(QmpSimulatorExtension.class)
class SimulatorExampleTest {

    @Test
    void getsTheServersEvents(QmpSimulator qemu, BlockingQmpSession qmp) {
        try (BlockingEventSubscription events = qmp.subscribe("SHUTDOWN")) {
            qemu.pushEvent(SimulatedEvent.of("SHUTDOWN"));
            assertEquals("SHUTDOWN", events.next(Duration.ofSeconds(10)).name());
        }
    }

    @Test
    void reportsTheServersError(QmpSimulator qemu, BlockingQmpSession qmp) {
        qemu.addHandler("system_powerdown", request -> QmpReply.error("GenericError", "no ACPI here"));
        QmpCommandException e = assertThrows(QmpCommandException.class, () -> qmp.execute("system_powerdown"));
        assertEquals("no ACPI here", e.description());
    }
}
// README-END simulator-junit-test

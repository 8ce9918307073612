package dev.qmp4j.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QemuExtension;
import dev.qmp4j.testkit.WithQemu;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * Every example against a real QEMU (skipped without one, failed with QMP4J_REQUIRE_QEMU=1 and
 * none): QEMU's own events and texts, which the simulator only imitates.
 */
@ExtendWith(QemuExtension.class) // skips (or with QMP4J_REQUIRE_QEMU=1 fails) without QEMU
class ExamplesQemuTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    @WithQemu
    void blockingLifecycle(BlockingQmpSession session, QemuProcess qemu) throws Exception {
        BlockingLifecycle.run(session, out);
        assertEquals(String.join("\n", "status prelaunch", "cont -> RESUME, status running", "stop -> STOP, status paused",
                "system_reset -> RESET, status prelaunch", "quit -> SHUTDOWN", ""), printed());
        assertEquals(0, qemu.onExit().get(10, TimeUnit.SECONDS));
    }

    @Test
    void blockingLifecycleMainLaunchesItsOwnQemu() throws Exception {
        PrintStream original = System.out;
        System.setOut(out);
        try {
            BlockingLifecycle.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertTrue(printed().endsWith("quit -> SHUTDOWN\nQEMU exited with code 0\n"), printed());
    }

    @Test
    @WithQemu
    void reactiveEventWatcher(ReactiveQmpSession session) {
        StepVerifier.create(ReactiveEventWatcher.watch(session, Long.MAX_VALUE))
                .then(() -> session.execute("cont").block(Duration.ofSeconds(10)))
                .assertNext(line -> assertTrue(line.endsWith(" RESUME {}"), line))
                .then(() -> session.execute("quit").block(Duration.ofSeconds(10)))
                .assertNext(line -> assertTrue(line.contains(" SHUTDOWN {\"guest\":false,\"reason\":\"host-qmp-quit\"}"), line))
                .assertNext(line -> assertTrue(line.startsWith("connection closed: "), line))
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    @WithQemu
    void typedCommands(QmpSession session) throws Exception {
        TypedCommands.run(session, out);
        String text = printed();
        assertTrue(text.startsWith("status prelaunch\nresumed, status RUNNING\nQEMU 7.2."), text);
    }

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S",
        "-device", "qemu-xhci", "-device", "usb-tablet,id=tablet0"})
    void hotUnplug(BlockingQmpSession session) {
        HotUnplug.unplug(session, "tablet0", out);
        assertEquals("deleted tablet0 at /machine/peripheral/tablet0\n", printed());
        String devices = session.execute("human-monitor-command",
                com.google.gson.JsonParser.parseString("{\"command-line\": \"info usb\"}").getAsJsonObject()).getAsString();
        assertTrue(!devices.contains("tablet0") && !devices.contains("Tablet"), devices);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}

package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** The reactive API against each real QEMU: the same scenarios as {@link CoreQemuTest}. */
@Timeout(120)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class ReactiveQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
    void lifeCycle(ReactiveQmpSession qmp, QemuProcess qemu) throws Exception {
        StepVerifier.create(qmp.subscribe("RESUME", "STOP", "RESET", "SHUTDOWN"))
                .then(() -> qmp.execute("cont").subscribe())
                .assertNext(e -> assertEquals("RESUME", e.name()))
                .then(() -> qmp.execute("stop").subscribe())
                .assertNext(e -> assertEquals("STOP", e.name()))
                .then(() -> qmp.execute("system_reset").subscribe())
                .assertNext(e -> assertEquals("host-qmp-system-reset", e.data().get("reason").getAsString()))
                .then(() -> qmp.execute("quit").subscribe())
                .assertNext(e -> {
                    assertEquals("SHUTDOWN", e.name());
                    assertEquals("host-qmp-quit", e.data().get("reason").getAsString());
                })
                .expectError(QmpConnectionException.class) // QEMU closes the connection after quit: the event stream ends with it
                .verify(TIMEOUT);
        assertEquals(0, qemu.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S",
        "-device", "qemu-xhci,id=xhci", "-device", "usb-tablet,id=tablet0,bus=xhci.0"})
    void hotUnplugIsAwaitedRaceFree(ReactiveQmpSession qmp) {
        JsonObject args = new JsonObject();
        args.addProperty("id", "tablet0");
        StepVerifier.create(qmp.executeAndAwaitEvent("device_del", args, "DEVICE_DELETED",
                        e -> e.data().has("device") && "tablet0".equals(e.data().get("device").getAsString()), TIMEOUT))
                .assertNext(e -> assertEquals("/machine/peripheral/tablet0", e.data().get("path").getAsString()))
                .verifyComplete();
    }

    @Test
    @WithQemu
    void schema(ReactiveQmpSession qmp) {
        StepVerifier.create(qmp.schema())
                .assertNext(schema -> assertTrue(schema.supports("blockdev-add/arg-type/+file/filename")))
                .verifyComplete();
    }

    @Test
    @WithQemu
    void humanMonitorCommand(ReactiveQmpSession qmp) {
        JsonObject args = new JsonObject();
        args.addProperty("command-line", "info status");
        StepVerifier.create(qmp.execute("human-monitor-command", args))
                .assertNext(r -> assertEquals("VM status: paused (prelaunch)", r.getAsString().strip()))
                .verifyComplete();
    }
}

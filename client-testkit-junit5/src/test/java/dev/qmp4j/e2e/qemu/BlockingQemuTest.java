package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The blocking API against each real QEMU: the same scenarios as {@link CoreQemuTest}. */
@Timeout(120)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class BlockingQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
    void lifeCycle(BlockingQmpSession qmp, QemuProcess qemu) throws Exception {
        try (BlockingEventSubscription events = qmp.subscribe("RESUME", "STOP", "RESET", "SHUTDOWN")) {
            qmp.execute("cont");
            assertEquals("RESUME", events.next(TIMEOUT).name());
            assertEquals("running", qmp.execute("query-status").getAsJsonObject().get("status").getAsString());
            qmp.execute("stop");
            assertEquals("STOP", events.next(TIMEOUT).name());
            qmp.execute("system_reset");
            QmpEvent reset = events.next(TIMEOUT);
            assertEquals("RESET", reset.name());
            assertEquals("host-qmp-system-reset", reset.data().get("reason").getAsString());
            qmp.execute("quit");
            QmpEvent shutdown = events.next(TIMEOUT);
            assertEquals("SHUTDOWN", shutdown.name());
            assertEquals("host-qmp-quit", shutdown.data().get("reason").getAsString());
        }
        assertEquals(0, qemu.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S",
        "-device", "qemu-xhci,id=xhci", "-device", "usb-tablet,id=tablet0,bus=xhci.0"})
    void hotUnplugIsAwaitedRaceFree(BlockingQmpSession qmp) {
        JsonObject args = new JsonObject();
        args.addProperty("id", "tablet0");
        QmpEvent deleted = qmp.executeAndAwaitEvent("device_del", args, "DEVICE_DELETED",
                e -> e.data().has("device") && "tablet0".equals(e.data().get("device").getAsString()), TIMEOUT);
        assertEquals("/machine/peripheral/tablet0", deleted.data().get("path").getAsString());
    }

    @Test
    @WithQemu
    void schema(BlockingQmpSession qmp) {
        assertTrue(qmp.schema().supports("blockdev-add/arg-type/+file/filename"));
        assertTrue(qmp.schema().hasEvent("DEVICE_DELETED"));
    }

    @Test
    @WithQemu
    void humanMonitorCommand(BlockingQmpSession qmp) {
        JsonObject args = new JsonObject();
        args.addProperty("command-line", "info status");
        assertEquals("VM status: paused (prelaunch)", qmp.execute("human-monitor-command", args).getAsString().strip());
    }
}

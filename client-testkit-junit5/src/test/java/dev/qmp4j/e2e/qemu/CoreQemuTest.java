package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The asynchronous API against each real QEMU: VM life cycle, hot-unplug, human monitor. */
@Timeout(120)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class CoreQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
    void lifeCycle(QmpSession qmp, QemuProcess qemu) throws Exception {
        EventSubscription events = qmp.subscribe("RESUME", "STOP", "RESET", "SHUTDOWN");
        await(qmp.execute("cont"));
        assertEquals("RESUME", await(events.next()).name());
        assertEquals("running", await(qmp.execute("query-status")).getAsJsonObject().get("status").getAsString());
        await(qmp.execute("stop"));
        assertEquals("STOP", await(events.next()).name());
        await(qmp.execute("system_reset"));
        QmpEvent reset = await(events.next());
        assertEquals("RESET", reset.name());
        assertEquals("host-qmp-system-reset", reset.data().get("reason").getAsString());
        await(qmp.execute("quit"));
        QmpEvent shutdown = await(events.next());
        assertEquals("SHUTDOWN", shutdown.name());
        assertEquals("host-qmp-quit", shutdown.data().get("reason").getAsString());
        assertEquals(0, await(qemu.onExit()));
    }

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S",
        "-device", "qemu-xhci,id=xhci", "-device", "usb-tablet,id=tablet0,bus=xhci.0"})
    void hotUnplugIsAwaitedRaceFree(QmpSession qmp) throws Exception {
        JsonObject args = new JsonObject();
        args.addProperty("id", "tablet0");
        QmpEvent deleted = await(qmp.executeAndAwaitEvent("device_del", args, "DEVICE_DELETED",
                e -> "tablet0".equals(e.data().has("device") ? e.data().get("device").getAsString() : null), TIMEOUT));
        assertEquals("/machine/peripheral/tablet0", deleted.data().get("path").getAsString());
        JsonObject get = new JsonObject();
        get.addProperty("path", "/machine/peripheral");
        assertFalse(await(qmp.execute("qom-list", get)).toString().contains("tablet0"), "the device is gone");
    }

    @Test
    @WithQemu
    void humanMonitorCommand(QmpSession qmp) throws Exception {
        JsonObject args = new JsonObject();
        args.addProperty("command-line", "info status");
        assertEquals("VM status: paused (prelaunch)",
                await(qmp.execute("human-monitor-command", args)).getAsString().strip());
    }
}

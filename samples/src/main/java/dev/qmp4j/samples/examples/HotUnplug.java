package dev.qmp4j.samples.examples;

import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.core.types.DeviceDelArguments;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Unplugs a device and waits until it is gone, race-free: {@code device_del} only asks for the
 * removal, and DEVICE_DELETED says when it happened, which for a USB device can be before the
 * command's reply. {@code executeAndAwaitEvent} subscribes before sending, so the event cannot be
 * missed.
 *
 * <p>Run it without arguments to start a QEMU with a USB tablet ({@code -device qemu-xhci
 * -device usb-tablet,id=tablet0}), or with a QMP socket path and a device id.
 */
public final class HotUnplug {
    /** QEMU's arguments when the example starts its own: a PC with a USB controller and tablet. */
    static final String[] QEMU_ARGUMENTS = {"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults",
        "-display", "none", "-S", "-device", "qemu-xhci", "-device", "usb-tablet,id=tablet0"};

    private HotUnplug() {
    }

    /**
     * Runs the example.
     *
     * @param args nothing to start QEMU, or a QMP socket path and a device id
     * @throws Exception when QEMU cannot be started or reached
     */
    public static void main(String[] args) throws Exception {
        try (BlockingQmpClient client = BlockingQmpClient.create()) {
            if (args.length > 1) {
                try (BlockingQmpSession session = client.connect(QmpEndpoint.unix(Path.of(args[0])))) {
                    unplug(session, args[1], System.out);
                }
                return;
            }
            QemuLauncher launcher = QemuLauncher.builder().arguments(QEMU_ARGUMENTS).build();
            try (QemuProcess qemu = launcher.launch(client.async()).get(30, TimeUnit.SECONDS)) {
                unplug(BlockingQmpSession.of(qemu.session()), "tablet0", System.out);
                qemu.shutdown(Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Removes a device and waits for its DEVICE_DELETED.
     *
     * @param session the session
     * @param id the device's id, as given by {@code -device ...,id=ID}
     * @param out where the outcome is printed
     * @return the DEVICE_DELETED event of that device
     */
    public static QmpEvent unplug(BlockingQmpSession session, String id, PrintStream out) {
        // README-BEGIN hot-unplug
        // Subscribes to DEVICE_DELETED, sends device_del, waits for the event of this device:
        // QEMU also sends DEVICE_DELETED for parts without an id, which have only a path.
        QmpEvent deleted = session.executeAndAwaitEvent("device_del", DeviceDelArguments.of(id).toJson(),
                "DEVICE_DELETED",
                event -> event.data().has("device") && id.equals(event.data().get("device").getAsString()),
                Duration.ofSeconds(10));
        out.println("deleted " + id + " at " + deleted.data().get("path").getAsString());
        // README-END hot-unplug
        return deleted;
    }
}

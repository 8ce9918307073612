package dev.qmp4j.core;

import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link QemuLauncherTest}: launches QEMU, prints its pid and exits without
 * stopping it, as a careless program would. The launcher's shutdown hook must kill it.
 */
public final class OrphanQemuMain {
    private OrphanQemuMain() {
    }

    /**
     * Launches QEMU with the binary given as the only argument.
     *
     * @param args the QEMU binary
     * @throws Exception if the launch fails
     */
    public static void main(String[] args) throws Exception {
        QmpClient client = QmpClient.create();
        QemuProcess qemu = QemuLauncher.builder().binary(Path.of(args[0]))
                .arguments("-machine", "none", "-nodefaults", "-display", "none", "-S").build()
                .launch(client).get(60, TimeUnit.SECONDS);
        System.out.println(qemu.pid() + " " + qemu.directory());
        System.out.flush();
        System.exit(0);
    }
}

package dev.qmp4j.samples.examples;

import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.core.types.AddFdArguments;
import dev.qmp4j.core.types.AddFdResult;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens a disk image for QEMU and hands it over as a file descriptor ({@code add-fd}), then adds
 * a block node that QEMU opens through that descriptor ({@code /dev/fdset/N}): QEMU itself needs
 * no access to the image's path, as when libvirt runs it confined.
 *
 * <p>Run it without arguments: it starts a QEMU ({@code -machine none}) and makes a 1 MiB image.
 */
public final class PassingFileDescriptors {
    private PassingFileDescriptors() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     * @throws Exception when QEMU cannot be started or reached
     */
    public static void main(String[] args) throws Exception {
        Path image = Files.createTempFile("qmp4j-example", ".img");
        // README-BEGIN fd-passing-client
        try (BlockingQmpClient client = BlockingQmpClient.create(
                QmpClientOptions.builder().fileDescriptorPassing(true).build())) {  // needs junixsocket
            // README-END fd-passing-client
            Files.write(image, new byte[1024 * 1024]);
            QemuLauncher launcher = QemuLauncher.builder()
                    .arguments("-machine", "none", "-nodefaults", "-display", "none", "-S").build();
            try (QemuProcess qemu = launcher.launch(client.async()).get(30, TimeUnit.SECONDS)) {
                attach(BlockingQmpSession.of(qemu.session()), image, System.out);
                qemu.shutdown(Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);
            }
        } finally {
            Files.delete(image);
        }
    }

    /**
     * Hands {@code image} to QEMU with {@code add-fd} and adds block node {@code disk0} on it.
     *
     * @param session a session of a client with file descriptor passing on
     * @param image the disk image, raw
     * @param out where the outcome is printed
     * @return the fdset that holds the image's descriptor
     */
    public static BigInteger attach(BlockingQmpSession session, Path image, PrintStream out) {
        // README-BEGIN fd-passing
        // The SDK opens the image, sends its descriptor with add-fd and closes its own copy.
        AddFdResult added = BlockingQmpCommands.of(session).addFd(
                AddFdArguments.builder().opaque("disk0").build(),
                QmpFileDescriptors.open(image, QmpFileDescriptors.Access.READ_WRITE));
        JsonObject node = new JsonObject();
        node.addProperty("driver", "file");
        node.addProperty("node-name", "disk0");
        node.addProperty("filename", "/dev/fdset/" + added.fdsetId());  // QEMU opens it through the set
        session.execute("blockdev-add", node);
        out.println("disk0 opened through /dev/fdset/" + added.fdsetId());
        // README-END fd-passing
        return added.fdsetId();
    }
}

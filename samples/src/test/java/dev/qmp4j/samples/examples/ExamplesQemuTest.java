package dev.qmp4j.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * Every example against each real QEMU (skipped without one, failed with QMP4J_REQUIRE_QEMU=1 and
 * none): QEMU's own events and texts, which the simulator only imitates.
 */
@ForEachQemu
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

    /** {@code main} starts qemu-system-x86_64 from PATH: it runs in a JVM whose PATH has this QEMU first. */
    @Test
    void blockingLifecycleMainLaunchesItsOwnQemu(QemuBinary qemu) throws Exception {
        assumeTrue(qemu.path().getFileName().toString().equals("qemu-system-x86_64"),
                "main() starts qemu-system-x86_64 from PATH, and " + qemu.path() + " has another name");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BlockingLifecycle.class.getName());
        builder.environment().merge("PATH", qemu.path().toAbsolutePath().getParent().toString(),
                (path, dir) -> dir + File.pathSeparator + path);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the example ended");
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), stderr);
        assertTrue(stdout.endsWith("quit -> SHUTDOWN\nQEMU exited with code 0\n"), stdout + stderr);
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
        JsonObject version = session.execute("query-version").get(10, TimeUnit.SECONDS).getAsJsonObject();
        JsonObject qemu = version.getAsJsonObject("qemu");
        assertEquals(String.join("\n", "status prelaunch", "resumed, status RUNNING", "QEMU " + qemu.get("major") + "."
                + qemu.get("minor") + "." + qemu.get("micro") + " (" + version.get("package").getAsString() + ")", ""), printed());
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

    @Test
    void passingFileDescriptors(QemuBinary binary, @TempDir Path dir) throws Exception {
        Path image = Files.write(dir.resolve("disk.img"), new byte[1024 * 1024]);
        try (BlockingQmpClient client = BlockingQmpClient.create(
                QmpClientOptions.builder().fileDescriptorPassing(true).build());
             QemuProcess qemu = QemuLauncher.builder().binary(binary.path())
                     .arguments("-machine", "none", "-nodefaults", "-display", "none", "-S").build()
                     .launch(client.async()).get(30, TimeUnit.SECONDS)) {
            BlockingQmpSession session = BlockingQmpSession.of(qemu.session());
            BigInteger fdset = PassingFileDescriptors.attach(session, image, out);
            assertEquals("disk0 opened through /dev/fdset/" + fdset + "\n", printed());
            String nodes = session.execute("query-named-block-nodes").toString();
            assertTrue(nodes.contains("\"node-name\":\"disk0\"") && nodes.contains("/dev/fdset/" + fdset), nodes);
        }
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}

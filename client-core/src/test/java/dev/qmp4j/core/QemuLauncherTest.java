package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Starting and stopping each real QEMU with the launcher. */
@ParameterizedClass(name = RealQemu.NAME)
@MethodSource(RealQemu.BINARIES)
@Timeout(120)
class QemuLauncherTest {
    private final Path binary;
    private QmpClient client;

    QemuLauncherTest(RealQemu.Binary qemu) {
        binary = qemu.path(); // skips each test (fails it with QMP4J_REQUIRE_QEMU=1) without QEMU
    }

    @BeforeEach
    void createClient() {
        client = QmpClient.create();
    }

    @AfterEach
    void closeClient() {
        client.close();
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "no QEMU process is left running");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("qmp4j-qemu-output")), "output reader threads end");
    }

    private QemuLauncher.Builder launcher(String... args) {
        return QemuLauncher.builder().binary(binary).arguments(args);
    }

    @Test
    void launchesInAPrivateDirectoryAndShutsDownGracefully() throws Exception {
        QemuProcess qemu = launcher("-machine", "none", "-nodefaults", "-display", "none", "-S").build()
                .launch(client).get(60, TimeUnit.SECONDS);
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(qemu.directory())));
            assertTrue(qemu.command().get(qemu.command().size() - 1).startsWith("unix:" + qemu.directory()));
            assertEquals(QmpSessionState.READY, qemu.session().state());
            assertTrue(qemu.isAlive());
            assertEquals(0, qemu.shutdown(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS));
            assertFalse(qemu.isAlive());
            assertFalse(Files.exists(qemu.directory()), "the socket directory is removed");
        } finally {
            qemu.close();
        }
    }

    @Test
    void closeKillsQemuAndRemovesItsDirectory() throws Exception {
        QemuProcess qemu = launcher("-machine", "none", "-nodefaults", "-display", "none", "-S").build()
                .launch(client).get(60, TimeUnit.SECONDS);
        qemu.close();
        qemu.close();
        assertFalse(qemu.isAlive());
        assertFalse(Files.exists(qemu.directory()));
        assertEquals(QmpSessionState.CLOSED, qemu.session().state());
    }

    @Test
    void noQemuOutlivesTheJvmThatStartedIt() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanQemuMain.class.getName(),
                binary.toString()).redirectErrorStream(true).start();
        String[] printed = new String(jvm.getInputStream().readAllBytes()).strip().split("\\R");
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS));
        String[] pidAndDirectory = printed[printed.length - 1].split(" ");
        long pid = Long.parseLong(pidAndDirectory[0]);
        ProcessHandle.of(pid).ifPresent(qemu -> qemu.onExit().completeOnTimeout(qemu, 10, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU " + pid + " outlived its JVM");
        assertFalse(Files.exists(Path.of(pidAndDirectory[1])), "its directory is removed too");
    }

    @Test
    void aBadArgumentFailsWithQemusOwnMessage() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> launcher("-machine", "none",
                "-no-such-option").build().launch(client).get(60, TimeUnit.SECONDS));
        QemuLaunchException failure = assertInstanceOf(QemuLaunchException.class, e.getCause());
        assertTrue(failure.getMessage().contains("exited with code 1 before connecting"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-no-such-option: invalid option"), failure.getMessage());
        assertTrue(failure.output().contains("invalid option"), failure.output());
    }

    @Test
    void aMissingBinaryIsAClearError() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> QemuLauncher.builder()
                .binaryName("qemu-system-does-not-exist").build().launch(client).get(10, TimeUnit.SECONDS));
        assertEquals("qemu-system-does-not-exist was not found on PATH", e.getCause().getMessage());
    }

    @Test
    void aQemuThatNeverConnectsTimesOutAndIsKilled(@TempDir Path dir) {
        // A character device that waits for a client holds QEMU's start-up before it connects to QMP.
        ExecutionException e = assertThrows(ExecutionException.class, () -> launcher("-machine", "none",
                "-chardev", "socket,id=hold,path=" + dir.resolve("hold.sock") + ",server=on,wait=on")
                .startTimeout(Duration.ofMillis(1500)).build().launch(client).get(60, TimeUnit.SECONDS));
        QemuLaunchException failure = assertInstanceOf(QemuLaunchException.class, e.getCause());
        assertTrue(failure.getMessage().contains("did not connect within 1.5 s"), failure.getMessage());
        assertInstanceOf(QmpTimeoutException.class, failure.getCause(), "a launch that ran out of time says so by its cause");
    }

    @Test
    void aClosedLaunchIsReleasedAtOnceNotAfterItsStartTimeout() throws Exception {
        // A start timeout far longer than the test: only a launch that lets go of its process once closed passes.
        QemuLauncher launcher = launcher("-machine", "none", "-nodefaults", "-display", "none", "-S")
                .startTimeout(Duration.ofMinutes(10)).build();
        ReferenceQueue<QemuProcess> collected = new ReferenceQueue<>();
        WeakReference<QemuProcess> launch = launchAndClose(launcher, collected);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean released = false;
        while (!released && System.nanoTime() < deadline) {
            System.gc();
            released = collected.remove(100) != null; // waits for the collection itself, bounded
        }
        assertTrue(released, "a closed launch is still reachable");
    }

    /** Launches and closes QEMU in a frame of its own, so that the test keeps no reference to it. */
    private WeakReference<QemuProcess> launchAndClose(QemuLauncher launcher, ReferenceQueue<QemuProcess> queue)
            throws Exception {
        QemuProcess qemu = launcher.launch(client).get(60, TimeUnit.SECONDS);
        qemu.close();
        return new WeakReference<>(qemu, queue);
    }
}

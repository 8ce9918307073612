package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChange.Kind;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconnection against each real QEMU: QEMU killed with SIGKILL and started again on the same
 * socket path, as a supervisor restarts it. Each QEMU is started by {@link QemuLauncher} (on a
 * client without reconnection), which returns once QEMU is up, with a second monitor
 * {@code -qmp unix:PATH,server=on,wait=off} on the path the reconnecting client connects to.
 */
@Timeout(300)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class ReconnectQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ReconnectOptions QUICK = ReconnectOptions.builder().initialDelay(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(20)).build();

    @TempDir
    Path dir;

    private Path socket() {
        return dir.resolve("qmp.sock");
    }

    private QemuProcess launch(QemuBinary binary, QmpClient launcherClient) throws Exception {
        return QemuLauncher.builder().binary(binary.path()).arguments("-machine", "none", "-nodefaults", "-display",
                "none", "-S", "-qmp", "unix:" + socket() + ",server=on,wait=off").build().launch(launcherClient)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertGreetingOf(QemuBinary binary, QmpGreeting greeting) {
        binary.version().ifPresent(v -> assertTrue(v.startsWith(greeting.version().major() + "."),
                "QEMU " + v + " greeted as " + greeting.version()));
    }

    /** Stops QEMU with SIGSTOP and waits until it is stopped: it then reads nothing more. */
    private static void freeze(QemuProcess qemu) throws Exception {
        Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(qemu.pid())).start();
        assertEquals(0, kill.waitFor(), "kill -STOP");
        Path stat = Path.of("/proc", Long.toString(qemu.pid()), "stat");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!stopped(Files.readString(stat))) {
            if (System.nanoTime() > deadline) {
                fail("QEMU did not stop: " + Files.readString(stat));
            }
            LockSupport.parkNanos(1_000_000); // the state shows within a scheduler tick
        }
    }

    /** Whether a /proc/PID/stat line says the process is stopped (state T). */
    private static boolean stopped(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
    }

    /** The next change, of the expected kind. */
    private static ConnectionChange next(ConnectionChanges changes, Kind kind) throws Exception {
        ConnectionChange change = await(changes.next());
        assertEquals(kind, change.kind(), change::toString);
        return change;
    }

    private static long qmpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("qmp4j-") && t.isAlive())
                .count();
    }

    private static long openFileDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static String status(QmpSession session) throws Exception {
        return await(session.execute("query-status")).getAsJsonObject().get("status").getAsString();
    }

    @Test
    void eventsGoOnAndWaitingCommandsFailWhenQemuIsKilledAndStartedAgain(QemuBinary binary) throws Exception {
        try (QmpClient launcherClient = QmpClient.create();
             QmpClient client = QmpClient.create(QmpClientOptions.builder().reconnect(QUICK).build())) {
            QmpSession session;
            ConnectionChanges changes;
            EventSubscription events;
            QemuProcess first = launch(binary, launcherClient);
            try {
                session = await(client.connect(QmpEndpoint.unix(socket())));
                changes = session.connectionChanges();
                events = session.subscribe("RESUME");
                assertGreetingOf(binary, next(changes, Kind.CONNECTED).greeting().orElseThrow());
                await(session.execute("cont"));
                assertEquals("RESUME", await(events.next()).name());
                assertEquals("running", status(session));

                freeze(first);
                CompletableFuture<JsonElement> waiting = session.execute("query-status"); // never answered
                first.close(); // SIGKILL
                QmpException lost = next(changes, Kind.DISCONNECTED).cause().orElseThrow();
                assertInstanceOf(QmpConnectionException.class, lost);
                ExecutionException failed = assertThrows(ExecutionException.class, () -> await(waiting));
                assertInstanceOf(QmpConnectionException.class, failed.getCause());
                assertSame(lost, failed.getCause().getCause(), "the waiting command fails with the cause");
            } finally {
                first.close();
            }
            QemuProcess second = launch(binary, launcherClient);
            try {
                assertGreetingOf(binary, next(changes, Kind.RECONNECTED).greeting().orElseThrow());
                assertEquals("prelaunch", status(session), "a new QEMU");
                await(session.execute("cont"));
                assertEquals("RESUME", await(events.next()).name(), "the same subscription, after the gap");
                session.close();
            } finally {
                second.close();
            }
        }
    }

    @Test
    void aHundredRestartsLeaveNoThreadNorDescriptorBehindInTheClient(QemuBinary binary) throws Exception {
        try (QmpClient launcherClient = QmpClient.create();
             QmpClient client = QmpClient.create(QmpClientOptions.builder().reconnect(QUICK).build())) {
            QemuProcess qemu = launch(binary, launcherClient);
            try {
                QmpSession session = await(client.connect(QmpEndpoint.unix(socket())));
                ConnectionChanges changes = session.connectionChanges();
                next(changes, Kind.CONNECTED);
                long threads = 0;
                long descriptors = 0;
                for (int i = 0; i <= 100; i++) {
                    if (i == 1) { // counted once everything has run once
                        threads = qmpThreads();
                        descriptors = openFileDescriptors();
                    }
                    qemu.close();
                    qemu = launch(binary, launcherClient);
                    next(changes, Kind.DISCONNECTED);
                    next(changes, Kind.RECONNECTED);
                    assertEquals("prelaunch", status(session));
                }
                assertEquals(threads, qmpThreads(), "qmp4j threads");
                long after = openFileDescriptors();
                assertTrue(after <= descriptors + 3, descriptors + " file descriptors before 100 restarts, " + after
                        + " after: " + listDescriptors());
                session.close();
            } finally {
                qemu.close();
            }
        }
    }

    private static String listDescriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return fd + "?";
                }
            }).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }
}

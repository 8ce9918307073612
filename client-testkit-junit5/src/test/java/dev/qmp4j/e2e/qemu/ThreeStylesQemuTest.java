package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpListener;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpListener;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * listen/accept and whenClosed in the three styles against each real QEMU: QEMU started with
 * {@code -qmp unix:PATH} (no {@code server=on}) connects to the client's listener; {@code quit}
 * ends the session with the connection, a close by its owner ends it normally.
 */
@Timeout(120)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class ThreeStylesQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** What a test does with QEMU, from its start up to {@code quit}. */
    private interface Scenario {
        void run() throws Exception;
    }

    /**
     * Starts QEMU, paused and with no machine, so that it connects to {@code socket}; runs the
     * scenario, then checks that QEMU exited cleanly after it. Kills QEMU whatever happened.
     */
    private void withQemu(QemuBinary binary, Path socket, Scenario scenario) throws Exception {
        Process qemu = new ProcessBuilder(binary.path().toString(), "-machine", "none", "-nodefaults", "-display",
                "none", "-S", "-qmp", "unix:" + socket)
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            scenario.run();
            assertTrue(qemu.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "QEMU did not exit after quit");
            assertEquals(0, qemu.exitValue(), () -> output());
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor();
        }
    }

    private String output() {
        try {
            return "QEMU's output: " + Files.readString(dir.resolve("qemu.log"));
        } catch (IOException e) {
            return "QEMU's output cannot be read: " + e;
        }
    }

    private static void assertGreetingOf(QemuBinary binary, QmpGreeting greeting) {
        binary.version().ifPresent(v -> assertTrue(v.startsWith(greeting.version().major() + "."),
                "QEMU " + v + " greeted as " + greeting.version()));
    }

    private static boolean running(JsonElement status) {
        return status.getAsJsonObject().get("running").getAsBoolean();
    }

    @Test
    void coreListensAndQuitEndsTheSession(QemuBinary binary) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (QmpClient client = QmpClient.create(); QmpListener listener = client.listen(QmpEndpoint.unix(socket))) {
            withQemu(binary, socket, () -> {
                QmpSession session = listener.accept().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertGreetingOf(binary, session.greeting());
                assertFalse(running(session.execute("query-status").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
                session.execute("quit").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                Throwable end = assertThrows(ExecutionException.class,
                        () -> session.whenClosed().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).getCause();
                assertTrue(end instanceof QmpConnectionException, end.toString());
            });
        }
    }

    @Test
    void reactiveListensAndQuitEndsTheSession(QemuBinary binary) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ReactiveQmpClient client = ReactiveQmpClient.create();
             ReactiveQmpListener listener = client.listen(QmpEndpoint.unix(socket)).block(TIMEOUT)) {
            withQemu(binary, socket, () -> {
                ReactiveQmpSession session = listener.accept().block(TIMEOUT);
                assertGreetingOf(binary, session.greeting());
                StepVerifier.create(session.execute("query-status"))
                        .assertNext(status -> assertFalse(running(status)))
                        .verifyComplete();
                Mono<Void> closed = session.whenClosed();
                session.execute("quit").block(TIMEOUT);
                StepVerifier.create(closed).expectError(QmpConnectionException.class).verify(TIMEOUT);
            });
        }
    }

    @Test
    void blockingListensAndQuitEndsTheSession(QemuBinary binary) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (BlockingQmpClient client = BlockingQmpClient.create();
             BlockingQmpListener listener = client.listen(QmpEndpoint.unix(socket))) {
            withQemu(binary, socket, () -> {
                try (BlockingQmpSession session = listener.accept(TIMEOUT)) {
                    assertGreetingOf(binary, session.greeting());
                    assertFalse(running(session.execute("query-status")));
                    assertThrows(QmpTimeoutException.class, () -> session.whenClosed(Duration.ofMillis(100)));
                    session.execute("quit");
                    assertThrows(QmpConnectionException.class, () -> session.whenClosed(TIMEOUT));
                }
            });
        }
    }

    @Test
    @WithQemu
    void coreCloseByTheOwnerEndsTheSessionNormally(QmpSession qmp) throws Exception {
        var closed = qmp.whenClosed();
        qmp.close();
        assertNull(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    @WithQemu
    void reactiveCloseByTheOwnerEndsTheSessionNormally(ReactiveQmpSession qmp) {
        StepVerifier.create(qmp.whenClosed()).then(qmp::close).verifyComplete();
    }

    @Test
    @WithQemu
    void blockingCloseByTheOwnerEndsTheSessionNormally(BlockingQmpSession qmp) {
        qmp.close();
        qmp.whenClosed(TIMEOUT);
    }
}

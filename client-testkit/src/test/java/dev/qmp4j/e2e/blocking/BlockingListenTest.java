package dev.qmp4j.e2e.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpListener;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.e2e.FakeQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Listening with the blocking API: {@code accept(timeout)} waits for QEMU to connect. */
@Timeout(60)
class BlockingListenTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQmpClient client = BlockingQmpClient.create();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        client.close();
    }

    /** Connects as QEMU does, on another thread, and keeps the connection open until it ends. */
    private static CompletableFuture<FakeQemu> qemuConnects(Path socket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                FakeQemu qemu = FakeQemu.connect(socket);
                qemu.negotiate();
                return qemu;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void acceptWaitsForASessionInCommandMode() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (BlockingQmpListener listener = client.listen(QmpEndpoint.unix(socket))) {
            assertTrue(Files.exists(socket), "bound before listen returns");
            assertEquals(QmpEndpoint.unix(socket), listener.endpoint());
            CompletableFuture<FakeQemu> connecting = qemuConnects(socket);
            try (BlockingQmpSession session = listener.accept(WAIT);
                 FakeQemu qemu = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertEquals(QmpSessionState.READY, session.state());
                CompletableFuture<?> cont = CompletableFuture.runAsync(() -> session.execute("cont"));
                assertEquals("cont", qemu.answer().get("execute").getAsString());
                cont.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        assertFalse(Files.exists(socket), "closing the listener removes its socket file");
    }

    @Test
    @SuppressWarnings("try") // the resource is there to be closed, not used
    void aTimedOutAcceptTakesNoConnectionLater() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (BlockingQmpListener listener = client.listen(QmpEndpoint.unix(socket))) {
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> listener.accept(Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("within 0.05 s"), e.getMessage());
            CompletableFuture<FakeQemu> connecting = qemuConnects(socket);
            try (BlockingQmpSession session = listener.accept(WAIT);
                 FakeQemu qemu = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertEquals(QmpSessionState.READY, session.state());
            }
        }
    }

    @Test
    void closingTheListenerReleasesAWaitingAccept() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        BlockingQmpListener listener = client.listen(QmpEndpoint.unix(socket));
        CompletableFuture<BlockingQmpSession> waiting = CompletableFuture.supplyAsync(() -> listener.accept(WAIT));
        listener.close(); // before or during the accept: either way it ends with QmpClosedException
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(QmpClosedException.class, e.getCause());
        assertThrows(QmpClosedException.class, () -> listener.accept(WAIT));
        assertFalse(Files.exists(socket));
    }

    @Test
    @SuppressWarnings("try") // the resource is there to be closed, not used
    void aSocketThatCannotBeBoundThrows() {
        Path socket = dir.resolve("qmp.sock");
        try (BlockingQmpListener first = client.listen(QmpEndpoint.unix(socket))) {
            QmpConnectionException e = assertThrows(QmpConnectionException.class,
                    () -> client.listen(QmpEndpoint.unix(socket)));
            assertTrue(e.getMessage().startsWith("cannot listen on unix:"), e.getMessage());
        }
    }

    @Test
    void theTimeoutMustBePositive() {
        try (BlockingQmpListener listener = client.listen(QmpEndpoint.unix(dir.resolve("qmp.sock")))) {
            assertThrows(IllegalArgumentException.class, () -> listener.accept(Duration.ZERO));
            assertThrows(NullPointerException.class, () -> listener.accept(null));
        }
    }
}

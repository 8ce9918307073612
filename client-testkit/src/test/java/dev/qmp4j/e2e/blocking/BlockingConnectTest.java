package dev.qmp4j.e2e.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Blocking connect: timeouts leave nothing open, failures are the core's exceptions. */
@Timeout(60)
class BlockingConnectTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private BlockingQmpClient client;
    private QmpSimulator sim;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void connectTimeoutLeavesNoOpenSession() {
        // The core gives up on the stalled connection after its own connect timeout; ours is shorter.
        client = BlockingQmpClient.create(QmpClientOptions.builder().connectTimeout(Duration.ofSeconds(3)).build());
        sim = QmpSimulator.builder().stallBeforeGreeting(true).start();
        long start = System.nanoTime();
        QmpTimeoutException e = assertThrows(QmpTimeoutException.class,
                () -> client.connect(sim.endpoint(), Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start < Duration.ofMillis(2500).toNanos(), "gave up after its own timeout, not the core's");
        assertTrue(e.getMessage().contains("within 0.1 s"), e.getMessage());
        sim.awaitSession(WAIT).awaitClosed(WAIT);
    }

    @Test
    void clientConnectTimeoutIsTheDefault() {
        client = BlockingQmpClient.create(QmpClientOptions.builder().connectTimeout(Duration.ofMillis(300)).build());
        sim = QmpSimulator.builder().stallBeforeGreeting(true).start();
        QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> client.connect(sim.endpoint()));
        assertTrue(e.getMessage().contains("no QMP command mode"), "the core's own exception: " + e.getMessage());
        sim.awaitSession(WAIT).awaitClosed(WAIT);
    }

    @Test
    void aConnectThatTimesOutMidwayIsAbandonedAndClosed() {
        client = BlockingQmpClient.create();
        // Greeting and negotiation reply written a byte at a time: command mode comes well after 50 ms.
        sim = QmpSimulator.builder().byteByByteWrites(Duration.ofMillis(3)).start();
        assertThrows(QmpTimeoutException.class, () -> client.connect(sim.endpoint(), Duration.ofMillis(50)));
        SimulatedSession late = sim.awaitSession(WAIT);
        late.awaitClosed(Duration.ofSeconds(3)); // well before the client's 10 s connect timeout could end it
    }

    @Test
    void refusedNegotiationIsTheServersError() {
        client = BlockingQmpClient.create();
        sim = QmpSimulator.builder().failNegotiation("GenericError", "not today").start();
        QmpCommandException e = assertThrows(QmpCommandException.class, () -> client.connect(sim.endpoint()));
        assertEquals("qmp_capabilities", e.command());
        assertEquals("not today", e.description());
    }

    @Test
    void nobodyListeningIsAConnectionError(@TempDir Path dir) {
        client = BlockingQmpClient.create();
        assertThrows(QmpConnectionException.class, () -> client.connect(QmpEndpoint.unix(dir.resolve("none.sock"))));
    }

    @Test
    void connectAfterCloseFailsFast() {
        client = BlockingQmpClient.create();
        client.close();
        assertThrows(QmpClosedException.class, () -> client.connect(QmpEndpoint.unix(Path.of("/nonexistent.sock"))));
    }

    @Test
    void interruptedConnectIsAbandoned() throws Exception {
        client = BlockingQmpClient.create(QmpClientOptions.builder().connectTimeout(Duration.ofSeconds(1)).build());
        sim = QmpSimulator.builder().stallBeforeGreeting(true).start();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                client.connect(sim.endpoint(), Duration.ofSeconds(30));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
            flagAfter.complete(Thread.currentThread().isInterrupted());
        }, "blocked-connect");
        caller.start();
        SimulatedSession stalled = sim.awaitSession(WAIT); // accepted: the caller waits for the greeting

        caller.interrupt();

        Throwable e = thrown.get(10, TimeUnit.SECONDS);
        assertEquals(QmpException.class, e.getClass(), () -> "unexpected: " + e);
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(flagAfter.get(10, TimeUnit.SECONDS), "interrupt flag restored");
        stalled.awaitClosed(WAIT);
    }

    @Test
    void alreadyInterruptedThreadDoesNotConnect() {
        client = BlockingQmpClient.create();
        sim = QmpSimulator.start();
        Thread.currentThread().interrupt();
        try {
            QmpException e = assertThrows(QmpException.class, () -> client.connect(sim.endpoint()));
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertTrue(sim.sessions().isEmpty());
    }
}

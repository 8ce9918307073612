package dev.qmp4j.e2e.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.testkit.QmpSimulator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link BlockingQmpSession#whenClosed(Duration)}: returns on a close by the owner, throws otherwise. */
@Timeout(60)
class BlockingWhenClosedTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private QmpSimulator sim;
    private BlockingQmpClient client;
    private BlockingQmpSession session;

    @BeforeEach
    void start() {
        sim = QmpSimulator.start();
        client = BlockingQmpClient.create();
        session = client.connect(sim.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void returnsWhenTheOwnerClosesTheSession() throws Exception {
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> session.whenClosed(WAIT));
        session.close();
        waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        session.whenClosed(Duration.ofMillis(1)); // closed already: returns at once
    }

    @Test
    void returnsWhenTheClientIsClosed() throws Exception {
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> session.whenClosed(WAIT));
        client.close();
        waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void throwsTheCauseWhenTheConnectionIsLost() throws Exception {
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> session.whenClosed(WAIT));
        sim.awaitSession(WAIT).close();
        Throwable cause = assertThrows(ExecutionException.class,
                () -> waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS)).getCause();
        assertInstanceOf(QmpConnectionException.class, cause);
        assertThrows(QmpConnectionException.class, () -> session.whenClosed(WAIT));
    }

    @Test
    void throwsTheCauseWhenQemuClosesTheConnectionAfterQuit() {
        session.execute("quit");
        assertThrows(QmpConnectionException.class, () -> session.whenClosed(WAIT));
    }

    @Test
    void timeoutLeavesTheSessionOpen() {
        QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> session.whenClosed(Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("still open after 50 ms"), e.getMessage());
        assertEquals(QmpSessionState.READY, session.state());
        session.execute("query-status");
        session.close();
        session.whenClosed(WAIT);
    }

    @Test
    void anInterruptedThreadFailsAtOnceAndKeepsItsFlag() {
        Thread.currentThread().interrupt();
        try {
            QmpException e = assertThrows(QmpException.class, () -> session.whenClosed(WAIT));
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(QmpSessionState.READY, session.state());
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> session.whenClosed(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> session.whenClosed(null));
    }
}

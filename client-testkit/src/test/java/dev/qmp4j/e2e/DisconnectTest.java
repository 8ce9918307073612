package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a session ends: lost connections, quit, and close on purpose, and how whenClosed() tells it. */
class DisconnectTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    private final QmpClient client = QmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    private QmpSession connect(QmpSimulator simulator) throws Exception {
        sim = simulator;
        return await(client.connect(sim.endpoint()));
    }

    private static QmpSimulator holding() {
        return QmpSimulator.builder().handler("hold", r -> QmpReply.later(new CompletableFuture<>())).start();
    }

    @Test
    void eofFailsEveryWaitingCommandAtOnceAndLaterCallsFailFast() throws Exception {
        QmpSession session = connect(holding());
        EventSubscription events = session.subscribe();
        List<CompletableFuture<JsonElement>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(session.execute("hold"));
        }
        SimulatedSession server = sim.awaitSession(FIVE_SECONDS);
        server.awaitReceived(9, FIVE_SECONDS);
        server.close();

        QmpConnectionException cause = awaitFailure(session.whenClosed(), QmpConnectionException.class);
        assertTrue(cause.getMessage().contains("closed by the server (EOF)"), cause.getMessage());
        for (CompletableFuture<JsonElement> w : waiting) {
            QmpConnectionException e = awaitFailure(w, QmpConnectionException.class);
            assertSame(cause, e.getCause());
            assertTrue(e.getMessage().startsWith("hold got no reply"), e.getMessage());
        }
        assertSame(cause, awaitFailure(events.next(), QmpConnectionException.class));
        assertEquals(QmpSessionState.CLOSED, session.state());

        CompletableFuture<JsonElement> later = session.execute("query-status");
        assertTrue(later.isCompletedExceptionally(), "fails fast, without a round trip");
        assertSame(cause, awaitFailure(later, QmpConnectionException.class).getCause());
    }

    @Test
    void connectionCutInTheMiddleOfAReply() throws Exception {
        // Greeting and negotiation reply fit in 300 bytes; the 10 KB reply does not.
        QmpSession session = connect(QmpSimulator.builder()
                .closeAfterBytesWritten(300)
                .handler("big", r -> QmpReply.success(new com.google.gson.JsonPrimitive("z".repeat(10_000))))
                .start());
        QmpConnectionException e = awaitFailure(session.execute("big"), QmpConnectionException.class);
        assertTrue(e.getMessage().contains("EOF"), e.getMessage());
    }

    @Test
    void quitSucceedsWhenQemuClosesAfterShutdownWithoutReplying() throws Exception {
        QmpSession session = connect(QmpSimulator.builder().quitWithoutReply(true).start());
        EventSubscription shutdown = session.subscribe("SHUTDOWN");
        assertEquals(new JsonObject(), await(session.execute("quit")));
        assertEquals("host-qmp-quit", await(shutdown.next()).data().get("reason").getAsString());
        awaitFailure(session.whenClosed(), QmpConnectionException.class);
    }

    @Test
    void quitWithItsReplySucceedsToo() throws Exception {
        QmpSession session = connect(QmpSimulator.start());
        assertEquals(new JsonObject(), await(session.execute("quit")));
        awaitFailure(session.whenClosed(), QmpConnectionException.class);
    }

    @Test
    void eofWithoutShutdownFailsQuit() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("quit", r -> {
                    r.session().close();
                    return QmpReply.none();
                })
                .start());
        awaitFailure(session.execute("quit"), QmpConnectionException.class);
    }

    @Test
    void closeFailsWaitingCommandsIsIdempotentAndLeavesTheSocketClosed() throws Exception {
        QmpSession session = connect(holding());
        EventSubscription events = session.subscribe();
        CompletableFuture<JsonElement> held = session.execute("hold");
        SimulatedSession server = sim.awaitSession(FIVE_SECONDS);
        server.awaitReceived(2, FIVE_SECONDS);

        session.close();
        session.close();

        assertEquals(QmpSessionState.CLOSED, session.state());
        QmpClosedException e = awaitFailure(held, QmpClosedException.class);
        assertTrue(e.getMessage().startsWith("hold got no reply: session unix:"), e.getMessage());
        awaitFailure(events.next(), QmpClosedException.class);
        assertEquals(null, await(session.whenClosed()));
        awaitFailure(session.execute("query-status"), QmpClosedException.class);
        server.awaitClosed(FIVE_SECONDS);
    }

    @Test
    void closingTheClientClosesItsSessions() throws Exception {
        QmpSession session = connect(QmpSimulator.start());
        SimulatedSession server = sim.awaitSession(FIVE_SECONDS);
        client.close();
        assertEquals(QmpSessionState.CLOSED, session.state());
        server.awaitClosed(FIVE_SECONDS);
        awaitFailure(session.execute("query-status"), QmpClosedException.class);
    }

    @Test
    void whenClosedCompletesNormallyWhenTheOwnerOrTheClientCloses() throws Exception {
        QmpSession session = connect(QmpSimulator.start());
        QmpSession other = await(client.connect(sim.endpoint()));
        CompletableFuture<Void> before = session.whenClosed();
        CompletableFuture<Void> otherClosed = other.whenClosed();
        assertFalse(before.isDone());
        session.close();
        assertEquals(null, await(before));
        CompletableFuture<Void> after = session.whenClosed();
        assertTrue(after.isDone(), "a session that has closed answers at once");
        assertEquals(null, await(after));
        client.close();
        assertEquals(null, await(otherClosed));
    }

    @Test
    void whenClosedFailsWithTheCauseWhenTheConnectionIsLost() throws Exception {
        QmpSession session = connect(QmpSimulator.start());
        CompletableFuture<Void> before = session.whenClosed();
        sim.awaitSession(FIVE_SECONDS).close();
        QmpConnectionException cause = awaitFailure(before, QmpConnectionException.class);
        assertSame(cause, awaitFailure(session.whenClosed(), QmpConnectionException.class),
                "every caller is told the same cause, unwrapped");
    }

    @Test
    void whenClosedGivesEachCallerItsOwnFuture() throws Exception {
        QmpSession session = connect(QmpSimulator.start());
        CompletableFuture<Void> cancelled = session.whenClosed();
        CompletableFuture<Void> completed = session.whenClosed();
        assertNotSame(cancelled, completed);
        cancelled.cancel(false);
        completed.complete(null);
        CompletableFuture<Void> other = session.whenClosed();
        assertFalse(other.isDone(), "what one caller does to its future changes nothing for the others");
        assertEquals(QmpSessionState.READY, session.state());
        await(session.execute("query-status"));
        sim.awaitSession(FIVE_SECONDS).close();
        awaitFailure(other, QmpConnectionException.class);
    }
}

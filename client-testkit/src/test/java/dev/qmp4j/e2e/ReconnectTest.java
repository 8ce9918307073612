package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.ReconnectTesting.next;
import static dev.qmp4j.e2e.ReconnectTesting.quick;
import static dev.qmp4j.e2e.ReconnectTesting.reconnecting;
import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static dev.qmp4j.e2e.SimulatorTesting.failedAtOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChange.Kind;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.DisconnectedCalls;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.e2e.ReconnectTesting.RestartingServer;
import dev.qmp4j.e2e.SimulatorTesting.LogCapture;
import dev.qmp4j.e2e.fuzz.LeakCheck;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import dev.qmp4j.testkit.ReceivedCommand;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedSession;
import dev.qmp4j.testkit.SimulatorTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconnection against a simulator that stops and starts again on one socket path: what fails,
 * what goes on, what the session tells of it, its waits, and how it ends.
 */
@Timeout(120)
class ReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(SimulatorTesting.WAIT_SECONDS);
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;
    private RestartingServer server;
    private QmpClient client;
    private ConnectionChanges changes;
    private QmpException lost;

    @BeforeEach
    void newServer() {
        server = new RestartingServer(dir);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private QmpSession connect(ReconnectOptions reconnect) throws Exception {
        client = QmpClient.create(reconnecting(reconnect));
        return await(client.connect(server.endpoint()));
    }

    /**
     * Connects, then stops the server: the session is in a gap, {@link #changes} past its
     * DISCONNECTED, and {@link #lost} is why.
     */
    private QmpSession inAGap(ReconnectOptions reconnect) throws Exception {
        server.start();
        QmpSession session = connect(reconnect);
        changes = session.connectionChanges();
        next(changes, Kind.CONNECTED);
        server.stop();
        lost = next(changes, Kind.DISCONNECTED).cause().orElseThrow();
        return session;
    }

    private static SimulatedEvent tick(int n) {
        JsonObject data = new JsonObject();
        data.addProperty("n", n);
        return SimulatedEvent.of("TICK", data);
    }

    private static List<String> names(SimulatedSession session) {
        return session.received().stream().map(ReceivedCommand::name).toList();
    }

    /** A simulator whose query-qmp-schema lists one command. */
    private static QmpSimulatorOptions.Builder withSchemaOf(String command) {
        JsonObject entry = new JsonObject();
        entry.addProperty("name", command);
        entry.addProperty("meta-type", "command");
        JsonArray schema = new JsonArray();
        schema.add(entry);
        return QmpSimulator.builder().handler("query-qmp-schema", request -> QmpReply.success(schema));
    }

    @Test
    void waitingCommandsFailAtOnceWithTheCauseAndAreNeverSentAgain() throws Exception {
        server.start(QmpSimulator.builder().handler("hold", request -> QmpReply.later(new CompletableFuture<>())));
        QmpSession session = connect(quick().build());
        ConnectionChanges changes = session.connectionChanges();
        next(changes, Kind.CONNECTED);
        List<CompletableFuture<JsonElement>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(session.execute("hold"));
        }
        server.running().awaitSession(WAIT).awaitReceived(4, WAIT); // qmp_capabilities and the three
        server.stop();

        QmpException cause = next(changes, Kind.DISCONNECTED).cause().orElseThrow();
        assertInstanceOf(QmpConnectionException.class, cause);
        assertTrue(cause.getMessage().contains("closed by the server (EOF)"), cause.getMessage());
        for (CompletableFuture<JsonElement> command : held) {
            QmpConnectionException failure = awaitFailure(command, QmpConnectionException.class);
            assertSame(cause, failure.getCause());
            assertTrue(failure.getMessage().startsWith("hold got no reply"), failure.getMessage());
        }

        QmpSimulator second = server.start();
        next(changes, Kind.RECONNECTED);
        assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
        assertEquals(List.of("qmp_capabilities", "query-status"), names(second.awaitSession(WAIT)), "nothing sent again");
    }

    @Test
    void eventsFromBeforeAndAfterTheGapReachTheSameSubscriptions() throws Exception {
        server.start();
        QmpSession session = connect(quick().build());
        EventSubscription ticks = session.subscribe("TICK");
        ConnectionChanges changes = session.connectionChanges();
        next(changes, Kind.CONNECTED);
        server.running().pushEvent(tick(1));
        assertEquals(1, await(ticks.next()).data().get("n").getAsInt());

        server.stop();
        next(changes, Kind.DISCONNECTED);
        assertFalse(ticks.isClosed(), "a lost connection does not end the subscription");
        CompletableFuture<QmpEvent> waiting = ticks.next(); // waits across the gap
        server.start();
        next(changes, Kind.RECONNECTED);
        server.running().pushEvent(tick(2));
        server.running().pushEvent(tick(3));
        assertEquals(2, await(waiting).data().get("n").getAsInt());
        assertEquals(3, await(ticks.next()).data().get("n").getAsInt());

        session.close();
        awaitFailure(ticks.next(), QmpClosedException.class);
    }

    @Test
    void theNewServersGreetingCapabilitiesAndSchemaReplaceTheOldOnes() throws Exception {
        server.start(withSchemaOf("only-on-the-first").version(7, 2, 22));
        QmpSession session = connect(quick().build());
        ConnectionChanges changes = session.connectionChanges();
        assertEquals("7.2.22", next(changes, Kind.CONNECTED).greeting().orElseThrow().version().toString());
        assertEquals(Set.of("oob"), session.enabledCapabilities());
        assertTrue(await(session.schema()).hasCommand("only-on-the-first"));

        server.stop();
        QmpException lost = next(changes, Kind.DISCONNECTED).cause().orElseThrow();
        try (ConnectionChanges late = session.connectionChanges()) {
            assertSame(lost, next(late, Kind.DISCONNECTED).cause().orElseThrow(), "a new subscription starts where it is");
        }
        assertEquals(QmpSessionState.CONNECTING, session.state());
        assertEquals("7.2.22", session.greeting().version().toString(), "the last greeting, while disconnected");

        server.start(withSchemaOf("only-on-the-second").version(10, 0, 2).offeredCapabilities(List.of()));
        ConnectionChange reconnected = next(changes, Kind.RECONNECTED);
        assertEquals("10.0.2", reconnected.greeting().orElseThrow().version().toString());
        assertTrue(reconnected.attempts() >= 1, reconnected::toString);
        assertEquals(QmpSessionState.READY, session.state());
        assertEquals("10.0.2", session.greeting().version().toString());
        assertEquals(Set.of(), session.enabledCapabilities());
        QmpException noOob = failedAtOnce(session.executeOutOfBand("yank", null, WAIT), QmpException.class);
        assertTrue(noOob.getMessage().contains("'oob' capability was not negotiated"), noOob.getMessage());
        assertTrue(await(session.schema()).hasCommand("only-on-the-second"));
        assertFalse(await(session.schema()).hasCommand("only-on-the-first"));

        CompletableFuture<Void> closed = session.whenClosed();
        session.close();
        assertNull(await(closed));
        awaitFailure(changes.next(), QmpClosedException.class);
        assertEquals(QmpSessionState.CLOSED, session.state());
    }

    @Test
    void callsWhileDisconnectedFailFastByDefault() throws Exception {
        QmpSession session = inAGap(quick().initialDelay(HOUR).maxDelay(HOUR).build());
        assertEquals(DisconnectedCalls.FAIL_FAST, session.options().reconnect().disconnectedCalls());

        QmpConnectionException failure = failedAtOnce(session.execute("query-status"), QmpConnectionException.class);
        assertSame(lost, failure.getCause());
        assertEquals("cannot run query-status: the connection to " + server.endpoint() + " was lost and is not"
                + " re-established yet: " + lost.getMessage(), failure.getMessage());
        failedAtOnce(session.schema(), QmpConnectionException.class);
        failedAtOnce(session.executeAndAwaitEvent("stop", null, "STOP", e -> true, WAIT), QmpConnectionException.class);
    }

    @Test
    void waitingCallsRunOnTheNextConnectionWithTheTimeLeft() throws Exception {
        QmpSession session = inAGap(quick().disconnectedCalls(DisconnectedCalls.WAIT).build());

        CompletableFuture<JsonElement> status = session.execute("query-status");
        CompletableFuture<QmpEvent> resumed = session.executeAndAwaitEvent("cont", null, "RESUME", e -> true, WAIT);
        assertFalse(status.isDone() || resumed.isDone(), "they wait for the connection");
        QmpSimulator second = server.start();
        assertEquals("prelaunch", await(status).getAsJsonObject().get("status").getAsString());
        assertEquals("RESUME", await(resumed).name());
        assertEquals(List.of("qmp_capabilities", "query-status", "cont"), names(second.awaitSession(WAIT)));
    }

    @Test
    void aWaitingCallTimesOutWhenTheGapOutlastsIt() throws Exception {
        QmpSession session = inAGap(quick().disconnectedCalls(DisconnectedCalls.WAIT).build());

        QmpTimeoutException timeout = awaitFailure(session.execute("query-status", null, Duration.ofMillis(200)),
                QmpTimeoutException.class);
        assertEquals("query-status got no reply within 0.2 s: the connection to " + server.endpoint()
                + " was lost and not re-established in that time (nothing was sent)", timeout.getMessage());
        QmpSimulator second = server.start();
        next(changes, Kind.RECONNECTED);
        assertEquals(List.of("qmp_capabilities"), names(second.awaitSession(WAIT)), "the timed-out call was not sent");
    }

    @Test
    void waitingCallsFailWhenTheSessionIsClosed() throws Exception {
        QmpSession session = inAGap(quick().disconnectedCalls(DisconnectedCalls.WAIT).build());
        CompletableFuture<JsonElement> status = session.execute("query-status", null, HOUR);

        session.close();
        QmpClosedException closed = awaitFailure(status, QmpClosedException.class);
        assertEquals("cannot run query-status: session " + server.endpoint() + " has ended: session "
                + server.endpoint() + " was closed", closed.getMessage());
        failedAtOnce(session.execute("query-status"), QmpClosedException.class);
    }

    @Test
    void eachWaitIsLongerByTheMultiplierUpToTheMaximum() throws Exception {
        server.start();
        QmpSession session = connect(ReconnectOptions.builder().initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofMillis(400)).multiplier(2).jitter(0).build());
        ConnectionChanges changes = session.connectionChanges();
        next(changes, Kind.CONNECTED);
        // Each attempt is accepted, and closed at once: it fails, and the next one follows its wait.
        QmpSimulator refusing = server.start(QmpSimulator.builder().closeOnAccept(true));
        next(changes, Kind.DISCONNECTED);
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            refusing.awaitSession(WAIT);
            accepted.add(System.nanoTime());
        }
        List<Long> expected = List.of(200L, 400L, 400L, 400L); // the waits before attempts 2 to 5, in ms
        for (int i = 0; i < expected.size(); i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(accepted.get(i + 1) - accepted.get(i));
            // At least the wait: an attempt comes no sooner (some slack for when this thread woke up).
            assertTrue(gap >= expected.get(i) - 50, "attempt " + (i + 2) + " came " + gap + " ms after the one before; "
                    + "expected at least " + expected.get(i) + " ms");
        }
        // Without the cap the waits would add up to 200 + 400 + 800 + 1600 ms.
        long total = TimeUnit.NANOSECONDS.toMillis(accepted.get(4) - accepted.get(0));
        assertTrue(total < 2_600, "attempts 2 to 5 took " + total + " ms; the capped waits add up to 1600 ms");
        server.start();
        assertTrue(next(changes, Kind.RECONNECTED).attempts() >= 6, "five refused attempts are counted");
    }

    @Test
    void closeDuringTheWaitStopsAtOnce() throws Exception {
        QmpSession session = inAGap(quick().initialDelay(HOUR).maxDelay(HOUR).build());
        EventSubscription events = session.subscribe();

        long start = System.nanoTime();
        session.close();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_000, "close() does not wait for the backoff");
        assertNull(await(session.whenClosed()));
        awaitFailure(changes.next(), QmpClosedException.class);
        awaitFailure(events.next(), QmpClosedException.class);
        QmpSimulator later = server.start();
        assertThrows(SimulatorTimeoutException.class, () -> later.awaitSession(Duration.ofMillis(300)),
                "no attempt after close()");
    }

    @Test
    void closeDuringAnAttemptClosesItsSocket() throws Exception {
        server.start();
        QmpSession session = connect(quick().build());
        ConnectionChanges changes = session.connectionChanges();
        next(changes, Kind.CONNECTED);
        QmpSimulator silent = server.start(QmpSimulator.builder().stallBeforeGreeting(true));
        next(changes, Kind.DISCONNECTED);
        SimulatedSession attempt = silent.awaitSession(WAIT); // accepted, waiting for a greeting that never comes

        session.close();
        attempt.awaitClosed(WAIT);
        assertNull(await(session.whenClosed()));
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheRootCause() throws Exception {
        server.start();
        QmpSession session = connect(quick().maxAttempts(3).build());
        ConnectionChanges changes = session.connectionChanges();
        EventSubscription events = session.subscribe();
        next(changes, Kind.CONNECTED);
        server.stop(); // and nothing comes back: each attempt finds no socket

        QmpException lost = next(changes, Kind.DISCONNECTED).cause().orElseThrow();
        ConnectionChange gaveUp = next(changes, Kind.GAVE_UP);
        assertEquals(3, gaveUp.attempts());
        QmpException cause = gaveUp.cause().orElseThrow();
        assertInstanceOf(QmpConnectionException.class, cause);
        assertSame(lost, cause.getCause(), "the root cause is what ended the connection");
        assertTrue(cause.getMessage().startsWith("gave up reconnecting to " + server.endpoint() + " after 3 attempts;"
                + " the connection was lost: " + lost.getMessage() + "; the last attempt: cannot connect to "),
                cause.getMessage());
        assertEquals(1, cause.getSuppressed().length, "the last attempt's failure");

        assertSame(cause, awaitFailure(session.whenClosed(), QmpConnectionException.class));
        assertSame(cause, awaitFailure(changes.next(), QmpConnectionException.class));
        assertSame(cause, awaitFailure(events.next(), QmpConnectionException.class));
        assertEquals(QmpSessionState.CLOSED, session.state());
        assertSame(cause, failedAtOnce(session.execute("query-status"), QmpConnectionException.class).getCause());
        try (ConnectionChanges late = session.connectionChanges()) {
            assertEquals(Kind.GAVE_UP, await(late.next()).kind(), "a late subscription sees how it ended");
            assertSame(cause, awaitFailure(late.next(), QmpConnectionException.class));
        }
    }

    @Test
    void theFirstConnectIsNotRetried() {
        client = QmpClient.create(reconnecting(quick().build()));
        QmpConnectionException failure = awaitFailure(client.connect(server.endpoint()), QmpConnectionException.class);
        assertTrue(failure.getMessage().startsWith("cannot connect to " + server.endpoint()), failure.getMessage());
        QmpSimulator late = server.start();
        assertThrows(SimulatorTimeoutException.class, () -> late.awaitSession(Duration.ofMillis(300)),
                "no attempt after a failed first connect");
    }

    @Test
    void closingTheClientEndsItsReconnectingSessionsNormally() throws Exception {
        Set<Thread> before = LeakCheck.qmpThreads();
        QmpSession session = inAGap(quick().initialDelay(HOUR).maxDelay(HOUR).build());

        client.close();
        assertNull(session.whenClosed().get(0, TimeUnit.SECONDS), "ended by the time close() returned");
        assertEquals(QmpSessionState.CLOSED, session.state());
        assertEquals(before, LeakCheck.qmpThreads(), "the client's threads have ended");
    }

    @Test
    void aHundredReconnectionsLeaveNoThreadNorDescriptorBehind() throws Exception {
        server.start();
        Set<Thread> before = LeakCheck.qmpThreads();
        QmpSession session = connect(quick().build());
        EventSubscription ticks = session.subscribe("TICK");
        ConnectionChanges changes = session.connectionChanges();
        next(changes, Kind.CONNECTED);
        long descriptors = LeakCheck.openFileDescriptors();
        try (LogCapture log = new LogCapture("dev.qmp4j.core.internal.reconnect", Level.WARN);
             ConnectionChanges unread = session.connectionChanges()) {
            for (int i = 1; i <= 100; i++) {
                server.start(); // stops the one before: the connection is lost, and found again
                next(changes, Kind.DISCONNECTED);
                next(changes, Kind.RECONNECTED);
                server.running().pushEvent(tick(i));
                assertEquals(i, await(ticks.next()).data().get("n").getAsInt(), "every event, in order");
            }
            log.awaitOnlyWarning("connection changes were not taken; dropping the oldest");
            List<Kind> kept = new ArrayList<>();
            for (ConnectionChange change = unread.poll().orElse(null); change != null; change = unread.poll().orElse(null)) {
                kept.add(change.kind());
            }
            assertEquals(ConnectionChanges.BUFFER_SIZE, kept.size(), "the unread subscription keeps the last ones");
            assertEquals(Kind.RECONNECTED, kept.get(kept.size() - 1));
            assertEquals(Kind.DISCONNECTED, kept.get(kept.size() - 2));
        }
        long after = LeakCheck.openFileDescriptors();
        assertTrue(after <= descriptors + 2, descriptors + " descriptors open after the first connection, " + after
                + " after 100 more");
        Set<Thread> clientThreads = new java.util.HashSet<>(LeakCheck.qmpThreads());
        clientThreads.removeAll(before);
        assertTrue(clientThreads.size() <= 3, "one I/O thread and at most two callback threads: " + clientThreads);
        client.close();
        assertEquals(before, LeakCheck.qmpThreads(), "the client's threads have ended");
    }

    @Test
    void aClientThatReconnectsRefusesToListen() {
        client = QmpClient.create(reconnecting(quick().build()));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> client.listen(server.endpoint()));
        assertTrue(refused.getMessage().contains("reconnects its sessions"), refused.getMessage());
        ExecutionException launch = assertThrows(ExecutionException.class, // refused before a QEMU would start
                () -> QemuLauncher.builder().binary(Path.of("/bin/true")).build().launch(client).get(10, TimeUnit.SECONDS));
        assertInstanceOf(QemuLaunchException.class, launch.getCause());
        assertInstanceOf(IllegalStateException.class, launch.getCause().getCause());
    }

    @Test
    void aSessionWithoutReconnectionTellsConnectedThenDisconnected() throws Exception {
        server.start();
        client = QmpClient.create();
        QmpSession session = await(client.connect(server.endpoint()));
        ConnectionChanges changes = session.connectionChanges();
        assertEquals(session.greeting(), next(changes, Kind.CONNECTED).greeting().orElseThrow());
        server.stop();
        QmpException lost = next(changes, Kind.DISCONNECTED).cause().orElseThrow();
        assertSame(lost, awaitFailure(session.whenClosed(), QmpConnectionException.class));
        assertSame(lost, awaitFailure(changes.next(), QmpConnectionException.class));
    }
}

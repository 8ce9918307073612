package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static dev.qmp4j.e2e.SimulatorTesting.failedAtOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonObject;
import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedRunState;
import dev.qmp4j.testkit.SimulatedSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events: delivery, filtering, fan-out, overflow policies, events before command mode, and the end. */
@Timeout(60)
class EventsTest {
    private static final Duration WAIT = Duration.ofSeconds(SimulatorTesting.WAIT_SECONDS);

    private QmpSimulator sim;
    private QmpClient client;

    @BeforeEach
    void start() {
        sim = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start();
        client = QmpClient.create();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private QmpSession connect() throws Exception {
        return await(client.connect(sim.endpoint()));
    }

    private static SimulatedEvent numbered(String name, int seq) {
        JsonObject data = new JsonObject();
        data.addProperty("seq", seq);
        return SimulatedEvent.of(name, data);
    }

    private static int seq(QmpEvent event) {
        return event.data().get("seq").getAsInt();
    }

    @Test
    void pushedEventHasNameDataAndTimestamp() throws Exception {
        try (QmpSession session = connect()) {
            EventSubscription events = session.subscribe();
            JsonObject data = new JsonObject();
            data.addProperty("action", "pause");
            JsonObject nested = new JsonObject();
            nested.addProperty("id", "wd0");
            data.add("device", nested);
            Instant before = Instant.now().minusSeconds(1);

            sim.pushEvent(SimulatedEvent.of("WATCHDOG", data));

            QmpEvent event = await(events.next());
            assertEquals("WATCHDOG", event.name());
            assertEquals(data, event.data());
            Instant stamp = event.timestamp().toInstant().orElseThrow();
            assertFalse(stamp.isBefore(before), () -> "timestamp " + stamp + " is before " + before);
            assertFalse(stamp.isAfter(Instant.now().plusSeconds(1)), () -> "timestamp " + stamp + " is in the future");
            assertTrue(event.timestamp().microseconds() >= 0 && event.timestamp().microseconds() < 1_000_000);

            sim.pushEvent(SimulatedEvent.of("SUSPEND"));
            QmpEvent noData = await(events.next());
            assertEquals("SUSPEND", noData.name());
            assertEquals(new JsonObject(), noData.data());
        }
    }

    @Test
    void subscriptionByNameFilters() throws Exception {
        try (QmpSession session = connect()) {
            EventSubscription stops = session.subscribe("STOP");
            EventSubscription all = session.subscribe();

            sim.pushEvent(SimulatedEvent.of("RESUME"));
            sim.pushEvent(numbered("STOP", 1));
            sim.pushEvent(SimulatedEvent.of("SUSPEND"));
            sim.pushEvent(numbered("STOP", 2));
            sim.pushEvent(SimulatedEvent.of("MARKER"));

            List<String> names = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                names.add(await(all.next()).name());
            }
            assertEquals(List.of("RESUME", "STOP", "SUSPEND", "STOP", "MARKER"), names);
            // Every event has been dispatched (MARKER came last): the filtered one holds exactly the two STOPs.
            assertEquals(1, seq(stops.poll().orElseThrow()));
            assertEquals(2, seq(stops.poll().orElseThrow()));
            assertEquals(Optional.empty(), stops.poll());
        }
    }

    @Test
    void builtInCommandsEmitTheirEvents() throws Exception {
        try (QmpSession session = connect()) {
            EventSubscription events = session.subscribe();

            await(session.execute("stop"));
            QmpEvent stop = await(events.next());
            assertEquals("STOP", stop.name());
            assertEquals("paused", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());

            await(session.execute("cont"));
            assertEquals("RESUME", await(events.next()).name());

            await(session.execute("system_reset"));
            QmpEvent reset = await(events.next());
            assertEquals("RESET", reset.name());
            assertFalse(reset.data().get("guest").getAsBoolean());
            assertEquals("host-qmp-system-reset", reset.data().get("reason").getAsString());

            await(session.execute("system_powerdown"));
            assertEquals("POWERDOWN", await(events.next()).name());
            assertEquals(Optional.empty(), events.poll());
        }
    }

    @Test
    void everySubscriptionGetsEveryEvent() throws Exception {
        try (QmpSession session = connect()) {
            EventSubscription a = session.subscribe();
            EventSubscription b = session.subscribe();
            for (int i = 0; i < 20; i++) {
                sim.pushEvent(numbered("EV", i));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i, seq(await(a.next())));
                assertEquals(i, seq(await(b.next())));
            }
            // Built-in events reach both as well, also in other sessions of the same VM.
            try (QmpSession other = connect()) {
                EventSubscription c = other.subscribe("STOP");
                await(session.execute("stop"));
                assertEquals("STOP", await(a.next()).name());
                assertEquals("STOP", await(b.next()).name());
                assertEquals("STOP", await(c.next()).name());
            }
        }
    }

    @Test
    void failPolicyOverflowEndsOnlyThatSubscription() throws Exception {
        int total = 2_000;
        try (QmpSession session = connect();
             SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
            EventSubscription neverRead = session.subscribe(EventSubscriptionOptions.builder().bufferSize(1).build());
            assertEquals(EventOverflowPolicy.FAIL, neverRead.options().overflowPolicy());
            // Big enough for all, so this one cannot overflow however slowly the test thread reads.
            EventSubscription reader = session.subscribe(EventSubscriptionOptions.builder().bufferSize(total).build());

            List<CompletableFuture<?>> commands = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                sim.pushEvent(numbered("EV", i));
                if (i % 100 == 50) {
                    commands.add(session.execute("query-status")); // commands interleaved with the flood
                }
            }
            // (a) Commands are still answered while and after the subscription overflows.
            for (CompletableFuture<?> c : commands) {
                await(c);
            }
            assertEquals("running", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());

            // (b) The other subscription gets every event, in order.
            for (int i = 0; i < total; i++) {
                assertEquals(i, seq(await(reader.next())));
            }

            // The overflowed one keeps what it had buffered, then fails with the reason.
            assertTrue(neverRead.isClosed());
            assertEquals(0, seq(await(neverRead.next())));
            QmpEventOverflowException overflow = awaitFailure(neverRead.next(), QmpEventOverflowException.class);
            assertEquals(1, overflow.capacity());
            assertTrue(overflow.getMessage().contains("EV"), overflow.getMessage());
            assertEquals(QmpSessionState.READY, session.state());
            log.awaitOnlyWarning("overflowed");
        }
    }

    @Test
    void dropOldestKeepsTheNewestAndCounts() throws Exception {
        try (QmpSession session = connect();
             SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
            EventSubscription dropping = session.subscribe(EventSubscriptionOptions.builder().bufferSize(3)
                    .overflowPolicy(EventOverflowPolicy.DROP_OLDEST).build());
            pushTenAndWaitForAll(session);

            assertEquals(7, dropping.droppedCount());
            assertFalse(dropping.isClosed());
            assertEquals(List.of(7, 8, 9), drain(dropping));
            log.awaitOnlyWarning("dropping the oldest"); // once, not per dropped event
        }
    }

    @Test
    void dropNewestKeepsTheOldestAndCounts() throws Exception {
        try (QmpSession session = connect();
             SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
            EventSubscription dropping = session.subscribe(EventSubscriptionOptions.builder().bufferSize(3)
                    .overflowPolicy(EventOverflowPolicy.DROP_NEWEST).build());
            pushTenAndWaitForAll(session);

            assertEquals(7, dropping.droppedCount());
            assertFalse(dropping.isClosed());
            assertEquals(List.of(0, 1, 2), drain(dropping));
            // It still takes events once there is room again.
            sim.pushEvent(numbered("EV", 10));
            assertEquals(10, seq(await(dropping.next())));
            assertEquals(7, dropping.droppedCount());
            log.awaitOnlyWarning("dropping the newest");
        }
    }

    /**
     * Pushes events 0..9 and returns once the engine has dispatched all of them: an observer
     * subscribed after the one under test is offered each event after it, on the same thread.
     */
    private void pushTenAndWaitForAll(QmpSession session) throws Exception {
        EventSubscription observer = session.subscribe();
        for (int i = 0; i < 10; i++) {
            sim.pushEvent(numbered("EV", i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(i, seq(await(observer.next())));
        }
        observer.close();
    }

    private static List<Integer> drain(EventSubscription subscription) {
        List<Integer> seqs = new ArrayList<>();
        Optional<QmpEvent> e;
        while ((e = subscription.poll()).isPresent()) {
            seqs.add(seq(e.get()));
        }
        return seqs;
    }

    @Test
    void eventsBeforeCommandModeNeverReachASubscriber() throws Exception {
        sim.close();
        sim = QmpSimulator.builder()
                .eventBeforeGreeting(SimulatedEvent.of("EARLY"))
                .eventDuringNegotiation(SimulatedEvent.of("NEGOTIATING"))
                .start();
        try (SimulatorTesting.LogCapture wire = new SimulatorTesting.LogCapture("dev.qmp4j.wire", Level.DEBUG);
             QmpSession session = connect()) {
            assertEquals(QmpSessionState.READY, session.state());
            assertEquals(Set.of("oob"), session.enabledCapabilities());
            EventSubscription events = session.subscribe();

            sim.pushEvent(SimulatedEvent.of("MARKER"));

            assertEquals("MARKER", await(events.next()).name());
            assertEquals(Optional.empty(), events.poll());
            // Both early events did reach the client (so the test proves they were discarded, not never sent).
            List<String> received = wire.messages().stream().filter(m -> m.contains(" <- ")).toList();
            assertEquals(1, received.stream().filter(m -> m.contains("\"EARLY\"")).count(), received::toString);
            assertEquals(1, received.stream().filter(m -> m.contains("\"NEGOTIATING\"")).count(), received::toString);
            assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
        }
    }

    @Test
    void unexpectedDisconnectFailsWaitingNextWithConnectionException() throws Exception {
        try (QmpSession session = connect()) {
            SimulatedSession server = sim.awaitSession(WAIT);
            EventSubscription events = session.subscribe();
            CompletableFuture<QmpEvent> waiting = events.next();

            server.close();

            awaitFailure(waiting, QmpConnectionException.class);
            awaitFailure(session.whenClosed(), QmpConnectionException.class);
            assertTrue(events.isClosed());
            failedAtOnce(events.next(), QmpConnectionException.class);
        }
    }

    @Test
    void eventsBufferedBeforeTheEndAreStillHandedOut() throws Exception {
        try (QmpSession session = connect()) {
            SimulatedSession server = sim.awaitSession(WAIT);
            EventSubscription unread = session.subscribe();
            EventSubscription observer = session.subscribe();
            for (int i = 0; i < 3; i++) {
                sim.pushEvent(numbered("EV", i));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(i, seq(await(observer.next()))); // so all three are buffered in "unread"
            }

            server.close();
            awaitFailure(session.whenClosed(), QmpConnectionException.class);

            assertTrue(unread.isClosed());
            for (int i = 0; i < 3; i++) {
                assertEquals(i, seq(await(unread.next())));
            }
            failedAtOnce(unread.next(), QmpConnectionException.class);
        }
    }

    @Test
    void cancellingNextLosesNoEvent() throws Exception {
        try (QmpSession session = connect()) {
            EventSubscription events = session.subscribe();
            CompletableFuture<QmpEvent> givenUp = events.next();
            assertTrue(givenUp.cancel(false));

            sim.pushEvent(numbered("EV", 1));
            sim.pushEvent(numbered("EV", 2));

            assertEquals(1, seq(await(events.next())));
            assertEquals(2, seq(await(events.next())));
        }
    }

    /**
     * A wait given up while its event is being handed over must not let a later event overtake
     * that one. Made deterministic with a callback executor the test can pause: nothing reaches
     * the waits until both events have been dispatched by the engine (seen by a marker event
     * logged after each: the I/O thread handles one message after the other), then hand-overs
     * run in order.
     */
    @Test
    void cancelledWaitRacingAHandOverKeepsArrivalOrder() throws Exception {
        try (PausableExecutor callbacks = new PausableExecutor();
             QmpClient own = QmpClient.create(QmpClientOptions.builder().callbackExecutor(callbacks).build());
             QmpSession session = await(own.connect(sim.endpoint()));
             SimulatorTesting.LogCapture wire = new SimulatorTesting.LogCapture("dev.qmp4j.wire", Level.DEBUG)) {
            EventSubscription events = session.subscribe("EV");
            CompletableFuture<QmpEvent> givenUp = events.next();

            callbacks.pause();
            pushThenMarker(wire, 1);           // EV 1 is on its way to the first wait...
            assertTrue(givenUp.cancel(false)); // ... which is given up meanwhile
            CompletableFuture<QmpEvent> second = events.next();
            pushThenMarker(wire, 2);
            callbacks.resume();

            List<Integer> order = new ArrayList<>();
            order.add(seq(await(second)));
            order.add(seq(await(events.next())));
            assertEquals(List.of(1, 2), order, "events must come out in order of arrival");
        }
    }

    /** Pushes EV n and returns once the engine has dispatched it. */
    private void pushThenMarker(SimulatorTesting.LogCapture wire, int n) throws InterruptedException {
        sim.pushEvent(numbered("EV", n));
        sim.pushEvent(numbered("MARKER", n));
        wire.awaitMessage(m -> m.contains(" <- ") && m.contains("\"MARKER\"") && m.contains("\"seq\": " + n + "}"));
    }

    /** Runs tasks on one thread of its own, in order; while paused it holds them back. */
    private static final class PausableExecutor implements Executor, AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(
                r -> {
                    Thread t = new Thread(r, "test-callback");
                    t.setDaemon(true);
                    return t;
                });
        private final List<Runnable> held = new ArrayList<>();
        private boolean paused;

        @Override
        public synchronized void execute(Runnable task) {
            if (paused) {
                held.add(task);
            } else {
                thread.execute(task);
            }
        }

        synchronized void pause() {
            paused = true;
        }

        synchronized void resume() {
            paused = false;
            held.forEach(thread::execute);
            held.clear();
        }

        @Override
        public void close() {
            resume();
            thread.shutdown();
            try {
                thread.awaitTermination(SimulatorTesting.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close() does not throw it: try-with-resources would suppress it
            }
        }
    }

    @Test
    void closingTheSessionFailsWaitingNextWithClosedException() throws Exception {
        QmpSession session = connect();
        EventSubscription events = session.subscribe();
        CompletableFuture<QmpEvent> waiting = events.next();

        session.close();

        awaitFailure(waiting, QmpClosedException.class);
        await(session.whenClosed());
        assertTrue(events.isClosed());
        failedAtOnce(events.next(), QmpClosedException.class);
    }

    @Test
    void subscribingAfterTheEndFailsFast() throws Exception {
        QmpSession closed = connect();
        closed.close();
        failedAtOnce(closed.subscribe().next(), QmpClosedException.class);
        failedAtOnce(closed.subscribe("STOP").next(), QmpClosedException.class);
        assertTrue(closed.subscribe().isClosed());

        try (QmpSession lost = connect()) {
            sim.awaitSession(WAIT); // the first one
            sim.awaitSession(WAIT).close();
            awaitFailure(lost.whenClosed(), QmpConnectionException.class);
            failedAtOnce(lost.subscribe().next(), QmpConnectionException.class);
        }
    }

    @Test
    void closingASubscriptionFailsItsWaitersAndStopsDelivery() throws Exception {
        try (QmpSession session = connect()) {
            EventSubscription closing = session.subscribe();
            EventSubscription open = session.subscribe();
            CompletableFuture<QmpEvent> waiting = closing.next();

            closing.close();

            awaitFailure(waiting, QmpClosedException.class);
            sim.pushEvent(SimulatedEvent.of("AFTER"));
            assertEquals("AFTER", await(open.next()).name());
            assertEquals(Optional.empty(), closing.poll());
            failedAtOnce(closing.next(), QmpClosedException.class);
        }
    }
}

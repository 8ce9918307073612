package dev.qmp4j.e2e.reactive;

import static dev.qmp4j.e2e.reactive.ReactiveTesting.WAIT;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.numbered;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.runUnchecked;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.e2e.SimulatorTesting;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedRunState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Events through the Reactor API: filtering, fan-out, back-pressure, overflow and the end of the Flux. */
@Timeout(60)
class ReactiveEventsTest {
    private QmpSimulator sim;
    private ReactiveQmpClient client;
    private ReactiveTesting.RecordingSession recording;
    private ReactiveQmpSession session;

    @BeforeEach
    void start() throws Exception {
        sim = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start();
        client = ReactiveQmpClient.create();
        recording = new ReactiveTesting.RecordingSession(
                client.async().connect(sim.endpoint()).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        session = ReactiveQmpSession.of(recording.session);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    /**
     * Pushes events {@code from..to} and returns once the engine has dispatched them all: a core
     * subscription taken after the ones under test is offered each event after them.
     */
    private void pushAndWaitForDispatch(int from, int to) throws Exception {
        try (EventSubscription observer = session.async().subscribe("EV")) {
            for (int i = from; i <= to; i++) {
                sim.pushEvent(numbered("EV", i));
            }
            for (int i = from; i <= to; i++) {
                assertEquals(i, seq(observer.next().get(WAIT.toSeconds(), TimeUnit.SECONDS)));
            }
        }
    }


    @Test
    void filtersByName() {
        StepVerifier.create(session.subscribe("STOP", "RESUME"))
                .then(() -> {
                    sim.pushEvent(SimulatedEvent.of("OTHER"));
                    sim.pushEvent(SimulatedEvent.of("STOP"));
                    sim.pushEvent(SimulatedEvent.of("OTHER"));
                    sim.pushEvent(SimulatedEvent.of("RESUME"));
                })
                .assertNext(e -> assertEquals("STOP", e.name()))
                .assertNext(e -> assertEquals("RESUME", e.name()))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void commandEventsArrive() {
        StepVerifier.create(session.subscribe("STOP"))
                .then(() -> session.execute("stop").subscribe())
                .assertNext(e -> assertEquals("STOP", e.name()))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void eachSubscriberSeesEveryEventAndHasItsOwnSubscription() {
        Flux<QmpEvent> events = session.subscribe();
        StepVerifier.create(Flux.zip(events.take(3), events.take(3)))
                .then(() -> {
                    for (int i = 0; i < 3; i++) {
                        sim.pushEvent(numbered("EV", i));
                    }
                })
                .assertNext(t -> assertEquals(List.of(0, 0), List.of(seq(t.getT1()), seq(t.getT2()))))
                .assertNext(t -> assertEquals(List.of(1, 1), List.of(seq(t.getT1()), seq(t.getT2()))))
                .assertNext(t -> assertEquals(List.of(2, 2), List.of(seq(t.getT1()), seq(t.getT2()))))
                .expectComplete()
                .verify(WAIT);
        assertEquals(2, recording.subscriptions.size());
        assertTrue(recording.subscriptions.stream().allMatch(EventSubscription::isClosed), "take(3) cancelled both");
    }

    @Test
    void eventsBeforeSubscriptionAreNotReplayed() throws Exception {
        pushAndWaitForDispatch(0, 0);
        StepVerifier.create(session.subscribe("EV"))
                .then(() -> sim.pushEvent(numbered("EV", 1)))
                .assertNext(e -> assertEquals(1, seq(e)))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void slowSubscriberLeavesEventsInTheCoreBufferAndItsPolicyApplies() throws Exception {
        try (SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
            EventSubscriptionOptions options = EventSubscriptionOptions.builder().eventNames("EV").bufferSize(4)
                    .overflowPolicy(EventOverflowPolicy.DROP_NEWEST).build();
            AtomicReference<EventSubscription> core = new AtomicReference<>();
            StepVerifier.create(session.subscribe(options), 1)
                    .then(() -> {
                        core.set(recording.subscriptions.get(0));
                        sim.pushEvent(numbered("EV", 0));
                    })
                    .assertNext(e -> assertEquals(0, seq(e)))
                    // No demand now: nothing may take events out of the core buffer, so 4 fit and 5 are dropped.
                    .then(() -> runUnchecked(() -> pushAndWaitForDispatch(1, 9)))
                    .then(() -> assertEquals(5, core.get().droppedCount()))
                    .thenRequest(Long.MAX_VALUE)
                    .assertNext(e -> assertEquals(1, seq(e)))
                    .assertNext(e -> assertEquals(2, seq(e)))
                    .assertNext(e -> assertEquals(3, seq(e)))
                    .assertNext(e -> assertEquals(4, seq(e)))
                    .then(() -> sim.pushEvent(numbered("EV", 10)))
                    .assertNext(e -> assertEquals(10, seq(e)))
                    .thenCancel()
                    .verify(WAIT);
            assertEquals(5, core.get().droppedCount());
            assertTrue(core.get().isClosed(), "cancel closes the core subscription");
            log.awaitOnlyWarning("dropping the newest");
        }
    }

    @Test
    void failPolicyEndsTheFluxWithOverflowAfterTheBufferedEvents() throws Exception {
        try (SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
            EventSubscriptionOptions options = EventSubscriptionOptions.builder().eventNames("EV").bufferSize(2)
                    .overflowPolicy(EventOverflowPolicy.FAIL).build();
            StepVerifier.create(session.subscribe(options), 0)
                    .then(() -> runUnchecked(() -> pushAndWaitForDispatch(0, 2)))
                    .thenRequest(10)
                    .assertNext(e -> assertEquals(0, seq(e)))
                    .assertNext(e -> assertEquals(1, seq(e)))
                    .expectErrorSatisfies(e -> assertEquals(2, ((QmpEventOverflowException) e).capacity()))
                    .verify(WAIT);
            assertEquals(QmpSessionState.READY, session.state());
            log.awaitOnlyWarning("overflowed");
        }
    }

    @Test
    void completesWhenTheSessionIsClosed() {
        StepVerifier.create(session.subscribe())
                .then(() -> sim.pushEvent(numbered("EV", 0)))
                .assertNext(e -> assertEquals(0, seq(e)))
                .then(session::close)
                .expectComplete()
                .verify(WAIT);
        // Subscribing after the end completes at once.
        StepVerifier.create(session.subscribe()).expectComplete().verify(WAIT);
    }

    @Test
    void errorsWhenTheServerClosesTheConnection() {
        StepVerifier.create(session.subscribe())
                .then(() -> sim.awaitSession(WAIT).close())
                .expectError(QmpConnectionException.class)
                .verify(WAIT);
        StepVerifier.create(session.subscribe()).expectError(QmpConnectionException.class).verify(WAIT);
    }

    @Test
    void cancelClosesTheCoreSubscription() {
        StepVerifier.create(session.subscribe())
                .thenCancel()
                .verify(WAIT);
        assertEquals(1, recording.subscriptions.size());
        assertTrue(recording.subscriptions.get(0).isClosed());
        assertFalse(session.async().whenClosed().isDone());
    }
}

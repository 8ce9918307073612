package dev.qmp4j.e2e.reactive;

import static dev.qmp4j.e2e.ReconnectTesting.next;
import static dev.qmp4j.e2e.ReconnectTesting.quick;
import static dev.qmp4j.e2e.ReconnectTesting.reconnecting;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.WAIT;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.numbered;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.runUnchecked;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.ConnectionChange.Kind;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.e2e.ReconnectTesting.RestartingServer;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Reconnection through the Reactor API: the Flux of connection changes, and event Fluxes across a gap. */
@Timeout(60)
class ReactiveReconnectTest {
    @TempDir
    Path dir;
    private RestartingServer server;
    private ReactiveQmpClient client;

    @BeforeEach
    void start() {
        server = new RestartingServer(dir);
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private ReactiveQmpSession connect(ReconnectOptions reconnect) {
        client = ReactiveQmpClient.create(reconnecting(reconnect));
        return client.connect(server.endpoint()).block(WAIT);
    }

    @Test
    void theFluxOfChangesTellsEachStepAndCompletesOnClose() {
        ReactiveQmpSession session = connect(quick().build());
        StepVerifier.create(session.connectionChanges())
                .assertNext(change -> assertEquals(Kind.CONNECTED, change.kind()))
                .then(server::stop)
                .assertNext(change -> assertEquals(Kind.DISCONNECTED, change.kind()))
                .then(server::start)
                .assertNext(change -> {
                    assertEquals(Kind.RECONNECTED, change.kind());
                    assertEquals(session.greeting(), change.greeting().orElseThrow());
                })
                .then(session::close)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void anEventFluxGoesOnAcrossTheGap() {
        ReactiveQmpSession session = connect(quick().build());
        ConnectionChanges changes = session.async().connectionChanges();
        StepVerifier.create(session.subscribe("TICK"))
                .then(() -> server.running().pushEvent(numbered("TICK", 1)))
                .assertNext(event -> assertEquals(1, seq(event)))
                .then(() -> runUnchecked(() -> {
                    next(changes, Kind.CONNECTED);
                    server.start(); // stops the first: the connection is lost
                    next(changes, Kind.DISCONNECTED);
                    next(changes, Kind.RECONNECTED);
                    server.running().pushEvent(numbered("TICK", 2));
                }))
                .assertNext(event -> assertEquals(2, seq(event)))
                .then(session::close)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void afterGivingUpTheFluxesErrorWithTheCause() {
        ReactiveQmpSession session = connect(quick().maxAttempts(2).build());
        AtomicReference<Throwable> gaveUp = new AtomicReference<>();
        StepVerifier.create(session.connectionChanges())
                .assertNext(change -> assertEquals(Kind.CONNECTED, change.kind()))
                .then(server::stop)
                .assertNext(change -> assertEquals(Kind.DISCONNECTED, change.kind()))
                .assertNext(change -> {
                    assertEquals(Kind.GAVE_UP, change.kind());
                    gaveUp.set(change.cause().orElseThrow());
                })
                .expectErrorSatisfies(error -> assertSame(gaveUp.get(), error))
                .verify(WAIT);
        StepVerifier.create(session.whenClosed())
                .expectErrorSatisfies(error -> assertSame(gaveUp.get(), error))
                .verify(WAIT);
        StepVerifier.create(session.subscribe())
                .expectErrorSatisfies(error -> assertTrue(error instanceof QmpConnectionException, error.toString()))
                .verify(WAIT);
    }
}

package dev.qmp4j.e2e.reactive;

import static dev.qmp4j.e2e.reactive.ReactiveTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Connecting through the Reactor API: cold, one session per subscription, nothing leaks on cancel. */
@Timeout(60)
class ReactiveConnectTest {
    private final ReactiveQmpClient client = ReactiveQmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void connectsOnlyOnSubscriptionAndOncePerSubscription() throws Exception {
        sim = QmpSimulator.start();
        Mono<ReactiveQmpSession> connect = client.connect(sim.endpoint());

        // A probe through the same I/O thread: had the Mono connected eagerly, its connection
        // would have been made first and accepted before the probe's.
        try (QmpSession probe = client.async().connect(sim.endpoint()).get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            assertEquals(QmpSessionState.READY, probe.state());
            assertEquals(1, sim.sessions().size(), "the Mono must not connect before subscription");

            List<ReactiveQmpSession> opened = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                StepVerifier.create(connect)
                        .assertNext(session -> {
                            opened.add(session);
                            assertEquals(QmpSessionState.READY, session.state());
                            assertEquals(7, session.greeting().version().major());
                            assertTrue(session.enabledCapabilities().contains("oob"));
                            assertEquals(sim.endpoint(), session.endpoint());
                        })
                        .verifyComplete();
            }
            assertEquals(3, sim.sessions().size(), "one new session per subscription");
            assertEquals(2, opened.stream().map(ReactiveQmpSession::async).distinct().count());
            opened.forEach(ReactiveQmpSession::close);
        }
    }

    @Test
    void cancelDuringTheGreetingClosesTheSessionThatArrivesLater() {
        // The negotiation reply comes late, so the subscriber is gone when command mode arrives.
        sim = QmpSimulator.builder().replyDelay(Duration.ofMillis(300)).start();
        AtomicReference<SimulatedSession> server = new AtomicReference<>();
        StepVerifier.create(client.connect(sim.endpoint()))
                .expectSubscription()
                .then(() -> server.set(sim.awaitSession(WAIT)))
                .then(() -> server.get().awaitReceived(1, WAIT)) // qmp_capabilities
                .thenCancel()
                .verify(WAIT);
        server.get().awaitClosed(WAIT);
    }

    @Test
    void cancelDuringAStalledGreetingClosesTheSocket() {
        sim = QmpSimulator.builder().stallBeforeGreeting(true).start();
        AtomicReference<SimulatedSession> server = new AtomicReference<>();
        StepVerifier.create(client.connect(sim.endpoint()))
                .expectSubscription()
                .then(() -> server.set(sim.awaitSession(WAIT)))
                .thenCancel()
                .verify(WAIT);
        // Well before the client's connect timeout (10 s by default) ends the connection anyway.
        server.get().awaitClosed(Duration.ofSeconds(5));
    }

    @Test
    void connectionFailureIsAnError(@TempDir Path dir) {
        StepVerifier.create(client.connect(QmpEndpoint.unix(dir.resolve("nobody-listens.sock"))))
                .expectError(QmpConnectionException.class)
                .verify(WAIT);
    }

    @Test
    void optionsAreThoseOfTheCoreClient() {
        QmpClientOptions options = QmpClientOptions.builder().connectTimeout(Duration.ofSeconds(3)).build();
        try (ReactiveQmpClient owned = ReactiveQmpClient.create(options)) {
            assertSame(options, owned.options());
            assertSame(owned.async().options(), owned.options());
        }
        assertSame(client.async().options(), client.options());
    }

    @Test
    void aWrappedClientIsNotClosedByTheView() throws Exception {
        sim = QmpSimulator.start();
        try (QmpClient core = QmpClient.create()) {
            ReactiveQmpClient view = ReactiveQmpClient.of(core);
            assertSame(core, view.async());
            view.close();
            try (QmpSession session = core.connect(sim.endpoint()).get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertEquals(QmpSessionState.READY, session.state());
            }
        }
    }
}

package dev.qmp4j.e2e.reactive;

import static dev.qmp4j.e2e.reactive.ReactiveTesting.WAIT;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** executeAndAwaitEvent and whenClosed through the Reactor API. */
@Timeout(60)
class ReactiveAwaitAndCloseTest {
    private final ReactiveQmpClient client = ReactiveQmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    private ReactiveQmpSession connect(QmpSimulator simulator) {
        sim = simulator;
        return client.connect(sim.endpoint()).block(WAIT);
    }

    private static SimulatedEvent deleted(String id) {
        JsonObject data = new JsonObject();
        data.addProperty("device", id);
        data.addProperty("path", "/machine/peripheral/" + id);
        return SimulatedEvent.of("DEVICE_DELETED", data);
    }

    @Test
    void deviceDelAwaitsItsOwnDeviceDeleted() {
        ReactiveQmpSession session = connect(QmpSimulator.builder().handler("device_del", r -> {
            r.session().pushEvent(deleted("other"));
            r.session().pushEvent(deleted(r.arguments().get("id").getAsString()));
            return QmpReply.success();
        }).start());
        StepVerifier.create(session.executeAndAwaitEvent("device_del", args("id", "usb1"), "DEVICE_DELETED",
                        e -> "usb1".equals(e.data().get("device").getAsString()), WAIT))
                .assertNext(e -> assertEquals("/machine/peripheral/usb1", e.data().get("path").getAsString()))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void systemPowerdownAwaitsPowerdown() {
        ReactiveQmpSession session = connect(QmpSimulator.start());
        StepVerifier.create(session.executeAndAwaitEvent("system_powerdown", null, "POWERDOWN", e -> true, WAIT))
                .assertNext(e -> assertEquals("POWERDOWN", e.name()))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void commandErrorAndMissingEventAreErrors() {
        ReactiveQmpSession session = connect(QmpSimulator.builder()
                .handler("device_del", r -> QmpReply.error("DeviceNotFound", "Device 'x' not found"))
                .handler("device_del_quiet", r -> QmpReply.success())
                .start());
        StepVerifier.create(session.executeAndAwaitEvent("device_del", args("id", "x"), "DEVICE_DELETED", e -> true, WAIT))
                .expectErrorSatisfies(e -> assertEquals("device_del", ((QmpCommandException) e).command()))
                .verify(WAIT);
        StepVerifier.create(session.executeAndAwaitEvent("device_del_quiet", null, "DEVICE_DELETED", e -> true,
                        Duration.ofMillis(200)))
                .expectError(QmpTimeoutException.class)
                .verify(WAIT);
    }

    @Test
    void whenClosedCompletesOnCloseAndRunningCommandsFail() {
        CompletableFuture<QmpReply> never = new CompletableFuture<>();
        ReactiveQmpSession session = connect(QmpSimulator.builder().handler("hold", r -> QmpReply.later(never)).start());
        StepVerifier.create(Mono.when(session.whenClosed(), session.execute("hold")
                        .onErrorResume(QmpClosedException.class, e -> Mono.empty())))
                .then(() -> sim.awaitSession(WAIT).awaitReceived(2, WAIT))
                .then(session::close)
                .expectComplete()
                .verify(WAIT);
        assertEquals(QmpSessionState.CLOSED, session.state());
        StepVerifier.create(session.execute("query-status")).expectError(QmpClosedException.class).verify(WAIT);
        StepVerifier.create(session.whenClosed()).expectComplete().verify(WAIT); // after the end: at once
    }

    @Test
    void whenClosedErrorsWhenTheConnectionIsLost() {
        ReactiveQmpSession session = connect(QmpSimulator.start());
        StepVerifier.create(session.whenClosed())
                .then(() -> sim.awaitSession(WAIT).close())
                .expectError(QmpConnectionException.class)
                .verify(WAIT);
        StepVerifier.create(session.whenClosed()).expectError(QmpConnectionException.class).verify(WAIT);
    }

    @Test
    void whenClosedCompletesWhenTheClientIsClosed() {
        ReactiveQmpSession session = connect(QmpSimulator.start());
        StepVerifier.create(session.whenClosed())
                .then(client::close)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void cancellingWhenClosedLeavesTheSessionAlone() {
        ReactiveQmpSession session = connect(QmpSimulator.start());
        StepVerifier.create(session.whenClosed()).thenCancel().verify(WAIT);
        assertFalse(session.async().whenClosed().isDone());
        StepVerifier.create(session.execute("query-status")).expectNextCount(1).expectComplete().verify(WAIT);
        session.close();
        StepVerifier.create(session.whenClosed()).expectComplete().verify(WAIT);
    }
}

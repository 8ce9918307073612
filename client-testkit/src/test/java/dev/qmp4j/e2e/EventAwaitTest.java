package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Running a command and waiting for its event, with the subscription taken before the command. */
class EventAwaitTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final QmpClient client = QmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        sim.close();
    }

    private static JsonObject device(String id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        return o;
    }

    private static SimulatedEvent deleted(String id) {
        JsonObject data = new JsonObject();
        data.addProperty("device", id);
        data.addProperty("path", "/machine/peripheral/" + id);
        return SimulatedEvent.of("DEVICE_DELETED", data);
    }

    private QmpSession connect(QmpSimulator simulator) throws Exception {
        sim = simulator;
        return await(client.connect(sim.endpoint()));
    }

    @Test
    void eventSentBeforeTheReplyIsNotMissed() throws Exception {
        QmpSession session = connect(QmpSimulator.builder().handler("device_del", r -> {
            r.session().pushEvent(deleted("other"));
            r.session().pushEvent(deleted(r.arguments().get("id").getAsString()));
            return QmpReply.success();
        }).start());
        QmpEvent event = await(session.executeAndAwaitEvent("device_del", device("usb1"), "DEVICE_DELETED",
                e -> "usb1".equals(e.data().get("device").getAsString()), TIMEOUT));
        assertEquals("/machine/peripheral/usb1", event.data().get("path").getAsString());
    }

    @Test
    void eventSentLaterIsAwaited() throws Exception {
        QmpSession session = connect(QmpSimulator.builder().handler("device_del", r -> QmpReply.success()).start());
        var waiting = session.executeAndAwaitEvent("device_del", device("usb2"), "DEVICE_DELETED",
                e -> "usb2".equals(e.data().get("device").getAsString()), TIMEOUT);
        sim.awaitSession(TIMEOUT).awaitReceived(2, TIMEOUT);
        sim.pushEvent(deleted("usb2"));
        assertEquals("usb2", await(waiting).data().get("device").getAsString());
    }

    @Test
    void commandErrorFailsTheWait() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("device_del", r -> QmpReply.error("DeviceNotFound", "Device 'x' not found")).start());
        QmpCommandException e = awaitFailure(session.executeAndAwaitEvent("device_del", device("x"), "DEVICE_DELETED",
                ev -> true, TIMEOUT), QmpCommandException.class);
        assertEquals("device_del", e.command());
    }

    @Test
    void aThrowingPredicateFailsTheWait() throws Exception {
        QmpSession session = connect(QmpSimulator.builder().handler("device_del", r -> {
            r.session().pushEvent(deleted("usb4"));
            return QmpReply.success();
        }).start());
        IllegalStateException e = awaitFailure(session.executeAndAwaitEvent("device_del", device("usb4"),
                "DEVICE_DELETED", ev -> {
                    throw new IllegalStateException("predicate bug");
                }, TIMEOUT), IllegalStateException.class);
        assertEquals("predicate bug", e.getMessage());
    }

    @Test
    void noMatchingEventTimesOut() throws Exception {
        QmpSession session = connect(QmpSimulator.builder().handler("device_del", r -> {
            r.session().pushEvent(deleted("someone-else"));
            return QmpReply.success();
        }).start());
        QmpTimeoutException e = awaitFailure(session.executeAndAwaitEvent("device_del", device("usb3"), "DEVICE_DELETED",
                ev -> "usb3".equals(ev.data().get("device").getAsString()), Duration.ofMillis(200)),
                QmpTimeoutException.class);
        assertTrue(e.getMessage().contains("no matching DEVICE_DELETED event within 0.2 s"), e.getMessage());
    }
}

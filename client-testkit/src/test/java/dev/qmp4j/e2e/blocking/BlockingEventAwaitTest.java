package dev.qmp4j.e2e.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** executeAndAwaitEvent through the blocking API: it delegates to the core's race-free wait. */
@Timeout(60)
class BlockingEventAwaitTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQmpClient client = BlockingQmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        sim.close();
    }

    private BlockingQmpSession connect(QmpSimulator simulator) {
        sim = simulator;
        return client.connect(sim.endpoint());
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

    private static boolean isDevice(QmpEvent e, String id) {
        return id.equals(e.data().get("device").getAsString());
    }

    @Test
    void deviceDeletedEventIsReturned() {
        BlockingQmpSession session = connect(QmpSimulator.builder().handler("device_del", r -> {
            r.session().pushEvent(deleted("other"));
            r.session().pushEvent(deleted(r.arguments().get("id").getAsString()));
            return QmpReply.success();
        }).start());
        QmpEvent event = session.executeAndAwaitEvent("device_del", device("usb1"), "DEVICE_DELETED",
                e -> isDevice(e, "usb1"), TIMEOUT);
        assertEquals("/machine/peripheral/usb1", event.data().get("path").getAsString());
    }

    @Test
    void powerdownEventOfTheBuiltInCommand() {
        BlockingQmpSession session = connect(QmpSimulator.start());
        QmpEvent event = session.executeAndAwaitEvent("system_powerdown", null, "POWERDOWN", e -> true, TIMEOUT);
        assertEquals("POWERDOWN", event.name());
    }

    @Test
    void commandErrorIsThrownAsIs() {
        BlockingQmpSession session = connect(QmpSimulator.builder()
                .handler("device_del", r -> QmpReply.error("DeviceNotFound", "Device 'x' not found")).start());
        QmpCommandException e = assertThrows(QmpCommandException.class, () -> session.executeAndAwaitEvent(
                "device_del", device("x"), "DEVICE_DELETED", ev -> true, TIMEOUT));
        assertEquals("device_del", e.command());
    }

    @Test
    void noMatchingEventTimesOut() {
        BlockingQmpSession session = connect(QmpSimulator.builder().handler("device_del", r -> {
            r.session().pushEvent(deleted("someone-else"));
            return QmpReply.success();
        }).start());
        QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> session.executeAndAwaitEvent(
                "device_del", device("usb3"), "DEVICE_DELETED", ev -> isDevice(ev, "usb3"), Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("no matching DEVICE_DELETED event within 0.2 s"), e.getMessage());
    }

    @Test
    void invalidTimeoutIsRejectedBeforeAnythingStarts() {
        BlockingQmpSession session = connect(QmpSimulator.start());
        assertThrows(IllegalArgumentException.class, () -> session.executeAndAwaitEvent(
                "system_powerdown", null, "POWERDOWN", e -> true, Duration.ZERO));
        assertEquals("prelaunch", session.execute("query-status").getAsJsonObject().get("status").getAsString());
    }
}

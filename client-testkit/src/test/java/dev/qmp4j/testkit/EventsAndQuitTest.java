package dev.qmp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pushed events, dropped during negotiation like QEMU, and quit's ordering and ending. */
@Timeout(10)
class EventsAndQuitTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void eventsGoToOneOrAllSessionsInCommandMode() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient a = RawQmpClient.negotiated(sim.endpoint(), false);
             RawQmpClient b = RawQmpClient.negotiated(sim.endpoint(), false);
             RawQmpClient negotiating = RawQmpClient.connect(sim.endpoint())) {
            negotiating.next();
            SimulatedSession first = sim.awaitSession(WAIT);
            sim.awaitSession(WAIT);
            sim.awaitSession(WAIT);
            JsonObject data = new JsonObject();
            data.addProperty("action", "pause");
            first.pushEvent(SimulatedEvent.of("WATCHDOG", data));
            sim.pushEvent(SimulatedEvent.of("SUSPEND"));
            JsonObject watchdog = a.next();
            assertEquals("WATCHDOG", watchdog.get("event").getAsString());
            assertEquals("pause", watchdog.getAsJsonObject("data").get("action").getAsString());
            assertTrue(watchdog.getAsJsonObject("timestamp").get("seconds").getAsLong() > 1_600_000_000L);
            assertEquals("SUSPEND", a.next().get("event").getAsString());
            assertEquals("SUSPEND", b.next().get("event").getAsString());
            // Events are written in order before later replies, so the reply coming first proves none was sent.
            assertTrue(negotiating.call("{\"execute\": \"qmp_capabilities\"}").has("return"));
        }
    }

    @Test
    void quitSendsShutdownThenReplyThenCloses() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            JsonObject shutdown = client.call("{\"execute\": \"quit\", \"id\": 1}");
            assertEquals("SHUTDOWN", shutdown.get("event").getAsString());
            assertEquals("{\"guest\":false,\"reason\":\"host-qmp-quit\"}", shutdown.get("data").toString());
            assertEquals(1, client.next().get("id").getAsInt());
            assertTrue(client.nextOrEof().isEmpty());
            assertTrue(sim.hasQuit());
            sim.awaitSession(WAIT).awaitClosed(WAIT);
            assertThrows(UncheckedIOException.class, () -> RawQmpClient.connect(sim.endpoint()), "QEMU is gone");
        }
    }

    @Test
    void quitCanCloseWithoutReply() {
        try (QmpSimulator sim = QmpSimulator.builder().quitWithoutReply(true).start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            assertEquals("SHUTDOWN", client.call("{\"execute\": \"quit\", \"id\": 1}").get("event").getAsString());
            assertTrue(client.nextOrEof().isEmpty());
            assertFalse(client.rawText().contains("\"id\": 1"), client::rawText);
        }
    }
}

package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedRunState;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every message sent and received is logged at DEBUG on {@code dev.qmp4j.wire} as
 * {@code ENDPOINT -> JSON} (sent) or {@code ENDPOINT <- JSON} (received).
 */
@Timeout(60)
class WireLoggingTest {
    private SimulatorTesting.LogCapture wire;

    @BeforeEach
    void capture() {
        wire = new SimulatorTesting.LogCapture("dev.qmp4j.wire", Level.DEBUG);
    }

    @AfterEach
    void restore() {
        wire.close();
    }

    @Test
    void everyMessageBothWaysIsLoggedAtDebug() throws Exception {
        String prefix;
        JsonObject data = new JsonObject();
        data.addProperty("action", "pause");
        try (QmpSimulator sim = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start();
             QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            prefix = session.endpoint().toString();
            assertEquals(sim.endpoint().toString(), prefix);
            EventSubscription events = session.subscribe();
            await(session.execute("stop"));
            assertEquals("STOP", await(events.next()).name());
            sim.pushEvent(SimulatedEvent.of("WATCHDOG", data));
            assertEquals("WATCHDOG", await(events.next()).name());
        }

        List<ILoggingEvent> lines = wire.events();
        for (ILoggingEvent line : lines) {
            assertEquals(Level.DEBUG, line.getLevel(), line::getFormattedMessage);
            assertEquals("dev.qmp4j.wire", line.getLoggerName());
        }
        String sent = prefix + " -> ";
        String received = prefix + " <- ";
        // Sent, in this order: negotiation, then the command (compact JSON, one line, without the LF).
        List<JsonObject> out = messages(lines, sent);
        assertEquals(2, out.size(), () -> "sent: " + texts(lines));
        assertEquals("qmp_capabilities", out.get(0).get("execute").getAsString());
        assertEquals("[\"oob\"]", out.get(0).getAsJsonObject("arguments").get("enable").toString());
        assertEquals("stop", out.get(1).get("execute").getAsString());
        assertTrue(texts(lines).stream().filter(t -> t.startsWith(sent)).noneMatch(t -> t.endsWith("\n")));

        // Received, in this order: greeting, negotiation reply, STOP event and reply, pushed event.
        List<JsonObject> in = messages(lines, received);
        assertEquals(5, in.size(), () -> "received: " + texts(lines));
        assertTrue(in.get(0).has("QMP"), in.get(0)::toString);
        assertEquals(out.get(0).get("id"), in.get(1).get("id"));
        assertTrue(in.get(1).has("return"));
        // QEMU writes the event of stop before its reply.
        assertEquals("STOP", in.get(2).get("event").getAsString());
        assertEquals(out.get(1).get("id"), in.get(3).get("id"));
        assertEquals("WATCHDOG", in.get(4).get("event").getAsString());
        assertEquals(data, in.get(4).getAsJsonObject("data"));
        assertTrue(in.get(4).getAsJsonObject("timestamp").has("seconds"));

        // Nothing else was logged on the wire logger.
        assertEquals(7, lines.size(), () -> "all: " + texts(lines));
    }

    @Test
    void nothingIsFormattedWhenDebugIsOff() throws Exception {
        wire.close();
        wire = new SimulatorTesting.LogCapture("dev.qmp4j.wire", Level.INFO);
        try (QmpSimulator sim = QmpSimulator.start();
             QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            await(session.execute("query-status"));
        }
        assertEquals(List.of(), wire.messages());
    }

    private static List<String> texts(List<ILoggingEvent> lines) {
        return lines.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static List<JsonObject> messages(List<ILoggingEvent> lines, String prefix) {
        Predicate<String> mine = t -> t.startsWith(prefix);
        return texts(lines).stream().filter(mine)
                .map(t -> JsonParser.parseString(t.substring(prefix.length())).getAsJsonObject()).toList();
    }
}

package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.internal.wire.EventMessage;
import dev.qmp4j.core.internal.wire.JsonFrame;
import dev.qmp4j.core.internal.wire.WireCodec;
import org.junit.jupiter.api.Test;

/** An event is a value, whether its data came as a tree or stays the server's text until read. */
class QmpEventTest {
    private static final QmpTimestamp WHEN = new QmpTimestamp(1700000000, 5);

    /** An event as the client receives it: its data kept as text. */
    private static QmpEvent received(String data) {
        String text = "{\"event\": \"E\", \"data\": " + data + ", \"timestamp\": {\"seconds\": 1700000000, "
                + "\"microseconds\": 5}}";
        return ((EventMessage) WireCodec.decode(JsonFrame.of(text, 1))).event();
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void aReceivedEventEqualsOneMadeFromTheSameTree() {
        QmpEvent received = received("{\"a\": [1, 2.50], \"b\": \"x\"}");
        QmpEvent made = new QmpEvent("E", json("{\"a\": [1, 2.50], \"b\": \"x\"}"), WHEN);
        assertEquals(made, received);
        assertEquals(received, made);
        assertEquals(made.hashCode(), received.hashCode());
        assertEquals(made.toString(), received.toString());
        assertEquals("QmpEvent[name=E, data={\"a\":[1,2.50],\"b\":\"x\"}, timestamp=QmpTimestamp[seconds=1700000000,"
                + " microseconds=5]]", received.toString());
        assertNotEquals(new QmpEvent("E", json("{\"a\": [1, 2.5], \"b\": \"y\"}"), WHEN), received);
        assertNotEquals(new QmpEvent("F", json("{\"a\": [1, 2.50], \"b\": \"x\"}"), WHEN), received);
        assertNotEquals(new QmpEvent("E", json("{\"a\": [1, 2.50], \"b\": \"x\"}"), QmpTimestamp.UNKNOWN), received);
    }

    @Test
    void theConstructorAndTheAccessorCopyTheData() {
        JsonObject data = json("{\"a\": {\"b\": 1}}");
        QmpEvent event = new QmpEvent("E", data, WHEN);
        data.getAsJsonObject("a").addProperty("b", 2);
        event.data().getAsJsonObject("a").addProperty("b", 3);
        assertEquals(json("{\"a\": {\"b\": 1}}"), event.data());
    }

    @Test
    void noDataIsAnEmptyObjectAndNameAndTimestampAreRequired() {
        assertEquals(new JsonObject(), new QmpEvent("STOP", null, WHEN).data());
        assertThrows(NullPointerException.class, () -> new QmpEvent(null, null, WHEN));
        assertThrows(NullPointerException.class, () -> new QmpEvent("STOP", null, null));
    }
}

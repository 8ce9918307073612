package dev.qmp4j.testkit;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * An event for the simulator to send. The timestamp is taken from the wall clock when the event
 * is written; {@code data} is left out of the message when it is empty, as QEMU does.
 *
 * @param name event name, for example {@code "STOP"}
 * @param data event data (copied; empty for none)
 */
public record SimulatedEvent(String name, JsonObject data) {

    /**
     * Validates and copies.
     *
     * @param name event name
     * @param data event data, empty for none
     */
    public SimulatedEvent {
        Objects.requireNonNull(name, "name");
        data = Objects.requireNonNull(data, "data").deepCopy();
    }

    /**
     * An event without data.
     *
     * @param name event name
     * @return the event
     */
    public static SimulatedEvent of(String name) {
        return new SimulatedEvent(name, new JsonObject());
    }

    /**
     * An event with data.
     *
     * @param name event name
     * @param data event data
     * @return the event
     */
    public static SimulatedEvent of(String name, JsonObject data) {
        return new SimulatedEvent(name, data);
    }

    /**
     * The event data.
     *
     * @return a copy of the data, empty when the event has none
     */
    @Override
    public JsonObject data() {
        return data.deepCopy();
    }
}

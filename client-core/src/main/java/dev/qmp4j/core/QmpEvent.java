package dev.qmp4j.core;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * An event from the server, such as {@code STOP} or {@code SHUTDOWN}. Events of any name are
 * delivered, including ones this version of qmp4j has never heard of.
 *
 * @param name the event name, such as {@code SHUTDOWN}
 * @param data the event's {@code data} object; empty when the server sent none
 * @param timestamp when the server emitted it
 */
public record QmpEvent(String name, JsonObject data, QmpTimestamp timestamp) {

    /**
     * Creates an event; copies the data so that the record stays immutable.
     *
     * @param name the event name
     * @param data the data object, or null for none
     * @param timestamp when the server emitted it
     */
    public QmpEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        data = data == null ? new JsonObject() : data.deepCopy();
    }

    /**
     * The event's data; a copy, so changing it changes nothing here.
     *
     * @return the data object, empty when the event had none
     */
    @Override
    public JsonObject data() {
        return data.deepCopy();
    }
}

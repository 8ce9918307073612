package dev.qmp4j.core.typed;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpEvent;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed event: its QMP name and how to decode its data. Every generated event record has one
 * as {@code TYPE}, such as {@code ShutdownEvent.TYPE}.
 *
 * <pre>{@code
 * ShutdownEvent shutdown = ShutdownEvent.TYPE.decode(event);
 * }</pre>
 *
 * @param <T> the event's data record
 */
public final class QmpEventType<T> {
    private final String name;
    private final Function<JsonObject, T> decoder;

    /**
     * Creates a descriptor.
     *
     * @param name the event name, such as {@code SHUTDOWN}
     * @param decoder decodes the event's {@code data} object
     */
    public QmpEventType(String name, Function<JsonObject, T> decoder) {
        this.name = Objects.requireNonNull(name, "name");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * The event name.
     *
     * @return such as {@code SHUTDOWN}
     */
    public String name() {
        return name;
    }

    /**
     * Whether the event has this descriptor's name.
     *
     * @param event an event
     * @return true when it can be decoded by this descriptor
     */
    public boolean matches(QmpEvent event) {
        return event.name().equals(name);
    }

    /**
     * Decodes an event's data.
     *
     * @param event an event with this descriptor's name
     * @return the typed data
     * @throws IllegalArgumentException when the event has another name
     * @throws dev.qmp4j.core.QmpProtocolException when the data lacks a required member or has
     *     one of the wrong JSON kind
     */
    public T decode(QmpEvent event) {
        if (!matches(event)) {
            throw new IllegalArgumentException("expected event " + name + ", got " + event.name());
        }
        return decoder.apply(event.data());
    }

    @Override
    public String toString() {
        return "QmpEventType[" + name + "]";
    }
}

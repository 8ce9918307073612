package dev.qmp4j.core.typed;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpVersion;
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
    private final Class<T> type;
    private final JsonDecoder<T> decoder;
    private final Function<T, JsonObject> encoder;

    /**
     * Creates a descriptor.
     *
     * @param name the event name, such as {@code SHUTDOWN}
     * @param type the data class
     * @param decoder decodes the event's {@code data} object
     * @param encoder encodes the data back into QMP's JSON form
     */
    public QmpEventType(String name, Class<T> type, JsonDecoder<T> decoder, Function<T, JsonObject> encoder) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    /**
     * The Java class of the event's data.
     *
     * @return such as {@code ShutdownEvent.class}
     */
    public Class<T> type() {
        return type;
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
     * @throws dev.qmp4j.core.QmpProtocolException when the data has a member of the wrong JSON kind
     */
    public T decode(QmpEvent event) {
        return decode(event, null);
    }

    /**
     * Decodes an event's data, sent by a server of the given version.
     *
     * @param event an event with this descriptor's name
     * @param serverVersion the server's QEMU version, named when a member it left out is read;
     *     null when not known
     * @return the typed data
     * @throws IllegalArgumentException when the event has another name
     * @throws dev.qmp4j.core.QmpProtocolException when the data has a member of the wrong JSON kind
     */
    public T decode(QmpEvent event, QmpVersion serverVersion) {
        if (!matches(event)) {
            throw new IllegalArgumentException("expected event " + name + ", got " + event.name());
        }
        return decode(event.data(), serverVersion);
    }

    /**
     * Decodes an event's {@code data} object, as recorded in a transcript.
     *
     * @param data the data object ({@code {}} when the event had none)
     * @param serverVersion the server's QEMU version, or null when not known
     * @return the typed data
     * @throws dev.qmp4j.core.QmpProtocolException when the data has a member of the wrong JSON kind
     */
    public T decode(JsonObject data, QmpVersion serverVersion) {
        return decoder.decode(data, serverVersion);
    }

    /**
     * Encodes typed data back into the event's {@code data} object.
     *
     * @param data the typed data
     * @return a new JSON object
     */
    public JsonObject encode(T data) {
        return encoder.apply(data);
    }

    @Override
    public String toString() {
        return "QmpEventType[" + name + "]";
    }
}

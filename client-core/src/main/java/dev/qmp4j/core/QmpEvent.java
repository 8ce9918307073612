package dev.qmp4j.core;

import com.google.gson.JsonObject;
import dev.qmp4j.core.internal.wire.LazyEvents;
import dev.qmp4j.core.internal.wire.RawEventData;
import java.util.Objects;

/**
 * An event from the server, such as {@code STOP} or {@code SHUTDOWN}. Events of any name are
 * delivered, including ones this version of qmp4j has never heard of.
 *
 * <p>Immutable and thread-safe, a value: two events are equal when their names, data and
 * timestamps are. An event received from a server keeps its data as the server's text, checked
 * by Gson when it arrived, until {@link #data()} (or {@code equals}, {@code hashCode},
 * {@code toString}) first needs it: then Gson parses it once, on the thread that asks, and it is
 * kept. So the I/O thread builds no tree that nobody reads.
 */
public final class QmpEvent {
    static {
        LazyEvents.install(new LazyEvents.Access() {
            @Override
            public QmpEvent create(String name, RawEventData data, QmpTimestamp timestamp) {
                return new QmpEvent(name, data, timestamp);
            }

            @Override
            public QmpEvent forAnotherReader(QmpEvent event) {
                return event.raw == null ? event : new QmpEvent(event.name, event.raw, event.timestamp);
            }
        });
    }

    private final String name;
    private final QmpTimestamp timestamp;
    /** The data as the server sent it, or null when the event was made from a tree. */
    private final RawEventData raw;
    /** The data; never handed out, only copies of it. Null until parsed from {@link #raw}. */
    private volatile JsonObject data;

    /**
     * Creates an event; copies the data so that the event stays immutable.
     *
     * @param name the event name, such as {@code SHUTDOWN}
     * @param data the event's {@code data} object, or null for none
     * @param timestamp when the server emitted it
     */
    public QmpEvent(String name, JsonObject data, QmpTimestamp timestamp) {
        this.name = Objects.requireNonNull(name, "name");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.raw = null;
        this.data = data == null ? new JsonObject() : data.deepCopy();
    }

    private QmpEvent(String name, RawEventData raw, QmpTimestamp timestamp) {
        this.name = name;
        this.timestamp = timestamp;
        this.raw = raw;
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
     * The event's {@code data} object; a copy, so changing it changes nothing here.
     *
     * @return the data object, empty when the server sent none
     */
    public JsonObject data() {
        return tree().deepCopy();
    }

    /**
     * When the server emitted the event.
     *
     * @return the timestamp; {@link QmpTimestamp#UNKNOWN} when the server sent none
     */
    public QmpTimestamp timestamp() {
        return timestamp;
    }

    /** The data, parsed once: whoever comes first parses, the others wait for that tree. */
    private JsonObject tree() {
        JsonObject tree = data;
        if (tree == null) {
            synchronized (raw) {
                tree = data;
                if (tree == null) {
                    tree = raw.parse();
                    data = tree;
                }
            }
        }
        return tree;
    }

    /**
     * Whether {@code other} is an event with the same name, data and timestamp.
     *
     * @param other any object
     * @return true when equal
     */
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof QmpEvent e && name.equals(e.name) && timestamp.equals(e.timestamp)
                && tree().equals(e.tree());
    }

    /**
     * A hash code from the name, data and timestamp.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return (31 * name.hashCode() + tree().hashCode()) * 31 + timestamp.hashCode();
    }

    /**
     * The event as text, such as {@code QmpEvent[name=STOP, data={}, timestamp=QmpTimestamp[...]]}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "QmpEvent[name=" + name + ", data=" + tree() + ", timestamp=" + timestamp + "]";
    }
}

package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpTimestamp;
import java.lang.invoke.MethodHandles;

/**
 * Makes {@link QmpEvent}s whose data stays as the server's text until it is first read. That
 * constructor is not public API: {@code QmpEvent} hands it over here as it is initialised (the
 * JDK's own {@code SharedSecrets} do the same between its packages).
 */
public final class LazyEvents {
    private static volatile Access access;

    private LazyEvents() {
    }

    /** What {@link QmpEvent} does for this package. */
    public interface Access {
        /**
         * A new event whose data is parsed when first read.
         *
         * @param name the event name
         * @param data the data object's text, checked by Gson
         * @param timestamp when the server emitted it
         * @return the event
         */
        QmpEvent create(String name, RawEventData data, QmpTimestamp timestamp);

        /**
         * An event equal to {@code event} for another reader: one with its own parsed data, so that
         * what one subscriber's reads keep in memory is not kept by another's buffer as well.
         *
         * @param event an event
         * @return a new event over the same text, or {@code event} itself when its data is a tree already
         */
        QmpEvent forAnotherReader(QmpEvent event);
    }

    /**
     * Called once, by {@link QmpEvent} as it is initialised.
     *
     * @param qmpEvent its hidden constructor and copy
     * @throws IllegalStateException when called again
     */
    public static void install(Access qmpEvent) {
        if (access != null) {
            throw new IllegalStateException("already installed");
        }
        access = qmpEvent;
    }

    /**
     * A new event whose data is parsed when first read.
     *
     * @param name the event name
     * @param data the data object's text, checked by Gson
     * @param timestamp when the server emitted it
     * @return the event
     */
    public static QmpEvent create(String name, RawEventData data, QmpTimestamp timestamp) {
        return access().create(name, data, timestamp);
    }

    /**
     * An event equal to {@code event}, for another subscription ({@link Access#forAnotherReader}).
     *
     * @param event an event
     * @return the event to give the other subscription
     */
    public static QmpEvent forAnotherReader(QmpEvent event) {
        return access().forAnotherReader(event);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(QmpEvent.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e); // a public class of this module: cannot happen
            }
            a = access;
        }
        return a;
    }
}

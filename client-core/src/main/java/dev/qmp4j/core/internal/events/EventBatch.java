package dev.qmp4j.core.internal.events;

import dev.qmp4j.core.internal.wire.EventMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Events gathered on the I/O thread and handed to a hub's subscriptions together: each takes
 * them under its lock once, with at most one hand-over to the callback executor, instead of once
 * per event. The owner hands them over when it should ({@link #handOver}); they go by themselves
 * once {@value #MAX_EVENTS} events or {@value #MAX_BYTES} bytes of them (their heap estimates)
 * wait, so that a flood read at once waits in the subscriptions' bounded buffers, not here. Not
 * thread-safe: one per session, on its I/O thread.
 */
public final class EventBatch {
    /** The most events gathered before they are handed over. */
    public static final int MAX_EVENTS = 256;
    /** The most heap the gathered events may keep, by their estimates, before they are handed over. */
    public static final long MAX_BYTES = 256 * 1024;

    private final EventHub hub;
    private final List<EventMessage> events = new ArrayList<>();
    private long bytes;

    /**
     * Gathers events for {@code hub}.
     *
     * @param hub the subscriptions the events go to
     */
    public EventBatch(EventHub hub) {
        this.hub = hub;
    }

    /**
     * Adds an event, after those gathered before it; hands them all over when the batch is full.
     *
     * @param event the event
     * @throws RuntimeException or Error as {@link EventHub#dispatch} throws, when handed over
     */
    public void add(EventMessage event) {
        events.add(event);
        bytes += event.retainedBytes();
        if (events.size() >= MAX_EVENTS || bytes >= MAX_BYTES) {
            handOver();
        }
    }

    /**
     * Hands the gathered events to the subscriptions, if there are any. They are gone from here
     * afterwards even when the hand-over throws: every subscription has had them by then.
     *
     * @throws RuntimeException or Error as {@link EventHub#dispatch} throws
     */
    public void handOver() {
        if (events.isEmpty()) {
            return;
        }
        try {
            hub.dispatch(events);
        } finally {
            events.clear();
            bytes = 0;
        }
    }
}

package dev.qmp4j.core.internal.events;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.internal.Callbacks;
import java.util.concurrent.CopyOnWriteArrayList;

/** The subscriptions of one session: the I/O thread offers each event to every matching one. */
public final class EventHub {
    private final Callbacks callbacks;
    private final CopyOnWriteArrayList<BufferedSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile RuntimeException end;

    /** Creates a hub whose subscriptions hand events over through {@code callbacks}. */
    public EventHub(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Adds a subscription; after {@link #terminate} it is born ended, so that it fails fast. */
    public EventSubscription subscribe(EventSubscriptionOptions options) {
        BufferedSubscription s = new BufferedSubscription(options, callbacks, subscriptions::remove);
        subscriptions.add(s);
        RuntimeException reason = end;
        if (reason != null) {
            s.terminate(reason);
            subscriptions.remove(s);
        }
        return s;
    }

    /**
     * Offers an event to every subscription that wants it. I/O thread; never blocks.
     *
     * @param retainedBytes an upper bound of the heap the event keeps, counted against each
     *     subscription's byte budget
     */
    public void dispatch(QmpEvent event, long retainedBytes) {
        for (BufferedSubscription s : subscriptions) {
            if (s.wants(event)) {
                s.offer(event, retainedBytes);
            }
        }
    }

    /** Ends every subscription with {@code reason}, now and for later ones. */
    public void terminate(RuntimeException reason) {
        end = reason;
        for (BufferedSubscription s : subscriptions) {
            s.terminate(reason);
        }
        subscriptions.clear();
    }
}

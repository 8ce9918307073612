package dev.qmp4j.core.internal.events;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.internal.Callbacks;
import dev.qmp4j.core.internal.wire.EventMessage;
import dev.qmp4j.core.internal.wire.LazyEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The subscriptions of one session: the I/O thread offers each batch of events to every matching one. */
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
     * Offers events, in order, to every subscription that wants them: each takes its share of the
     * batch at once, with at most one hand-over to the callback executor. Every subscription gets
     * its share even when handing over to one of them fails; the first failure is thrown after.
     * I/O thread; never blocks.
     *
     * @param batch the events, each with an upper bound of the heap it keeps, counted against each
     *     subscription's byte budget
     */
    public void dispatch(List<EventMessage> batch) {
        boolean[] given = null; // which events one subscription has already: the others get their own copy
        Throwable failure = null;
        for (BufferedSubscription s : subscriptions) {
            List<BufferedEvent> share = null;
            for (int i = 0; i < batch.size(); i++) {
                EventMessage message = batch.get(i);
                QmpEvent event = message.event();
                if (s.wants(event)) {
                    if (share == null) {
                        share = new ArrayList<>(batch.size() - i);
                    }
                    if (given == null) {
                        given = new boolean[batch.size()];
                    }
                    share.add(new BufferedEvent(given[i] ? LazyEvents.forAnotherReader(event) : event,
                            message.retainedBytes()));
                    given[i] = true;
                }
            }
            if (share != null) {
                try {
                    s.offer(share);
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
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

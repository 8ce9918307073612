package dev.qmp4j.core.internal.reconnect;

import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.internal.Callbacks;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * The {@link ConnectionChanges} subscriptions of one session: each change goes to every one, in
 * the order published, and a new subscription starts with the most recent change. Thread-safe.
 */
public final class ChangeHub {
    private final Callbacks callbacks;
    private final Object lock = new Object();
    private final Set<ChangeQueue> queues = new LinkedHashSet<>();
    private ConnectionChange latest;
    private RuntimeException end;

    /** Creates a hub whose subscriptions complete their futures through {@code callbacks}. */
    public ChangeHub(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    /**
     * A hub that follows a session without reconnection: {@code CONNECTED} now, and
     * {@code DISCONNECTED} when the connection is lost.
     *
     * @param session a session in command mode
     * @param callbacks the client's callback executor
     * @return the hub
     */
    public static ChangeHub following(QmpSession session, Callbacks callbacks) {
        ChangeHub hub = new ChangeHub(callbacks);
        hub.publish(ConnectionChange.connected(session.greeting()));
        session.whenClosed().whenComplete((closed, failure) -> {
            if (failure == null) {
                hub.end(new QmpClosedException("session " + session.endpoint() + " was closed"));
                return;
            }
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            QmpException reason = cause instanceof QmpException q ? q : new QmpException(cause.toString(), cause);
            hub.publish(ConnectionChange.disconnected(reason));
            hub.end(reason);
        });
        return hub;
    }

    /** A new subscription: the most recent change first, then each one after it. */
    public ConnectionChanges subscribe() {
        ChangeQueue queue = new ChangeQueue(callbacks, this::remove);
        synchronized (lock) {
            if (latest != null) {
                queue.offer(latest);
            }
            if (end != null) {
                queue.end(end);
            } else {
                queues.add(queue);
            }
        }
        return queue;
    }

    /** Gives a change to every subscription. Ignored once the hub has ended. */
    public void publish(ConnectionChange change) {
        synchronized (lock) {
            if (end != null) {
                return;
            }
            latest = change;
            queues.forEach(queue -> queue.offer(change));
        }
    }

    /** Ends every subscription, and later ones, with {@code reason} (after what they hold). */
    public void end(RuntimeException reason) {
        synchronized (lock) {
            if (end != null) {
                return;
            }
            end = reason;
            if (reason instanceof QmpClosedException) {
                latest = null; // closed on purpose: a later subscription has nothing to see but the end
            }
            queues.forEach(queue -> queue.end(reason));
            queues.clear();
        }
    }

    private void remove(ChangeQueue queue) {
        synchronized (lock) {
            queues.remove(queue);
        }
    }
}

package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.internal.events.EventBatch;
import dev.qmp4j.core.internal.events.EventHub;
import dev.qmp4j.core.internal.wire.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of one session: none reaches a subscriber before command mode; SHUTDOWN is noted (it
 * makes EOF the success of {@code quit}); COMMAND_DROPPED fails its command; every event goes to
 * each subscription that wants it. Events are gathered as they arrive ({@link EventBatch}) and
 * handed to the subscriptions together ({@link #handOver}): at the end of each read, before any
 * other message (so that a reply finds the events sent before it buffered), before the session
 * ends, and whenever a batch is full. Loop thread.
 */
final class EventRouter {
    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

    private final SessionEngine engine;
    private final EventHub hub;
    /** Whether the subscriptions are this session's own, to end with it, or outlive it. */
    private final boolean ownsHub;
    private boolean shutdownSeen; // loop thread
    /** Events not yet handed to the subscriptions, in order of arrival. */
    private final EventBatch arrived;

    /** Routes to {@code sharedHub} when given (subscriptions that outlive the session), else to its own. */
    EventRouter(SessionEngine engine, EventHub sharedHub) {
        this.engine = engine;
        this.ownsHub = sharedHub == null;
        this.hub = ownsHub ? new EventHub(engine.callbacks) : sharedHub;
        this.arrived = new EventBatch(hub);
    }

    void onEvent(EventMessage message) {
        QmpEvent event = message.event();
        if (engine.state() != QmpSessionState.READY) {
            // Old QEMUs sent events before the greeting; none reaches a user before command mode.
            log.debug("{}: discarding event {} received in state {}", engine.endpoint, event.name(), engine.state());
            return;
        }
        if (event.name().equals("SHUTDOWN")) {
            shutdownSeen = true;
        }
        message.dropped().ifPresent(engine.commands::onDropped);
        arrived.add(message);
    }

    /** Hands the events gathered since the last call to the subscriptions, as one batch. */
    void handOver() {
        arrived.handOver();
    }

    EventSubscription subscribe(EventSubscriptionOptions options) {
        return hub.subscribe(options);
    }

    /** Whether the server announced SHUTDOWN in command mode. */
    boolean shutdownSeen() {
        return shutdownSeen;
    }

    /** Ends every subscription, now and for later ones, with {@code reason}; shared ones are left to their owner. */
    void terminate(RuntimeException reason) {
        if (ownsHub) {
            hub.terminate(reason);
        }
    }
}

package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.internal.events.EventHub;
import dev.qmp4j.core.internal.wire.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of one session: none reaches a subscriber before command mode; SHUTDOWN is noted (it
 * makes EOF the success of {@code quit}); COMMAND_DROPPED fails its command; every event goes to
 * each subscription that wants it. {@link #onEvent} runs on the loop thread.
 */
final class EventRouter {
    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

    private final SessionEngine engine;
    private final EventHub hub;
    private boolean shutdownSeen; // loop thread

    EventRouter(SessionEngine engine) {
        this.engine = engine;
        this.hub = new EventHub(engine.callbacks);
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
        hub.dispatch(event, message.retainedBytes());
    }

    EventSubscription subscribe(EventSubscriptionOptions options) {
        return hub.subscribe(options);
    }

    /** Whether the server announced SHUTDOWN in command mode. */
    boolean shutdownSeen() {
        return shutdownSeen;
    }

    /** Ends every subscription, now and for later ones, with {@code reason}. */
    void terminate(RuntimeException reason) {
        hub.terminate(reason);
    }
}

package dev.qmp4j.testkit.junit5;

import dev.qmp4j.core.QmpSession;

/**
 * The session types the extensions inject: the core's {@link QmpSession} and its reactive and
 * blocking views. Those two are optional dependencies: they are named here as strings and touched
 * only when asked for, so that the extensions load without them.
 */
final class SessionViews {
    private static final String BLOCKING = "dev.qmp4j.blocking.BlockingQmpSession";
    private static final String REACTIVE = "dev.qmp4j.reactive.ReactiveQmpSession";

    private SessionViews() {
    }

    /** Whether a parameter of this type takes a session. */
    static boolean supports(Class<?> type) {
        return type == QmpSession.class || type.getName().equals(BLOCKING) || type.getName().equals(REACTIVE);
    }

    /** The session, as a parameter of this type (one that {@link #supports} accepts) takes it. */
    static Object view(QmpSession session, Class<?> type) {
        return switch (type.getName()) {
            case BLOCKING -> Blocking.of(session);
            case REACTIVE -> Reactive.of(session);
            default -> session;
        };
    }

    private static final class Blocking {
        static Object of(QmpSession session) {
            return dev.qmp4j.blocking.BlockingQmpSession.of(session);
        }
    }

    private static final class Reactive {
        static Object of(QmpSession session) {
            return dev.qmp4j.reactive.ReactiveQmpSession.of(session);
        }
    }
}

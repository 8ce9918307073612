package dev.qmp4j.e2e.reactive;

import com.google.gson.JsonObject;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.testkit.SimulatedEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small helpers shared by the end-to-end tests of the Reactor API against {@code QmpSimulator}. */
final class ReactiveTesting {
    /** Generous bound for anything the tests wait for; a healthy run needs milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private ReactiveTesting() {
    }

    static JsonObject args(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return o;
    }

    static SimulatedEvent numbered(String name, int seq) {
        JsonObject data = new JsonObject();
        data.addProperty("seq", seq);
        return SimulatedEvent.of(name, data);
    }

    static int seq(QmpEvent event) {
        return event.data().get("seq").getAsInt();
    }

    /** Runs an action that may throw a checked exception, for StepVerifier's {@code then}. */
    static void runUnchecked(ThrowingRunnable action) {
        try {
            action.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** An action that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * A real session that also records the core subscriptions taken through it, so that tests
     * can look at what the Reactor layer hides: dropped counts, and whether cancel closed them.
     */
    static final class RecordingSession {
        final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
        final QmpSession session;

        RecordingSession(QmpSession real) {
            session = (QmpSession) Proxy.newProxyInstance(QmpSession.class.getClassLoader(),
                    new Class<?>[] {QmpSession.class}, (proxy, method, arguments) -> {
                        Object result;
                        try {
                            result = method.invoke(real, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (result instanceof EventSubscription s) {
                            subscriptions.add(s);
                        }
                        return result;
                    });
        }
    }
}

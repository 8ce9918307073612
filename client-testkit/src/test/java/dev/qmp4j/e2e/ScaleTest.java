package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many sessions through one client share its few threads: the README's promise that 1,000
 * sessions use 3 threads (one {@code qmp4j-io-*}, two {@code qmp4j-callback-*}).
 */
@Timeout(60)
class ScaleTest {
    private static final Duration WAIT = Duration.ofSeconds(SimulatorTesting.WAIT_SECONDS);
    /** The README says 3 (1 I/O + 2 callback threads); the brief allows up to 4. */
    private static final int MAX_SDK_THREADS = 4;

    @Test
    void thousandUnixSessionsOnAHandfulOfThreads() throws Exception {
        try (QmpSimulator sim = QmpSimulator.start()) {
            manySessions(sim, 1_000);
        }
    }

    @Test
    void fiftyTcpSessions() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().listenOnTcp().start()) {
            manySessions(sim, 50);
        }
    }

    private static void manySessions(QmpSimulator sim, int count) throws Exception {
        Set<Thread> before = liveThreads();
        List<QmpSession> sessions = new ArrayList<>(count);
        Set<Thread> sdkThreads;
        QmpClient client = QmpClient.create();
        try {
            List<CompletableFuture<QmpSession>> connecting = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                connecting.add(client.connect(sim.endpoint()));
            }
            for (CompletableFuture<QmpSession> c : connecting) {
                sessions.add(await(c));
            }
            List<CompletableFuture<JsonElement>> statuses = new ArrayList<>(count);
            for (QmpSession s : sessions) {
                statuses.add(s.execute("query-status"));
            }
            for (CompletableFuture<JsonElement> status : statuses) {
                assertEquals("prelaunch", await(status).getAsJsonObject().get("status").getAsString());
            }

            // All sessions are open now: count the threads.
            Set<Thread> during = liveThreads();
            Set<Thread> added = new HashSet<>(during);
            added.removeAll(before);
            sdkThreads = added.stream().filter(t -> t.getName().startsWith("qmp4j-")).collect(Collectors.toSet());
            Set<Thread> notSimulator = added.stream().filter(t -> !t.getName().startsWith("qmp-simulator-"))
                    .collect(Collectors.toSet());
            assertTrue(sdkThreads.size() <= MAX_SDK_THREADS, () -> "SDK threads: " + names(sdkThreads));
            assertTrue(sdkThreads.stream().anyMatch(t -> t.getName().startsWith("qmp4j-io-")), () -> names(sdkThreads));
            assertTrue(notSimulator.size() <= MAX_SDK_THREADS,
                    () -> "threads started besides the simulator's: " + names(notSimulator));
            assertEquals(count, sim.sessions().size());
            assertTrue(sessions.stream().allMatch(s -> s.state() == QmpSessionState.READY));
        } finally {
            client.close();
        }

        // close() ends every thread of the client...
        for (Thread t : sdkThreads) {
            t.join(TimeUnit.SECONDS.toMillis(SimulatorTesting.WAIT_SECONDS));
            assertFalse(t.isAlive(), () -> t.getName() + " still alive after client.close()");
        }
        Set<Thread> leftover = liveThreads();
        leftover.removeAll(before);
        leftover.removeIf(t -> !t.getName().startsWith("qmp4j-"));
        assertEquals(Set.of(), leftover, () -> "qmp4j threads left: " + names(leftover));

        // ... and every session: the simulator sees all connections closed.
        for (int i = 0; i < count; i++) {
            SimulatedSession server = sim.awaitSession(WAIT);
            server.awaitClosed(WAIT);
        }
        assertEquals(List.of(), sim.sessions());
        for (QmpSession s : sessions) {
            assertEquals(QmpSessionState.CLOSED, s.state());
            await(s.whenClosed());
        }
    }

    private static Set<Thread> liveThreads() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(t -> !t.isAlive());
        return threads;
    }

    private static String names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList().toString();
    }
}

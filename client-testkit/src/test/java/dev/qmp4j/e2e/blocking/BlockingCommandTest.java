package dev.qmp4j.e2e.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpErrorClass;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.e2e.SimulatorTesting;
import dev.qmp4j.testkit.QmpCommandHandler;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocking commands: replies, errors as they are, timeouts, many threads, interrupts. */
@Timeout(60)
class BlockingCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A handler that answers with its own arguments. */
    private static final QmpCommandHandler ECHO = r -> QmpReply.success(r.arguments());

    private BlockingQmpClient client = BlockingQmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    private BlockingQmpSession connect(QmpSimulator simulator) {
        sim = simulator;
        return client.connect(sim.endpoint());
    }

    private static JsonObject args(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return o;
    }

    @Test
    void connectAndExecute() {
        BlockingQmpSession session = connect(QmpSimulator.start());
        assertEquals(new QmpVersion(7, 2, 22), session.greeting().version());
        assertEquals(Set.of("oob"), session.enabledCapabilities());
        assertEquals(sim.endpoint(), session.endpoint());
        assertEquals(QmpSessionState.READY, session.state());

        JsonObject status = session.execute("query-status").getAsJsonObject();
        assertEquals("prelaunch", status.get("status").getAsString());
        assertEquals(new JsonObject(), session.execute("cont", new JsonObject()));
        assertEquals("running", session.execute("query-status", null, WAIT).getAsJsonObject().get("status").getAsString());
    }

    @Test
    void outOfBandCommandRuns() {
        BlockingQmpSession session = connect(QmpSimulator.start());
        JsonElement yanks = session.executeOutOfBand("query-yank", null, WAIT);
        assertInstanceOf(JsonArray.class, yanks);
        assertTrue(sim.awaitSession(WAIT).received().stream().anyMatch(c -> c.outOfBand() && c.name().equals("query-yank")));
    }

    @Test
    void commandErrorIsThrownAsIs() {
        BlockingQmpSession session = connect(QmpSimulator.builder()
                .handler("device_del", r -> QmpReply.error("DeviceNotFound", "Device 'x' not found")).start());
        QmpCommandException e = assertThrows(QmpCommandException.class, () -> session.execute("device_del", args("id", "x")));
        assertEquals("device_del", e.command());
        assertEquals(QmpErrorClass.DEVICE_NOT_FOUND, e.errorClass());
        assertEquals("Device 'x' not found", e.description());
        assertEquals(QmpErrorClass.COMMAND_NOT_FOUND,
                assertThrows(QmpCommandException.class, () -> session.execute("nope")).errorClass());
    }

    @Test
    void perCallTimeoutThenTheNextCommandGetsItsOwnReply() {
        BlockingQmpSession session = connect(QmpSimulator.builder()
                .handler("late", r -> QmpReply.success(new JsonPrimitive("late")).delayed(Duration.ofMillis(500)))
                .handler("echo", ECHO)
                .start());
        QmpTimeoutException e = assertThrows(QmpTimeoutException.class,
                () -> session.execute("late", null, Duration.ofMillis(100)));
        assertTrue(e.getMessage().contains("late got no reply within 0.1 s"), e.getMessage());
        // Answered after the late reply (in-band commands run in order): it must not get "late".
        assertEquals("after", session.execute("echo", args("v", "after")).getAsJsonObject().get("v").getAsString());
    }

    @Test
    void defaultTimeoutComesFromTheClientOptions() {
        client.close();
        client = BlockingQmpClient.create(QmpClientOptions.builder().commandTimeout(Duration.ofMillis(200)).build());
        BlockingQmpSession session = connect(QmpSimulator.builder()
                .handler("late", r -> QmpReply.success(new JsonPrimitive("late")).delayed(Duration.ofMillis(400)))
                .start());
        long start = System.nanoTime();
        assertThrows(QmpTimeoutException.class, () -> session.execute("late"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took the core's 200 ms, not some other bound");
        // The late reply goes to the timed-out command's place; the next command waits for it, so gets time.
        assertEquals("prelaunch", session.execute("query-status", null, Duration.ofSeconds(5)).getAsJsonObject()
                .get("status").getAsString());
    }

    @Test
    void manyThreadsEachGetTheirOwnReply() throws Exception {
        BlockingQmpSession session = connect(QmpSimulator.builder().handler("echo", ECHO).start());
        SimulatorTesting.onThreads(16, 30, thread -> {
            for (int i = 0; i < 50; i++) {
                String tag = thread + "/" + i;
                assertEquals(tag, session.execute("echo", args("tag", tag)).getAsJsonObject().get("tag").getAsString());
            }
        });
    }

    @Test
    void interruptWhileBlockedCancelsAndKeepsTheFlag() throws Exception {
        CompletableFuture<QmpReply> release = new CompletableFuture<>();
        BlockingQmpSession session = connect(QmpSimulator.builder()
                .handler("slow", r -> QmpReply.later(release))
                .handler("echo", ECHO)
                .start());
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                session.execute("slow", null, Duration.ofSeconds(30));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
            flagAfter.complete(Thread.currentThread().isInterrupted());
        }, "blocked-caller");
        caller.start();
        sim.awaitSession(WAIT).awaitReceived(2, WAIT); // qmp_capabilities and slow: the caller is waiting for the reply

        caller.interrupt();

        Throwable e = thrown.get(10, TimeUnit.SECONDS);
        assertEquals(QmpException.class, e.getClass(), () -> "unexpected: " + e);
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(flagAfter.get(10, TimeUnit.SECONDS), "interrupt flag restored");
        caller.join(TimeUnit.SECONDS.toMillis(10));
        // The cancelled command's late reply is dropped; the next command gets its own.
        release.complete(QmpReply.success(new JsonPrimitive("slow")));
        assertEquals("mine", session.execute("echo", args("v", "mine")).getAsJsonObject().get("v").getAsString());
    }

    @Test
    void alreadyInterruptedThreadSendsNothing() {
        BlockingQmpSession session = connect(QmpSimulator.start());
        Thread.currentThread().interrupt();
        try {
            QmpException e = assertThrows(QmpException.class, () -> session.execute("stop"));
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals("prelaunch", session.execute("query-status").getAsJsonObject().get("status").getAsString());
        assertFalse(sim.awaitSession(WAIT).received().stream().anyMatch(c -> c.name().equals("stop")));
    }

    @Test
    void tryWithResourcesClosesEverything() {
        sim = QmpSimulator.start();
        BlockingQmpSession kept;
        BlockingEventSubscription keptEvents;
        try (BlockingQmpClient c = BlockingQmpClient.create();
             BlockingQmpSession session = c.connect(sim.endpoint());
             BlockingEventSubscription events = session.subscribe()) {
            session.execute("system_powerdown");
            assertEquals("POWERDOWN", events.next(WAIT).name());
            kept = session;
            keptEvents = events;
        }
        sim.awaitSession(WAIT).awaitClosed(WAIT);
        assertEquals(QmpSessionState.CLOSED, kept.state());
        assertTrue(keptEvents.isClosed());
        assertThrows(QmpClosedException.class, () -> kept.execute("query-status"));
    }

    @Test
    void wrappedClientIsNotClosedByTheWrapper() {
        sim = QmpSimulator.start();
        try (dev.qmp4j.core.QmpClient core = dev.qmp4j.core.QmpClient.create()) {
            BlockingQmpClient shared = BlockingQmpClient.of(core);
            assertTrue(shared.async() == core);
            shared.close();
            try (BlockingQmpSession session = shared.connect(sim.endpoint())) {
                assertEquals("prelaunch", session.execute("query-status").getAsJsonObject().get("status").getAsString());
            }
        }
    }

    @Test
    void wrappedSessionBlocksWithItsClientsDefaultTimeout() throws Exception {
        sim = QmpSimulator.builder().handler("silent", r -> QmpReply.none()).start();
        try (dev.qmp4j.core.QmpClient core = dev.qmp4j.core.QmpClient.create(
                     QmpClientOptions.builder().commandTimeout(Duration.ofMillis(300)).build());
             BlockingQmpSession session = BlockingQmpSession.of(core.connect(sim.endpoint()).get(10, TimeUnit.SECONDS))) {
            assertEquals("prelaunch", session.execute("query-status").getAsJsonObject().get("status").getAsString());
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> session.execute("silent"));
            assertTrue(e.getMessage().contains("within 0.3 s"), e.getMessage());
        }
        sim.awaitSession(WAIT).awaitClosed(WAIT);
    }
}

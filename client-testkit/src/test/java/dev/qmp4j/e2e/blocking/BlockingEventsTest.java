package dev.qmp4j.e2e.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.blocking.BlockingTypedEventSubscription;
import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.e2e.SimulatorTesting;
import dev.qmp4j.core.types.ResumeEvent;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocking subscriptions: next, poll, awaitEvent, iteration and how each ends. */
@Timeout(60)
class BlockingEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private QmpSimulator sim;
    private BlockingQmpClient client;
    private BlockingQmpSession session;

    @BeforeEach
    void start() {
        sim = QmpSimulator.start();
        client = BlockingQmpClient.create();
        session = client.connect(sim.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private static SimulatedEvent numbered(String name, int seq) {
        JsonObject data = new JsonObject();
        data.addProperty("seq", seq);
        return SimulatedEvent.of(name, data);
    }

    private static int seq(QmpEvent event) {
        return event.data().get("seq").getAsInt();
    }

    /** Events pushed before a command are written before its reply: after it they are all buffered. */
    private void sync() {
        session.execute("query-status");
    }

    /** Runs {@code body} on a new thread; the future holds what it threw, or null. */
    private static CompletableFuture<Throwable> inThread(String name, ThrowingRunnable body) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, name);
        t.start();
        return outcome;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void nextWithAndWithoutAnEvent() {
        try (BlockingEventSubscription events = session.subscribe()) {
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> events.next(Duration.ofMillis(100)));
            assertTrue(e.getMessage().contains("no event within 0.1 s"), e.getMessage());
            // The wait that timed out took nothing away: the next event goes to the next caller.
            sim.pushEvent(numbered("WATCHDOG", 1));
            QmpEvent event = events.next(WAIT);
            assertEquals("WATCHDOG", event.name());
            assertEquals(1, seq(event));
        }
    }

    @Test
    void pollTakesOnlyWhatIsBuffered() {
        try (BlockingEventSubscription events = session.subscribe()) {
            assertEquals(Optional.empty(), events.poll());
            sim.pushEvent(numbered("WATCHDOG", 1));
            sync();
            assertEquals(1, seq(events.poll().orElseThrow()));
            assertEquals(Optional.empty(), events.poll());
        }
    }

    @Test
    void awaitEventSkipsOtherEvents() {
        try (BlockingEventSubscription events = session.subscribe()) {
            sim.pushEvent(numbered("WATCHDOG", 1));
            sim.pushEvent(SimulatedEvent.of("RESUME"));
            sim.pushEvent(numbered("WATCHDOG", 2));
            sim.pushEvent(numbered("WATCHDOG", 3));
            QmpEvent second = events.awaitEvent(e -> e.name().equals("WATCHDOG") && seq(e) == 2, WAIT);
            assertEquals(2, seq(second));
            assertEquals(3, seq(events.next(WAIT)), "skipped events are consumed, later ones are not");
            assertThrows(QmpTimeoutException.class, () -> events.awaitEvent(e -> true, Duration.ofMillis(100)));
        }
    }

    @Test
    void iterateOverAFixedNumberOfEventsThenClose() {
        BlockingEventSubscription events = session.subscribe("WATCHDOG");
        for (int i = 1; i <= 5; i++) {
            sim.pushEvent(SimulatedEvent.of("RESUME"));
            sim.pushEvent(numbered("WATCHDOG", i));
        }
        List<Integer> seen = new ArrayList<>();
        for (QmpEvent event : events) {
            seen.add(seq(event));
            if (seen.size() == 3) {
                break;
            }
        }
        assertEquals(List.of(1, 2, 3), seen);
        assertEquals(List.of(4, 5), events.stream().limit(2).map(BlockingEventsTest::seq).toList());
        events.close();
        assertTrue(events.isClosed());
        assertFalse(events.iterator().hasNext(), "a closed subscription iterates over nothing");
    }

    @Test
    void iterationEndsWhenTheSessionCloses() throws Exception {
        BlockingEventSubscription events = session.subscribe();
        BlockingQueue<QmpEvent> seen = new LinkedBlockingQueue<>();
        CompletableFuture<Throwable> reader = inThread("event-reader", () -> {
            for (QmpEvent event : events) {
                seen.add(event);
            }
        });
        sim.pushEvent(numbered("WATCHDOG", 1));
        sim.pushEvent(numbered("WATCHDOG", 2));
        assertEquals(1, seq(seen.poll(10, TimeUnit.SECONDS)));
        assertEquals(2, seq(seen.poll(10, TimeUnit.SECONDS)));

        session.close();

        assertEquals(null, reader.get(10, TimeUnit.SECONDS), "the loop ended without an exception");
        assertTrue(events.isClosed());
    }

    @Test
    void iterationThrowsWhenTheConnectionIsLost() throws Exception {
        BlockingEventSubscription events = session.subscribe();
        CompletableFuture<Throwable> reader = inThread("event-reader", () -> events.stream().forEach(e -> { }));
        sim.awaitSession(WAIT).close();
        Throwable e = reader.get(10, TimeUnit.SECONDS);
        assertTrue(e instanceof QmpConnectionException, () -> "expected the connection's exception, got " + e);
    }

    @Test
    void iterationThrowsOnOverflow() throws Exception {
        try (SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
            BlockingEventSubscription events = session.subscribe(EventSubscriptionOptions.builder()
                    .bufferSize(1).overflowPolicy(EventOverflowPolicy.FAIL).build());
            sim.pushEvent(numbered("WATCHDOG", 1));
            sim.pushEvent(numbered("WATCHDOG", 2));
            sync();
            var iterator = events.iterator();
            assertEquals(1, seq(iterator.next()), "the buffered event comes first");
            assertThrows(QmpEventOverflowException.class, iterator::hasNext);
            log.awaitOnlyWarning("overflowed");
        }
    }

    @Test
    void droppedEventsAreCounted() throws Exception {
        try (SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN);
             BlockingEventSubscription events = session.subscribe(EventSubscriptionOptions.builder()
                .bufferSize(1).overflowPolicy(EventOverflowPolicy.DROP_NEWEST).build())) {
            sim.pushEvent(numbered("WATCHDOG", 1));
            sim.pushEvent(numbered("WATCHDOG", 2));
            sync();
            assertEquals(1, events.droppedCount());
            assertEquals(1, seq(events.next(WAIT)));
            log.awaitOnlyWarning("dropping the newest");
        }
    }

    @Test
    void closeReleasesAThreadBlockedInNext() throws Exception {
        BlockingEventSubscription events = session.subscribe();
        AtomicReference<Thread> readerThread = new AtomicReference<>();
        CompletableFuture<Throwable> reader = inThread("event-reader", () -> {
            readerThread.set(Thread.currentThread());
            events.next(Duration.ofSeconds(30));
        });
        awaitBlocked(reader, readerThread);

        events.close();

        Throwable e = reader.get(10, TimeUnit.SECONDS);
        assertTrue(e instanceof QmpClosedException, () -> "expected QmpClosedException, got " + e);
    }

    @Test
    void nextAfterTheSessionClosedThrowsClosed() {
        BlockingEventSubscription events = session.subscribe();
        session.close();
        assertThrows(QmpClosedException.class, () -> events.next(WAIT));
    }

    @Test
    void typedSubscriptionDecodesAndKnowsItsType() {
        try (BlockingTypedEventSubscription<ResumeEvent> resumes = session.subscribe(ResumeEvent.TYPE)) {
            assertSame(ResumeEvent.TYPE, resumes.type());
            session.execute("cont");
            assertEquals(ResumeEvent.class, resumes.next(WAIT).getClass());
            assertEquals(Optional.empty(), resumes.poll());
        }
    }

    /** Waits (bounded) until the reader thread is parked in its timed wait. */
    private static void awaitBlocked(CompletableFuture<Throwable> reader, AtomicReference<Thread> thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING) {
            assertFalse(reader.isDone(), "the reader ended early");
            assertTrue(System.nanoTime() < deadline, "the reader never blocked");
            Thread.onSpinWait();
        }
    }
}

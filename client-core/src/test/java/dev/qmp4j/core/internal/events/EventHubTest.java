package dev.qmp4j.core.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.QmpTimestamp;
import dev.qmp4j.core.internal.Callbacks;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventHubTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final EventHub hub = new EventHub(new Callbacks(executor));
    /** What qmp4j logs during a test: captured and checked, not printed. */
    private final Logger log = (Logger) LoggerFactory.getLogger("dev.qmp4j");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
        log.setAdditive(false);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        log.detachAppender(logged);
        log.setAdditive(true);
    }

    /** Asserts that exactly one line was logged, at WARN, and that it says {@code fragment}. */
    private void assertWarnedOnce(String fragment) {
        List<String> lines = logged.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("WARN ") && lines.get(0).contains(fragment), lines::toString);
    }

    private static QmpEvent event(String name) {
        return new QmpEvent(name, null, QmpTimestamp.UNKNOWN);
    }

    private static EventSubscriptionOptions options(int size, EventOverflowPolicy policy) {
        return EventSubscriptionOptions.builder().bufferSize(size).overflowPolicy(policy).build();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)).getCause();
    }

    private static EventSubscriptionOptions bytes(long budget, EventOverflowPolicy policy) {
        return EventSubscriptionOptions.builder().maxBufferedBytes(budget).overflowPolicy(policy).build();
    }

    @Test
    void aByteBudgetFailsTheSubscriptionWhenFull() throws Exception {
        EventSubscription s = hub.subscribe(bytes(4096, EventOverflowPolicy.FAIL));
        hub.dispatch(event("A"), 3000);
        hub.dispatch(event("B"), 3000);
        assertEquals("A", s.next().get(10, TimeUnit.SECONDS).name());
        QmpEventOverflowException e = assertInstanceOf(QmpEventOverflowException.class, failure(s.next()));
        assertTrue(e.getMessage().contains("4096 bytes") && e.getMessage().contains("B"), e.getMessage());
    }

    @Test
    void dropOldestByBytesDropsAsManyAsItTakes() throws Exception {
        EventSubscription s = hub.subscribe(bytes(4096, EventOverflowPolicy.DROP_OLDEST));
        hub.dispatch(event("A"), 1500);
        hub.dispatch(event("B"), 1500);
        hub.dispatch(event("C"), 4000); // only alone it fits
        assertEquals(2, s.droppedCount());
        assertEquals("C", s.next().get(10, TimeUnit.SECONDS).name());
        hub.dispatch(event("D"), 5000); // over the whole budget: dropped itself
        assertEquals(3, s.droppedCount());
        assertEquals(Optional.empty(), s.poll());
        hub.dispatch(event("E"), 100);
        assertEquals("E", s.next().get(10, TimeUnit.SECONDS).name(), "the budget is free again once taken");
    }

    @Test
    void dropNewestByBytesKeepsWhatIsBuffered() throws Exception {
        EventSubscription s = hub.subscribe(bytes(4096, EventOverflowPolicy.DROP_NEWEST));
        hub.dispatch(event("A"), 3000);
        hub.dispatch(event("B"), 3000);
        assertEquals(1, s.droppedCount());
        assertEquals("A", s.next().get(10, TimeUnit.SECONDS).name());
        assertEquals(Optional.empty(), s.poll());
    }

    @Test
    void bufferedEventsComeOutInOrder() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        hub.dispatch(event("STOP"), 100);
        hub.dispatch(event("RESUME"), 100);
        assertEquals("STOP", s.next().get(10, TimeUnit.SECONDS).name());
        assertEquals("RESUME", s.poll().orElseThrow().name());
        assertEquals(Optional.empty(), s.poll());
    }

    @Test
    void waitingNextCompletesOffTheDispatchingThread() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<Thread> completedOn = s.next().thenApply(e -> Thread.currentThread());
        hub.dispatch(event("STOP"), 100);
        assertFalse(completedOn.get(10, TimeUnit.SECONDS) == Thread.currentThread());
    }

    @Test
    void filtersByName() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.builder().eventNames("RESET").build());
        hub.dispatch(event("STOP"), 100);
        hub.dispatch(event("RESET"), 100);
        assertEquals("RESET", s.next().get(10, TimeUnit.SECONDS).name());
        assertEquals(Optional.empty(), s.poll());
    }

    @Test
    void overflowWithFailEndsAfterTheBufferedEvents() throws Exception {
        EventSubscription s = hub.subscribe(options(2, EventOverflowPolicy.FAIL));
        EventSubscription other = hub.subscribe(EventSubscriptionOptions.defaults());
        for (String name : new String[] {"A", "B", "C", "D"}) {
            hub.dispatch(event(name), 100);
        }
        assertTrue(s.isClosed());
        assertEquals("A", s.next().get(10, TimeUnit.SECONDS).name());
        assertEquals("B", s.next().get(10, TimeUnit.SECONDS).name());
        QmpEventOverflowException e = assertInstanceOf(QmpEventOverflowException.class, failure(s.next()));
        assertEquals(2, e.capacity());
        assertTrue(e.getMessage().contains("C"), e.getMessage());
        for (String name : new String[] {"A", "B", "C", "D"}) {
            assertEquals(name, other.poll().orElseThrow().name(), "other subscribers are unaffected");
        }
        assertWarnedOnce("overflowed");
    }

    @Test
    void dropOldestKeepsTheNewest() {
        EventSubscription s = hub.subscribe(options(2, EventOverflowPolicy.DROP_OLDEST));
        for (String name : new String[] {"A", "B", "C", "D"}) {
            hub.dispatch(event(name), 100);
        }
        assertEquals(2, s.droppedCount());
        assertEquals("C", s.poll().orElseThrow().name());
        assertEquals("D", s.poll().orElseThrow().name());
        assertFalse(s.isClosed());
        assertWarnedOnce("dropping the oldest");
    }

    @Test
    void dropNewestKeepsTheOldest() {
        EventSubscription s = hub.subscribe(options(2, EventOverflowPolicy.DROP_NEWEST));
        for (String name : new String[] {"A", "B", "C", "D"}) {
            hub.dispatch(event(name), 100);
        }
        assertEquals(2, s.droppedCount());
        assertEquals("A", s.poll().orElseThrow().name());
        assertEquals("B", s.poll().orElseThrow().name());
        assertWarnedOnce("dropping the newest");
    }

    @Test
    void aSubscriberThatNeverReadsDoesNotBlockDispatch() {
        EventSubscription idle = hub.subscribe(options(16, EventOverflowPolicy.DROP_NEWEST));
        EventSubscription reader = hub.subscribe(options(200_000, EventOverflowPolicy.FAIL));
        for (int i = 0; i < 100_000; i++) {
            hub.dispatch(event("E" + i), 100);
        }
        assertEquals(100_000 - 16, idle.droppedCount());
        assertEquals("E0", reader.poll().orElseThrow().name());
        assertWarnedOnce("dropping the newest"); // once, not per dropped event
    }

    @Test
    void cancellingAWaitLosesNoEvent() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<QmpEvent> abandoned = s.next();
        abandoned.cancel(false);
        hub.dispatch(event("STOP"), 100);
        assertEquals("STOP", s.next().get(10, TimeUnit.SECONDS).name());
    }

    @Test
    void closeFailsWaitersAndStopsDelivery() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<QmpEvent> waiting = s.next();
        s.close();
        s.close();
        assertInstanceOf(QmpClosedException.class, failure(waiting));
        hub.dispatch(event("STOP"), 100);
        assertEquals(Optional.empty(), s.poll());
        assertTrue(s.isClosed());
    }

    @Test
    void terminationEndsCurrentAndLaterSubscriptionsWithTheCause() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        hub.dispatch(event("STOP"), 100);
        QmpConnectionException cause = new QmpConnectionException("connection lost");
        hub.terminate(cause);
        assertEquals("STOP", s.next().get(10, TimeUnit.SECONDS).name());
        assertSame(cause, failure(s.next()));
        EventSubscription late = hub.subscribe(EventSubscriptionOptions.defaults());
        assertTrue(late.isClosed());
        assertSame(cause, failure(late.next()));
    }
}

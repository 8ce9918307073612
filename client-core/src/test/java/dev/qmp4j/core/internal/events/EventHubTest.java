package dev.qmp4j.core.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
import dev.qmp4j.core.internal.wire.EventMessage;
import dev.qmp4j.core.internal.wire.JsonFrame;
import dev.qmp4j.core.internal.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    /** Set to make the next task given to the executor of {@link #hubWithFailingExecutor()} throw instead. */
    private final AtomicBoolean armed = new AtomicBoolean();

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

    /** Dispatches one event alone, as the events of one read. */
    private void dispatch(QmpEvent event, long retainedBytes) {
        hub.dispatch(List.of(new EventMessage(event, Optional.empty(), JsonFrame.of("{}", 1), retainedBytes)));
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
        dispatch(event("A"), 3000);
        dispatch(event("B"), 3000);
        assertEquals("A", s.next().get(10, TimeUnit.SECONDS).name());
        QmpEventOverflowException e = assertInstanceOf(QmpEventOverflowException.class, failure(s.next()));
        assertTrue(e.getMessage().contains("4096 bytes") && e.getMessage().contains("B"), e.getMessage());
    }

    @Test
    void dropOldestByBytesDropsAsManyAsItTakes() throws Exception {
        EventSubscription s = hub.subscribe(bytes(4096, EventOverflowPolicy.DROP_OLDEST));
        dispatch(event("A"), 1500);
        dispatch(event("B"), 1500);
        dispatch(event("C"), 4000); // only alone it fits
        assertEquals(2, s.droppedCount());
        assertEquals("C", s.next().get(10, TimeUnit.SECONDS).name());
        dispatch(event("D"), 5000); // over the whole budget: dropped itself
        assertEquals(3, s.droppedCount());
        assertEquals(Optional.empty(), s.poll());
        dispatch(event("E"), 100);
        assertEquals("E", s.next().get(10, TimeUnit.SECONDS).name(), "the budget is free again once taken");
    }

    @Test
    void dropNewestByBytesKeepsWhatIsBuffered() throws Exception {
        EventSubscription s = hub.subscribe(bytes(4096, EventOverflowPolicy.DROP_NEWEST));
        dispatch(event("A"), 3000);
        dispatch(event("B"), 3000);
        assertEquals(1, s.droppedCount());
        assertEquals("A", s.next().get(10, TimeUnit.SECONDS).name());
        assertEquals(Optional.empty(), s.poll());
    }

    @Test
    void bufferedEventsComeOutInOrder() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        dispatch(event("STOP"), 100);
        dispatch(event("RESUME"), 100);
        assertEquals("STOP", s.next().get(10, TimeUnit.SECONDS).name());
        assertEquals("RESUME", s.poll().orElseThrow().name());
        assertEquals(Optional.empty(), s.poll());
    }

    @Test
    void waitingNextCompletesOffTheDispatchingThread() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<Thread> completedOn = s.next().thenApply(e -> Thread.currentThread());
        dispatch(event("STOP"), 100);
        assertFalse(completedOn.get(10, TimeUnit.SECONDS) == Thread.currentThread());
    }

    @Test
    void filtersByName() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.builder().eventNames("RESET").build());
        dispatch(event("STOP"), 100);
        dispatch(event("RESET"), 100);
        assertEquals("RESET", s.next().get(10, TimeUnit.SECONDS).name());
        assertEquals(Optional.empty(), s.poll());
    }

    @Test
    void overflowWithFailEndsAfterTheBufferedEvents() throws Exception {
        EventSubscription s = hub.subscribe(options(2, EventOverflowPolicy.FAIL));
        EventSubscription other = hub.subscribe(EventSubscriptionOptions.defaults());
        for (String name : new String[] {"A", "B", "C", "D"}) {
            dispatch(event(name), 100);
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
            dispatch(event(name), 100);
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
            dispatch(event(name), 100);
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
            dispatch(event("E" + i), 100);
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
        dispatch(event("STOP"), 100);
        assertEquals("STOP", s.next().get(10, TimeUnit.SECONDS).name());
    }

    @Test
    void closeFailsWaitersAndStopsDelivery() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<QmpEvent> waiting = s.next();
        s.close();
        s.close();
        assertInstanceOf(QmpClosedException.class, failure(waiting));
        dispatch(event("STOP"), 100);
        assertEquals(Optional.empty(), s.poll());
        assertTrue(s.isClosed());
    }

    @Test
    void terminationEndsCurrentAndLaterSubscriptionsWithTheCause() throws Exception {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        dispatch(event("STOP"), 100);
        QmpConnectionException cause = new QmpConnectionException("connection lost");
        hub.terminate(cause);
        assertEquals("STOP", s.next().get(10, TimeUnit.SECONDS).name());
        assertSame(cause, failure(s.next()));
        EventSubscription late = hub.subscribe(EventSubscriptionOptions.defaults());
        assertTrue(late.isClosed());
        assertSame(cause, failure(late.next()));
    }

    // ---- batches ----

    /** An event as the client receives it: its data kept as text. */
    private static EventMessage received(String name, int seq) {
        String text = "{\"event\": \"" + name + "\", \"data\": {\"seq\": " + seq + "}}";
        return (EventMessage) WireCodec.decode(JsonFrame.of(text, 3));
    }

    @Test
    void aBatchComesOutInOrderAndUnderTheOverflowPolicyEventByEvent() throws Exception {
        EventSubscription s = hub.subscribe(options(3, EventOverflowPolicy.DROP_OLDEST));
        List<EventMessage> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(received("EV", i));
        }
        hub.dispatch(batch);
        assertEquals(2, s.droppedCount());
        for (int i = 2; i < 5; i++) {
            assertEquals(i, s.next().get(10, TimeUnit.SECONDS).data().get("seq").getAsInt());
        }
        assertEquals(Optional.empty(), s.poll());
    }

    @Test
    void eachSubscriptionGetsAnEventOfItsOwnSoThatOneReadsDataTheOtherDoesNotKeep() {
        EventSubscription first = hub.subscribe(EventSubscriptionOptions.defaults());
        EventSubscription second = hub.subscribe(EventSubscriptionOptions.defaults());
        hub.dispatch(List.of(received("EV", 1)));
        QmpEvent one = first.poll().orElseThrow();
        QmpEvent other = second.poll().orElseThrow();
        assertEquals(one, other);
        assertNotSame(one, other);
    }

    @Test
    void aBatchGoesByItselfOnceFullByCount() {
        EventSubscription s = hub.subscribe(options(EventBatch.MAX_EVENTS, EventOverflowPolicy.FAIL));
        EventBatch batch = new EventBatch(hub);
        for (int i = 0; i < EventBatch.MAX_EVENTS - 1; i++) {
            batch.add(received("EV", i));
        }
        assertEquals(Optional.empty(), s.poll(), "not handed over yet");
        batch.add(received("EV", EventBatch.MAX_EVENTS - 1));
        assertEquals(0, s.poll().orElseThrow().data().get("seq").getAsInt());
        batch.handOver(); // nothing left: nothing happens
        assertEquals(1, s.poll().orElseThrow().data().get("seq").getAsInt());
    }

    @Test
    void aBatchGoesByItselfOnceFullByBytes() {
        EventSubscription s = hub.subscribe(EventSubscriptionOptions.defaults());
        EventBatch batch = new EventBatch(hub);
        batch.add(new EventMessage(event("SMALL"), Optional.empty(), JsonFrame.of("{}", 1), 100));
        assertEquals(Optional.empty(), s.poll());
        batch.add(new EventMessage(event("LARGE"), Optional.empty(), JsonFrame.of("{}", 1), EventBatch.MAX_BYTES));
        assertEquals("SMALL", s.poll().orElseThrow().name());
        assertEquals("LARGE", s.poll().orElseThrow().name());
    }

    // ---- an executor that throws ----

    /** A hub whose executor runs tasks on {@link #executor}, except the next one after {@link #armed} is set. */
    private EventHub hubWithFailingExecutor() {
        return new EventHub(new Callbacks(task -> {
            if (armed.compareAndSet(true, false)) {
                throw new IllegalStateException("simulated: the executor failed");
            }
            executor.execute(task);
        }));
    }

    @Test
    void anExecutorThatThrowsOnAHandOverLeavesNoWaitForever() throws Exception {
        EventHub failing = hubWithFailingExecutor();
        EventSubscription s = failing.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<QmpEvent> waiting = s.next();
        armed.set(true);
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> failing.dispatch(List.of(received("EV", 1)))); // the session ends with this
        assertTrue(thrown.getMessage().startsWith("simulated"));
        QmpConnectionException end = new QmpConnectionException("session ended");
        failing.terminate(end);
        assertEquals(1, waiting.get(10, TimeUnit.SECONDS).data().get("seq").getAsInt(), "buffered before the end");
        assertSame(end, failure(s.next()));
    }

    @Test
    void anExecutorThatThrowsOnTheEndTellsTheWaitsOnTheEndingThread() throws Exception {
        EventHub failing = hubWithFailingExecutor();
        EventSubscription s = failing.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<QmpEvent> waiting = s.next();
        armed.set(true);
        QmpConnectionException end = new QmpConnectionException("session ended");
        failing.terminate(end);
        assertTrue(waiting.isDone(), "told on this thread");
        assertSame(end, failure(waiting));
        assertWarnedOnce("the callback executor failed to take the end of an event subscription");
    }

    @Test
    void everySubscriptionGetsTheBatchWhenTheExecutorThrowsForOne() throws Exception {
        EventHub failing = hubWithFailingExecutor();
        EventSubscription waitingOne = failing.subscribe(EventSubscriptionOptions.defaults());
        EventSubscription other = failing.subscribe(EventSubscriptionOptions.defaults());
        CompletableFuture<QmpEvent> waiting = waitingOne.next();
        armed.set(true);
        assertThrows(IllegalStateException.class, () -> failing.dispatch(List.of(received("EV", 1))));
        assertEquals(1, other.poll().orElseThrow().data().get("seq").getAsInt());
        assertFalse(waiting.isDone());
        failing.dispatch(List.of(received("EV", 2))); // the next batch starts the hand-over again
        assertEquals(1, waiting.get(10, TimeUnit.SECONDS).data().get("seq").getAsInt());
        assertEquals(2, waitingOne.next().get(10, TimeUnit.SECONDS).data().get("seq").getAsInt());
    }
}

package dev.qmp4j.benchmarks;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.reactive.ReactiveQmpSession;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.Disposable;

/**
 * Events per second delivered to one subscriber: the server writes {@value #BATCH} events as fast
 * as the socket takes them, and the subscriber reads each one's name and one member of its data,
 * as a consumer would (the data is parsed when first read, on the subscriber's side). The
 * subscription holds a whole batch, so nothing overflows however the threads interleave.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventDeliveryBenchmark {
    /** Events the server writes per benchmark call. */
    public static final int BATCH = 10_000;

    private static EventSubscriptionOptions holdingABatch() {
        return EventSubscriptionOptions.builder().bufferSize(BATCH).build();
    }

    /** A session and a core subscription to every event, taken with {@code next()}. */
    @State(Scope.Benchmark)
    public static class Futures {
        private ServedSession target;
        private EventSubscription subscription;

        /**
         * Starts the server, connects and subscribes to every event.
         *
         * @throws Exception when the connection fails
         */
        @Setup
        public void open() throws Exception {
            target = ServedSession.open(true);
            subscription = target.session.subscribe(holdingABatch());
        }

        /** Closes the subscription, the client and the server. */
        @TearDown
        public void close() {
            subscription.close();
            target.close();
        }
    }

    /**
     * A session and a Reactor subscriber of its events, for the whole run: it reads each event on
     * the client's callback executor and says when a batch has come.
     */
    @State(Scope.Benchmark)
    public static class Reactive {
        private final Semaphore batches = new Semaphore(0);
        private ServedSession target;
        private Disposable subscriber;
        private volatile Throwable failure;
        private long received; // callback thread
        private long read; // what was read of the events, kept so that no reading can be left out

        /**
         * Starts the server, connects and subscribes to every event with unbounded demand.
         *
         * @throws Exception when the connection fails
         */
        @Setup
        public void open() throws Exception {
            target = ServedSession.open(true);
            subscriber = ReactiveQmpSession.of(target.session).subscribe(holdingABatch()).subscribe(event -> {
                read += consume(event);
                if (++received % BATCH == 0) {
                    batches.release();
                }
            }, error -> {
                failure = error;
                batches.release();
            });
        }

        /** Ends the subscriber, closes the client and the server. */
        @TearDown
        public void close() {
            subscriber.dispose();
            target.close();
        }

        /** Waits until the subscriber has read the batch asked for. */
        void awaitBatch() throws Exception {
            if (!batches.tryAcquire(ServedSession.WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new TimeoutException("the batch did not come");
            }
            if (failure != null) {
                throw new IllegalStateException("the event Flux ended", failure);
            }
        }

        private static long consume(QmpEvent event) {
            return event.name().length() + event.data().get("status").getAsString().length();
        }
    }

    /**
     * Asks for {@value #BATCH} events and takes every one with {@code next()}, a future per event,
     * as the blocking API's {@code next(timeout)} and iteration do.
     *
     * @param state the session and its subscription
     * @param blackhole takes what was read of each event
     * @throws Exception when an event does not come in time or the subscription ended
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jobStatusChange(Futures state, Blackhole blackhole) throws Exception {
        state.target.server.emitEvents(BATCH);
        for (int i = 0; i < BATCH; i++) {
            QmpEvent event = state.subscription.next().get(ServedSession.WAIT_SECONDS, TimeUnit.SECONDS);
            blackhole.consume(event.name());
            blackhole.consume(event.data().get("status"));
        }
    }

    /**
     * Asks for {@value #BATCH} events and waits until a Reactor subscriber ({@code subscribe()}'s
     * {@code Flux}, unbounded demand) has read them all on the callback executor.
     *
     * @param state the session and its subscriber
     * @throws Exception when the events do not come in time or the Flux ended
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jobStatusChangeFlux(Reactive state) throws Exception {
        state.target.server.emitEvents(BATCH);
        state.awaitBatch();
    }
}

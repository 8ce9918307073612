package dev.qmp4j.benchmarks;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import java.util.concurrent.TimeUnit;
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

/**
 * Events per second delivered to one subscriber: the server writes {@value #BATCH} events as fast
 * as the socket takes them, and the benchmark thread takes each from its subscription. The
 * subscription holds a whole batch, so nothing overflows however the threads interleave.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventDeliveryBenchmark {
    /** Events the server writes per benchmark call. */
    public static final int BATCH = 10_000;

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
        subscription = target.session.subscribe(EventSubscriptionOptions.builder().bufferSize(BATCH).build());
    }

    /** Closes the subscription, the client and the server. */
    @TearDown
    public void close() {
        subscription.close();
        target.close();
    }

    /**
     * Asks for {@value #BATCH} events and takes every one.
     *
     * @param blackhole takes the events
     * @throws Exception when an event does not come in time or the subscription ended
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jobStatusChange(Blackhole blackhole) throws Exception {
        target.server.emitEvents(BATCH);
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(subscription.next().get(ServedSession.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }
}

package dev.qmp4j.benchmarks;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Commands per second with {@value #WINDOW} in flight at a time: through
 * {@code QmpSession.execute}, and through {@link RawQmpClient} writing the whole window at once,
 * which shows what the server and the socket allow.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelinedCommandsBenchmark {
    /** Commands in flight at once. */
    public static final int WINDOW = 1000;

    /**
     * A session. With {@code capabilities=oob} the server offers {@code oob}, as QEMU does, and the
     * client then keeps at most 8 in-band commands at the server (QEMU's queue length); with
     * {@code none} it sends the whole window at once.
     */
    @State(Scope.Benchmark)
    public static class Session {
        /** Whether the server offers {@code oob}: {@code none} or {@code oob}. */
        @Param({"none", "oob"})
        public String capabilities;

        private ServedSession target;
        private final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[WINDOW];

        /**
         * Starts the server and connects.
         *
         * @throws Exception when the connection fails
         */
        @Setup
        public void open() throws Exception {
            target = ServedSession.open(capabilities.equals("oob"));
        }

        /** Closes the client and the server. */
        @TearDown
        public void close() {
            target.close();
        }
    }

    /** The baseline client connected to a server. */
    @State(Scope.Benchmark)
    public static class Raw {
        private InstantQmpServer server;
        private RawQmpClient client;

        /**
         * Starts the server and connects.
         *
         * @throws IOException when the connection fails
         */
        @Setup
        public void open() throws IOException {
            server = InstantQmpServer.start(false);
            client = RawQmpClient.connect(server.socket());
        }

        /**
         * Closes the client and the server.
         *
         * @throws IOException when closing the socket fails
         */
        @TearDown
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    /**
     * Sends {@value #WINDOW} {@code query-status} commands, then waits for every reply.
     *
     * @param session the session
     * @param blackhole takes the replies
     * @throws Exception when a command fails or times out
     */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void queryStatus(Session session, Blackhole blackhole) throws Exception {
        CompletableFuture<?>[] inFlight = session.inFlight;
        for (int i = 0; i < WINDOW; i++) {
            inFlight[i] = session.target.session.execute("query-status");
        }
        for (int i = 0; i < WINDOW; i++) {
            blackhole.consume(inFlight[i].get(ServedSession.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    /**
     * Writes {@value #WINDOW} {@code query-status} commands at once with the baseline client, then
     * reads and parses every reply.
     *
     * @param raw the baseline client
     * @param blackhole takes the replies
     * @throws IOException when the connection fails
     */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void rawClient(Raw raw, Blackhole blackhole) throws IOException {
        raw.client.executeAll("query-status", WINDOW, blackhole::consume);
    }
}

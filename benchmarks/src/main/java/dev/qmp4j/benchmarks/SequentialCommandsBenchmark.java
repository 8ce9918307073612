package dev.qmp4j.benchmarks;

import com.google.gson.JsonElement;
import dev.qmp4j.blocking.BlockingQmpSession;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One command at a time, each waiting for its reply: the round trip through the async API
 * (joined), through the blocking API, and through {@link RawQmpClient}, the baseline with no
 * library. The differences are the client's overhead per sequential command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SequentialCommandsBenchmark {
    private ServedSession target;
    private BlockingQmpSession blocking;
    private RawQmpClient raw;

    /**
     * Starts the server (offering {@code oob}, as QEMU does), connects a session and a raw client.
     *
     * @throws Exception when a connection fails
     */
    @Setup
    public void open() throws Exception {
        target = ServedSession.open(true);
        blocking = BlockingQmpSession.of(target.session);
        raw = RawQmpClient.connect(target.server.socket());
    }

    /**
     * Closes both clients and the server.
     *
     * @throws IOException when closing the raw client's socket fails
     */
    @TearDown
    public void close() throws IOException {
        raw.close();
        target.close();
    }

    /**
     * {@code session.execute("query-status")}, joined.
     *
     * @return the reply
     * @throws Exception when the command fails or times out
     */
    @Benchmark
    public JsonElement asyncJoined() throws Exception {
        return target.session.execute("query-status").get(ServedSession.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * {@code BlockingQmpSession.execute("query-status")}.
     *
     * @return the reply
     */
    @Benchmark
    public JsonElement blocking() {
        return blocking.execute("query-status");
    }

    /**
     * The same command through the baseline client.
     *
     * @return the reply
     * @throws IOException when the connection fails
     */
    @Benchmark
    public JsonElement rawClient() throws IOException {
        return raw.execute("query-status");
    }
}

package dev.qmp4j.benchmarks;

import com.google.gson.JsonParser;
import dev.qmp4j.core.schema.QmpSchema;
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
 * The {@code query-qmp-schema} of QEMU 7.2 (about 207 KB, 1051 entries) turned into a
 * {@link QmpSchema}: from the server's bytes, as {@code session.schema()} fetches it (one line
 * read, framed, parsed and decoded), and from the reply's text alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchemaDecodeBenchmark {
    private ServedSession target;
    private String replyText;

    /**
     * Starts the server, connects and loads the schema text.
     *
     * @throws Exception when the connection fails
     */
    @Setup
    public void open() throws Exception {
        target = ServedSession.open(true);
        replyText = SchemaCapture.replyText();
    }

    /** Closes the client and the server. */
    @TearDown
    public void close() {
        target.close();
    }

    /**
     * {@code query-qmp-schema} through the session, decoded as {@code session.schema()} does
     * (which would keep the first result for the session's life).
     *
     * @return the schema
     * @throws Exception when the command fails or times out
     */
    @Benchmark
    public QmpSchema overSession() throws Exception {
        return QmpSchema.of(target.session.execute("query-qmp-schema")
                .get(ServedSession.WAIT_SECONDS, TimeUnit.SECONDS));
    }

    /**
     * The reply's {@code return} text parsed with Gson and decoded: the decoding without the socket.
     *
     * @return the schema
     */
    @Benchmark
    public QmpSchema fromText() {
        return QmpSchema.of(JsonParser.parseString(replyText));
    }
}

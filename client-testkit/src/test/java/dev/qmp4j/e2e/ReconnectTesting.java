package dev.qmp4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import java.nio.file.Path;
import java.time.Duration;

/** What the reconnection tests of the three styles share: quick options and a server that restarts. */
public final class ReconnectTesting {
    private ReconnectTesting() {
    }

    /**
     * Reconnection with short, exact waits: 10 ms before the first attempt, doubling up to 50 ms,
     * no jitter.
     *
     * @return a builder to change further
     */
    public static ReconnectOptions.Builder quick() {
        return ReconnectOptions.builder().initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(50)).jitter(0);
    }

    /**
     * Client options with this reconnection.
     *
     * @param reconnect the reconnection options
     * @return the client options
     */
    public static QmpClientOptions reconnecting(ReconnectOptions reconnect) {
        return QmpClientOptions.builder().reconnect(reconnect).build();
    }

    /**
     * The next change, within the tests' generous wait, of the expected kind.
     *
     * @param changes the subscription
     * @param kind the kind it must be
     * @return the change
     * @throws Exception when none comes, or the subscription failed
     */
    public static ConnectionChange next(ConnectionChanges changes, ConnectionChange.Kind kind) throws Exception {
        ConnectionChange change = SimulatorTesting.await(changes.next());
        assertEquals(kind, change.kind(), change::toString);
        return change;
    }

    /** A QMP server that stops and starts again on one socket path, as QEMU restarted by a supervisor. */
    public static final class RestartingServer implements AutoCloseable {
        private final Path socket;
        private QmpSimulator running;

        /**
         * A server whose socket is {@code qmp.sock} in {@code dir}; not started.
         *
         * @param dir a private directory
         */
        public RestartingServer(Path dir) {
            this.socket = dir.resolve("qmp.sock");
        }

        /**
         * Where it listens, whether it runs or not.
         *
         * @return the socket's endpoint
         */
        public QmpEndpoint endpoint() {
            return QmpEndpoint.unix(socket);
        }

        /**
         * Starts a simulator with the defaults on the socket, stopping the one running first.
         *
         * @return the running simulator
         */
        public QmpSimulator start() {
            return start(QmpSimulator.builder());
        }

        /**
         * Starts a simulator with these options on the socket, stopping the one running first.
         *
         * @param options the simulator's options; the socket is set here
         * @return the running simulator
         */
        public QmpSimulator start(QmpSimulatorOptions.Builder options) {
            stop();
            running = options.listenOnUnixSocket(socket).start();
            return running;
        }

        /** Stops the running simulator, closing every connection and removing the socket. */
        public void stop() {
            if (running != null) {
                running.close();
                running = null;
            }
        }

        /**
         * The running simulator.
         *
         * @return it
         */
        public QmpSimulator running() {
            return running;
        }

        @Override
        public void close() {
            stop();
        }
    }
}

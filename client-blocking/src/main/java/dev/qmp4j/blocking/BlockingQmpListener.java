package dev.qmp4j.blocking;

import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link QmpListener} whose {@link #accept(Duration)} waits: a bound socket that QEMU connects
 * to ({@code -qmp unix:PATH} without {@code server=on}). Obtained from
 * {@link BlockingQmpClient#listen(QmpEndpoint)}.
 *
 * <pre>{@code
 * try (BlockingQmpListener listener = client.listen(QmpEndpoint.unix(socket))) {
 *     // start QEMU with -qmp unix:SOCKET
 *     try (BlockingQmpSession session = listener.accept(Duration.ofSeconds(30))) { ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe: several threads may wait in {@link #accept(Duration)} at once; each connection
 * goes to one of them.
 */
public final class BlockingQmpListener implements AutoCloseable {
    private final QmpListener listener;

    private BlockingQmpListener(QmpListener listener) {
        this.listener = listener;
    }

    /**
     * Wraps a listener; closing the wrapper closes it.
     *
     * @param listener a bound listener
     * @return the blocking view of it
     */
    public static BlockingQmpListener of(QmpListener listener) {
        return new BlockingQmpListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Where the listener is bound; for TCP port 0, the port actually chosen.
     *
     * @return the bound endpoint
     */
    public QmpEndpoint endpoint() {
        return listener.endpoint();
    }

    /**
     * Waits for the next connection and its negotiation, as {@link QmpListener#accept()} does,
     * at most {@code timeout} in all. On timeout or interrupt the wait is given up: a connection
     * that arrives later is not taken, and one that was being negotiated is closed, so nothing
     * leaks.
     *
     * @param timeout how long to wait for a session in command mode
     * @return a session in command mode; close it when done
     * @throws QmpTimeoutException when no session reached command mode in time
     * @throws dev.qmp4j.core.QmpClosedException when the listener or its client was closed
     * @throws QmpException as {@link BlockingQmpClient#connect(QmpEndpoint)} for the negotiation,
     *     or when the thread is interrupted (its flag is set again)
     */
    public BlockingQmpSession accept(Duration timeout) {
        long waitNanos = Await.nanos(Await.positive(timeout, "timeout"));
        Await.checkNotInterrupted("accepting on " + endpoint());
        return SessionWait.await(listener.accept(), waitNanos, "accepting on " + endpoint(),
                "session in command mode on " + endpoint());
    }

    /**
     * The underlying asynchronous listener.
     *
     * @return the listener
     */
    public QmpListener async() {
        return listener;
    }

    /**
     * Stops listening: threads waiting in {@link #accept(Duration)} are released with
     * {@link dev.qmp4j.core.QmpClosedException} and, for UNIX sockets, the socket file is deleted.
     * Sessions already accepted stay open. Idempotent.
     */
    @Override
    public void close() {
        listener.close();
    }

    @Override
    public String toString() {
        return "BlockingQmpListener[" + listener.endpoint() + "]";
    }
}

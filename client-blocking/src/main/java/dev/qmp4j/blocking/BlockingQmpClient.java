package dev.qmp4j.blocking;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * The blocking entry point: a {@link QmpClient} whose {@code connect} waits for command mode and
 * returns a {@link BlockingQmpSession}, and whose {@link #listen(QmpEndpoint)} gives a
 * {@link BlockingQmpListener}. Create one per application, close it at the end.
 *
 * <pre>{@code
 * try (BlockingQmpClient client = BlockingQmpClient.create();
 *      BlockingQmpSession session = client.connect(QmpEndpoint.unix(Path.of("/run/vm1.qmp")))) {
 *     JsonElement status = session.execute("query-status");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Threads, limits and timeouts are those of the underlying client.
 */
public final class BlockingQmpClient implements AutoCloseable {
    private final QmpClient client;
    private final boolean owned;

    private BlockingQmpClient(QmpClient client, boolean owned) {
        this.client = client;
        this.owned = owned;
    }

    /**
     * A client with default options, owned by the returned object.
     *
     * @return a new client; close it when done
     */
    public static BlockingQmpClient create() {
        return new BlockingQmpClient(QmpClient.create(), true);
    }

    /**
     * A client with the given options, owned by the returned object.
     *
     * @param options the options
     * @return a new client; close it when done
     */
    public static BlockingQmpClient create(QmpClientOptions options) {
        return new BlockingQmpClient(QmpClient.create(Objects.requireNonNull(options, "options")), true);
    }

    /**
     * Wraps an existing client <em>without owning it</em>: {@link #close()} of the wrapper does not
     * close {@code client} (its owner does), so blocking and asynchronous code can share one client.
     *
     * @param client the client to use
     * @return a blocking view of it
     */
    public static BlockingQmpClient of(QmpClient client) {
        return new BlockingQmpClient(Objects.requireNonNull(client, "client"), false);
    }

    /**
     * The options of the underlying client.
     *
     * @return the options
     */
    public QmpClientOptions options() {
        return client.options();
    }

    /**
     * Connects as {@link QmpClient#connect(QmpEndpoint)} does and waits for command mode, up to the
     * client's {@link QmpClientOptions#connectTimeout()}.
     *
     * @param endpoint where the server listens
     * @return a session in command mode; close it when done
     * @throws dev.qmp4j.core.QmpConnectionException when the connection fails
     * @throws dev.qmp4j.core.QmpCommandException when the server refuses negotiation
     * @throws dev.qmp4j.core.QmpProtocolException for a malformed greeting
     * @throws QmpTimeoutException past the connect timeout
     * @throws QmpException when the thread is interrupted (its flag is set again)
     */
    public BlockingQmpSession connect(QmpEndpoint endpoint) {
        // The core's connect timer fires first; the grace only guards against it not firing.
        return connectWithin(endpoint, Await.withGrace(client.options().connectTimeout()));
    }

    /**
     * Connects and waits for command mode at most {@code timeout} (the client's connect timeout
     * still applies: the shorter wins). On timeout or interrupt the attempt is abandoned: a
     * session that reaches command mode afterwards is closed at once, so nothing leaks.
     *
     * @param endpoint where the server listens
     * @param timeout how long to wait for command mode
     * @return a session in command mode; close it when done
     * @throws QmpTimeoutException when command mode was not reached in time
     * @throws QmpException as {@link #connect(QmpEndpoint)}
     */
    public BlockingQmpSession connect(QmpEndpoint endpoint, Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        return connectWithin(endpoint, Await.nanos(Await.positive(timeout, "timeout")));
    }

    private BlockingQmpSession connectWithin(QmpEndpoint endpoint, long waitNanos) {
        Await.checkNotInterrupted("connecting to " + endpoint);
        return SessionWait.await(client.connect(endpoint), waitNanos, "connecting to " + endpoint,
                "command mode on " + endpoint);
    }

    /**
     * Listens on an endpoint so that QEMU can connect to it ({@code -qmp unix:PATH} without
     * {@code server=on}), as {@link QmpClient#listen(QmpEndpoint)} does: the race-free way to
     * start QEMU. The socket is bound before this returns.
     *
     * @param endpoint where to listen; for UNIX the path must not exist yet
     * @return the listener; {@link BlockingQmpListener#accept(Duration)} waits for sessions in
     *     command mode; close it when done
     * @throws dev.qmp4j.core.QmpConnectionException when the socket cannot be bound
     * @throws dev.qmp4j.core.QmpClosedException after the client was closed
     */
    public BlockingQmpListener listen(QmpEndpoint endpoint) {
        return BlockingQmpListener.of(client.listen(endpoint));
    }

    /**
     * The underlying asynchronous client.
     *
     * @return the client
     */
    public QmpClient async() {
        return client;
    }

    /**
     * Closes the underlying client, with every session it opened, when this object owns it
     * ({@link #create()}); does nothing for a client wrapped with {@link #of(QmpClient)}.
     * Idempotent.
     */
    @Override
    public void close() {
        if (owned) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "BlockingQmpClient[" + (owned ? "owned" : "view") + "]";
    }
}

package dev.qmp4j.reactive;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSession;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The Reactor entry point: a {@link QmpClient} whose {@link #connect(QmpEndpoint)} and
 * {@link #listen(QmpEndpoint)} return {@link Mono}s. Create one per application, close it at the
 * end.
 *
 * <pre>{@code
 * try (ReactiveQmpClient client = ReactiveQmpClient.create()) {
 *     client.connect(QmpEndpoint.unix(Path.of("/run/vm1.qmp")))
 *             .flatMap(session -> session.execute("query-status").doFinally(s -> session.close()))
 *             .subscribe(status -> System.out.println(status));
 * }
 * }</pre>
 *
 * <p>Signals arrive on the core's callback executor (see {@link QmpClientOptions}), never on
 * an I/O thread. Thread-safe.
 */
public final class ReactiveQmpClient implements AutoCloseable {
    private final QmpClient client;
    private final boolean owned;

    private ReactiveQmpClient(QmpClient client, boolean owned) {
        this.client = client;
        this.owned = owned;
    }

    /**
     * A client with default options, owning a new {@link QmpClient}.
     *
     * @return a new client; close it when done
     */
    public static ReactiveQmpClient create() {
        return new ReactiveQmpClient(QmpClient.create(), true);
    }

    /**
     * A client with the given options, owning a new {@link QmpClient}.
     *
     * @param options the options
     * @return a new client; close it when done
     */
    public static ReactiveQmpClient create(QmpClientOptions options) {
        return new ReactiveQmpClient(QmpClient.create(Objects.requireNonNull(options, "options")), true);
    }

    /**
     * A view of an existing client, for code that mixes the async and Reactor APIs. The view
     * does not own it: {@link #close()} then leaves the client and its sessions open, and the
     * caller closes the client.
     *
     * @param client the client to wrap
     * @return the Reactor view
     */
    public static ReactiveQmpClient of(QmpClient client) {
        return new ReactiveQmpClient(Objects.requireNonNull(client, "client"), false);
    }

    /**
     * The client's options.
     *
     * @return the options of the wrapped {@link QmpClient}
     */
    public QmpClientOptions options() {
        return client.options();
    }

    /**
     * Connects to a QMP server, as {@link QmpClient#connect(QmpEndpoint)} does, and emits the
     * session once it is in command mode.
     *
     * <p>Cold: nothing connects before subscription, and each subscription opens its own
     * session (so {@code retry()} reconnects). The subscriber owns the session it receives and
     * closes it. Cancelling before command mode aborts the connection attempt and closes its
     * socket, so no session leaks.
     *
     * @param endpoint where the server listens
     * @return the session in command mode; errors as {@link QmpClient#connect(QmpEndpoint)} fails
     */
    public Mono<ReactiveQmpSession> connect(QmpEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        // Cancelling cancels the core's connect, which then closes the connection; a session that
        // completed just before the cancel is discarded, and closed here.
        return Mono.fromFuture(() -> client.connect(endpoint), false)
                .doOnDiscard(QmpSession.class, QmpSession::close)
                .map(ReactiveQmpSession::of);
    }

    /**
     * Listens on an endpoint so that QEMU can connect to it ({@code -qmp unix:PATH} without
     * {@code server=on}), as {@link QmpClient#listen(QmpEndpoint)} does: the race-free way to
     * start QEMU.
     *
     * <p>Cold: the socket is bound on subscription, and each subscription binds its own listener,
     * which the subscriber owns and closes. Start QEMU once the listener has been emitted: the
     * socket exists by then.
     *
     * @param endpoint where to listen; for UNIX the path must not exist yet
     * @return the bound listener; errors with {@link dev.qmp4j.core.QmpConnectionException} when
     *     the socket cannot be bound, {@link dev.qmp4j.core.QmpClosedException} after
     *     {@link #close()}
     */
    public Mono<ReactiveQmpListener> listen(QmpEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        // A listener bound just as the subscriber cancelled is discarded, and closed here.
        return Mono.fromCallable(() -> ReactiveQmpListener.of(client.listen(endpoint)))
                .doOnDiscard(ReactiveQmpListener.class, ReactiveQmpListener::close);
    }

    /**
     * The wrapped asynchronous client.
     *
     * @return the core client
     */
    public QmpClient async() {
        return client;
    }

    /**
     * Closes the owned {@link QmpClient}: every session and listener, then its threads.
     * Idempotent; blocks until the threads have ended (bounded). Does nothing for a client made
     * with {@link #of(QmpClient)}.
     */
    @Override
    public void close() {
        if (owned) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "ReactiveQmpClient[" + (owned ? "owned" : "view") + "]";
    }
}

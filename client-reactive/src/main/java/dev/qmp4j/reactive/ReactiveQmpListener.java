package dev.qmp4j.reactive;

import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A {@link QmpListener} seen through Reactor: a bound socket that QEMU connects to
 * ({@code -qmp unix:PATH} without {@code server=on}), whose {@link #accept()} is a {@link Mono}.
 * Obtained from {@link ReactiveQmpClient#listen(QmpEndpoint)}.
 *
 * <pre>{@code
 * client.listen(QmpEndpoint.unix(socket))
 *         .flatMap(listener -> listener.accept()            // QEMU started with -qmp unix:SOCKET
 *                 .doFinally(signal -> listener.close()))
 *         .flatMap(session -> session.execute("query-status").doFinally(signal -> session.close()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ReactiveQmpListener implements AutoCloseable {
    private final QmpListener listener;

    private ReactiveQmpListener(QmpListener listener) {
        this.listener = listener;
    }

    /**
     * A Reactor view of a listener. {@link #close()} closes the listener itself.
     *
     * @param listener a bound listener
     * @return the view
     */
    public static ReactiveQmpListener of(QmpListener listener) {
        return new ReactiveQmpListener(Objects.requireNonNull(listener, "listener"));
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
     * Takes the next connection and negotiates it, as {@link QmpListener#accept()} does, and emits
     * the session once it is in command mode.
     *
     * <p>Cold: each subscription takes one connection of its own. Connections are accepted only
     * while a subscription waits; the client's connect timeout applies from the moment a
     * connection arrives. The subscriber owns the session it receives and closes it. Cancelling
     * gives up the wait, or, once a connection arrived, closes it, so no session leaks.
     *
     * @return the session in command mode; errors with {@link dev.qmp4j.core.QmpClosedException}
     *     once the listener is closed, and as {@link ReactiveQmpClient#connect(QmpEndpoint)} does
     *     for the negotiation
     */
    public Mono<ReactiveQmpSession> accept() {
        // As in connect: cancelling cancels the core's accept, which closes a connection it took;
        // a session that completed just before the cancel is discarded, and closed here.
        return Mono.fromFuture(listener::accept, false)
                .doOnDiscard(QmpSession.class, QmpSession::close)
                .map(ReactiveQmpSession::of);
    }

    /**
     * The wrapped asynchronous listener.
     *
     * @return the core listener
     */
    public QmpListener async() {
        return listener;
    }

    /**
     * Stops listening: waiting accepts error with {@link dev.qmp4j.core.QmpClosedException} and,
     * for UNIX sockets, the socket file is deleted. Sessions already accepted stay open.
     * Idempotent.
     */
    @Override
    public void close() {
        listener.close();
    }

    @Override
    public String toString() {
        return "ReactiveQmpListener[" + listener.endpoint() + "]";
    }
}

package dev.qmp4j.testkit;

import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.testkit.internal.SimulatorServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An embedded QMP server that behaves like QEMU 7.2, for tests: real sockets, real bytes.
 *
 * <p>It greets, negotiates capabilities and answers {@code qmp_capabilities}, {@code query-status},
 * {@code stop}, {@code cont}, {@code system_reset}, {@code system_powerdown}, {@code quit},
 * {@code query-version}, {@code query-name}, {@code query-commands}, {@code query-yank} and
 * {@code yank} with QEMU's texts and events; tests add handlers for anything else, push events,
 * inspect what clients sent and inject faults (see {@link QmpSimulatorOptions}).
 *
 * <p>Threads: one I/O thread ({@code qmp-simulator-io-N}) runs all sockets and every command
 * handler; one timer thread ({@code qmp-simulator-timer-N}) only schedules delays. Both end on
 * {@link #close()}. As in QEMU, in-band commands of a session run one at a time in arrival order,
 * out-of-band ones at once; run state (prelaunch/running/paused) is shared by all sessions, and
 * events from {@code stop}, {@code cont} and the like go to every session in command mode.
 * {@code quit} ends the whole simulated QEMU: SHUTDOWN, the reply, then every session closes and
 * new connections are refused (call {@link #close()} still, to release everything).
 */
public final class QmpSimulator implements AutoCloseable {
    private final SimulatorServer server;

    private QmpSimulator(SimulatorServer server) {
        this.server = server;
    }

    /**
     * Starts a simulator with the defaults (fresh UNIX socket, QEMU 7.2, prelaunch).
     *
     * @return the running simulator
     * @throws java.io.UncheckedIOException if it cannot listen
     */
    public static QmpSimulator start() {
        return start(QmpSimulatorOptions.defaults());
    }

    /**
     * Starts a simulator.
     *
     * @param options the options
     * @return the running simulator
     * @throws java.io.UncheckedIOException if it cannot listen
     */
    public static QmpSimulator start(QmpSimulatorOptions options) {
        return new QmpSimulator(SimulatorServer.start(Objects.requireNonNull(options, "options")));
    }

    /**
     * A builder for options, with {@link QmpSimulatorOptions.Builder#start()} to start directly.
     *
     * @return a new builder with the defaults
     */
    public static QmpSimulatorOptions.Builder builder() {
        return QmpSimulatorOptions.builder();
    }

    /**
     * Where clients connect.
     *
     * @return the bound endpoint (for TCP with the actual port)
     */
    public QmpEndpoint endpoint() {
        return server.endpoint();
    }

    /**
     * The options it was started with.
     *
     * @return the options
     */
    public QmpSimulatorOptions options() {
        return server.options();
    }

    /**
     * Adds or replaces an in-band command handler (taking precedence over a built-in command of
     * the same name). Affects commands that arrive afterwards.
     *
     * @param command command name
     * @param handler the handler
     */
    public void addHandler(String command, QmpCommandHandler handler) {
        server.addHandler(Objects.requireNonNull(command, "command"), Objects.requireNonNull(handler, "handler"), false);
    }

    /**
     * Adds or replaces a handler for a command that also accepts {@code exec-oob}.
     *
     * @param command command name
     * @param handler the handler
     */
    public void addOobHandler(String command, QmpCommandHandler handler) {
        server.addHandler(Objects.requireNonNull(command, "command"), Objects.requireNonNull(handler, "handler"), true);
    }

    /**
     * Sends an event to every session in command mode (sessions still negotiating do not get it,
     * as in QEMU). Events pushed before a client sends a command are written before its reply.
     *
     * @param event the event
     */
    public void pushEvent(SimulatedEvent event) {
        server.broadcast(Objects.requireNonNull(event, "event"));
    }

    /**
     * The sessions still open, in accept order.
     *
     * @return a snapshot
     */
    public List<SimulatedSession> sessions() {
        return server.sessions();
    }

    /**
     * Returns the next accepted session that this method has not returned yet, waiting for it to
     * connect if needed. Sessions are returned in accept order, closed ones included.
     *
     * @param timeout how long to wait
     * @return the session
     * @throws SimulatorTimeoutException if none connects in time
     */
    public SimulatedSession awaitSession(Duration timeout) {
        return server.awaitSession(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * The simulated VM's run state.
     *
     * @return the current state
     */
    public SimulatedRunState runState() {
        return server.runState();
    }

    /**
     * Whether a client sent {@code quit}.
     *
     * @return true after quit
     */
    public boolean hasQuit() {
        return server.hasQuit();
    }

    /**
     * Closes all sessions and the listener, ends both threads and deletes the socket file and the
     * temporary directory it created. Idempotent.
     */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "QmpSimulator[" + endpoint() + "]";
    }
}

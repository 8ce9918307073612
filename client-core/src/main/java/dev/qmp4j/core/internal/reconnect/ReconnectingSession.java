package dev.qmp4j.core.internal.reconnect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.DisconnectedCalls;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpLimitExceededException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.core.internal.AwaitedCommands;
import dev.qmp4j.core.internal.Callbacks;
import dev.qmp4j.core.internal.Durations;
import dev.qmp4j.core.internal.Futures;
import dev.qmp4j.core.internal.events.EventHub;
import dev.qmp4j.core.internal.session.SessionEngine;
import dev.qmp4j.core.internal.transport.EventLoop;
import dev.qmp4j.core.schema.QmpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session that outlives its connections: it owns the engine of the current connection and, when
 * that connection is lost, waits (see {@link Backoff}), opens another engine and takes it over once
 * in command mode. Each engine is used as it is: its commands, its greeting, its schema cache. What
 * must outlive an engine lives here: the event subscriptions (an {@link EventHub} every engine of
 * the session delivers to), the connection changes, the calls waiting for a connection, and the end.
 *
 * <p>Waiting commands of a lost connection fail with the engine's cause, as without reconnection;
 * none is sent again. Thread-safe.
 */
public final class ReconnectingSession implements QmpSession, AwaitedCommands {
    private static final Logger log = LoggerFactory.getLogger(ReconnectingSession.class);

    /** Opens one connection of a session, as the client opens any. */
    public interface Connector {
        /**
         * An engine, not started yet, that delivers its events to {@code events} and completes
         * {@code connected} in command mode (or fails it).
         *
         * @param events the session's event subscriptions
         * @param connected completed by the engine
         * @return the engine
         */
        SessionEngine open(EventHub events, CompletableFuture<QmpSession> connected);
    }

    private final QmpEndpoint endpoint;
    private final QmpClientOptions options;
    private final ReconnectOptions reconnect;
    private final Callbacks callbacks;
    private final EventLoop timers;
    private final Connector connector;
    private final Consumer<ReconnectingSession> onClosed;
    private final EventHub events;
    private final ChangeHub changes;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    /** Guards the fields below. */
    private final Object lock = new Object();
    /** The session of the connection in command mode; null while disconnected. */
    private QmpSession current;
    /** The engine of the current connection, or of the attempt under way. */
    private SessionEngine engine;
    private QmpGreeting greeting;
    private Set<String> enabled = Set.of();
    /** Why the last connection was lost, while disconnected. */
    private QmpException lost;
    /** Attempts since the connection was lost. */
    private int attempts;
    private LoopDelay backoff;
    private final List<WaitingCall<?>> waiting = new ArrayList<>();
    /** Why the session ended for good; null until it has. */
    private QmpException end;

    private ReconnectingSession(QmpEndpoint endpoint, QmpClientOptions options, Callbacks callbacks, EventLoop timers,
            Connector connector, Consumer<ReconnectingSession> onClosed) {
        this.endpoint = endpoint;
        this.options = options;
        this.reconnect = options.reconnect();
        this.callbacks = callbacks;
        this.timers = timers;
        this.connector = connector;
        this.onClosed = onClosed;
        this.events = new EventHub(callbacks);
        this.changes = new ChangeHub(callbacks);
    }

    /**
     * Connects for the first time. That first connection is not retried: the session is handed out
     * in command mode, or the future fails as a plain connect does.
     *
     * @param timers the loop that keeps the session's timers (backoff, waiting calls)
     * @param register told of the new session before it connects, so that the client can close it
     * @param onClosed told once the session has ended for good
     * @return the session in command mode
     */
    public static CompletableFuture<QmpSession> connect(QmpEndpoint endpoint, QmpClientOptions options,
            Callbacks callbacks, EventLoop timers, Connector connector, Consumer<ReconnectingSession> register,
            Consumer<ReconnectingSession> onClosed) {
        ReconnectingSession session = new ReconnectingSession(endpoint, options, callbacks, timers, connector, onClosed);
        register.accept(session);
        CompletableFuture<QmpSession> first = new CompletableFuture<>();
        CompletableFuture<QmpSession> result = new CompletableFuture<>();
        result.whenComplete((s, error) -> {
            if (result.isCancelled()) {
                first.cancel(false); // the engine then closes its connection
            }
        });
        first.whenComplete((s, error) -> {
            if (error != null) {
                session.finish(failure(error), false);
                result.completeExceptionally(failure(error));
            } else if (session.adopt(s, 0) && !result.complete(session)) {
                session.close(); // the caller gave up just now: nobody will close it
            }
        });
        session.start(first);
        return result;
    }

    // ---- the connection's life ----

    /** Opens a connection that completes {@code connected}, unless the session has ended. */
    private void start(CompletableFuture<QmpSession> connected) {
        SessionEngine opened = connector.open(events, connected);
        boolean wanted;
        synchronized (lock) {
            wanted = end == null;
            if (wanted) {
                engine = opened;
            }
        }
        if (!wanted) {
            opened.close();
            return;
        }
        // On this thread, not the I/O thread: resolving a TCP host name may take a while. Should the
        // session end meanwhile, it closes this engine, which then does not start.
        opened.startConnect(endpoint.socketAddress());
    }

    /**
     * Takes over a connection in command mode; {@code attempt} is 0 for the first one. Returns false
     * when the session ended meanwhile (the connection is then closed).
     */
    private boolean adopt(QmpSession session, int attempt) {
        List<WaitingCall<?>> ready;
        synchronized (lock) {
            if (end != null) {
                ready = null;
            } else {
                current = session;
                greeting = session.greeting();
                enabled = session.enabledCapabilities();
                lost = null;
                attempts = 0;
                ready = new ArrayList<>(waiting);
                waiting.clear();
                changes.publish(attempt == 0 ? ConnectionChange.connected(greeting)
                        : ConnectionChange.reconnected(greeting, attempt));
            }
        }
        if (ready == null) {
            session.close();
            return false;
        }
        if (attempt > 0) {
            log.debug("{}: reconnected after {} attempts, QEMU {}", endpoint, attempt, session.greeting().version());
        }
        session.whenClosed().whenComplete((closed, error) -> lostConnection(session, error));
        ready.forEach(call -> call.runOn(session));
        return true;
    }

    /** A connection ended: by its owner (this session, or the client closing), or lost. */
    private void lostConnection(QmpSession session, Throwable error) {
        synchronized (lock) {
            if (current != session || end != null) {
                return;
            }
            current = null;
            engine = null;
            if (error != null) {
                lost = failure(error);
                attempts = 0;
                log.debug("{}: connection lost, reconnecting: {}", endpoint, lost.getMessage());
                changes.publish(ConnectionChange.disconnected(lost));
                scheduleAttempt();
                return;
            }
        }
        // Its engine was closed by someone else than this session: the client is closing.
        close();
    }

    /** Under the lock: the next attempt, after its backoff. */
    private void scheduleAttempt() {
        int attempt = ++attempts;
        Duration delay = Backoff.delay(reconnect, attempt, ThreadLocalRandom.current().nextDouble());
        backoff = LoopDelay.start(timers, delay.toNanos(), () -> callbacks.run(() -> attempt(attempt)));
    }

    private void attempt(int attempt) {
        synchronized (lock) {
            if (end != null || current != null || attempts != attempt) {
                return;
            }
        }
        CompletableFuture<QmpSession> connected = new CompletableFuture<>();
        connected.whenComplete((session, error) -> {
            if (error == null) {
                adopt(session, attempt);
            } else {
                attemptFailed(attempt, failure(error));
            }
        });
        start(connected);
    }

    private void attemptFailed(int attempt, QmpException error) {
        QmpException gaveUp;
        synchronized (lock) {
            if (end != null || attempts != attempt) {
                return;
            }
            engine = null;
            if (reconnect.maxAttempts().isEmpty() || attempt < reconnect.maxAttempts().getAsInt()) {
                log.debug("{}: reconnection attempt {} failed: {}", endpoint, attempt, error.getMessage());
                scheduleAttempt();
                return;
            }
            gaveUp = new QmpConnectionException("gave up reconnecting to " + endpoint + " after " + attempt
                    + (attempt == 1 ? " attempt" : " attempts") + "; the connection was lost: " + lost.getMessage()
                    + "; the last attempt: " + error.getMessage(), lost);
            gaveUp.addSuppressed(error);
            changes.publish(ConnectionChange.gaveUp(gaveUp, attempt));
        }
        log.debug("{}", gaveUp.getMessage());
        finish(gaveUp, false);
    }

    /**
     * Ends the session for good: stops the backoff, closes the connection (its waiting commands
     * fail), fails the calls waiting for a connection, ends the subscriptions. Returns once the
     * socket is closed.
     */
    private void finish(QmpException reason, boolean byOwner) {
        SessionEngine open;
        LoopDelay timer;
        List<WaitingCall<?>> stranded;
        synchronized (lock) {
            if (end != null) {
                return;
            }
            end = reason;
            open = engine;
            timer = backoff;
            stranded = new ArrayList<>(waiting);
            engine = null;
            current = null;
            backoff = null;
            waiting.clear();
        }
        if (timer != null) {
            timer.cancel();
        }
        if (open != null) {
            open.close();
        }
        for (WaitingCall<?> call : stranded) {
            call.fail(laterCallFailure(call.command()));
        }
        events.terminate(reason);
        changes.end(reason);
        callbacks.run(() -> {
            if (byOwner) {
                closeFuture.complete(null);
            } else {
                closeFuture.completeExceptionally(reason);
            }
        });
        onClosed.accept(this);
    }

    // ---- calls ----

    /**
     * Runs a call on the current connection; while disconnected, fails it at once or lets it wait,
     * as the options say.
     */
    private <T> CompletableFuture<T> call(String command, Duration timeout,
            BiFunction<QmpSession, Duration, CompletableFuture<T>> action) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + Durations.text(timeout));
        }
        QmpSession session;
        synchronized (lock) {
            if (end != null) {
                return CompletableFuture.failedFuture(laterCallFailure(command));
            }
            session = current;
            boolean connected = session != null && session.state() == QmpSessionState.READY;
            if (!connected && reconnect.disconnectedCalls() == DisconnectedCalls.WAIT) {
                if (waiting.size() >= options.maxPendingCommands()) {
                    return CompletableFuture.failedFuture(new QmpLimitExceededException("cannot run " + command + ": "
                            + options.maxPendingCommands() + " calls already wait for the session to reconnect"
                            + " (maxPendingCommands)"));
                }
                WaitingCall<T> call = new WaitingCall<>(command, timeout, action, callbacks, timers, endpoint.toString(),
                        this::forget);
                waiting.add(call);
                return call.future;
            }
            if (session == null) {
                return CompletableFuture.failedFuture(new QmpConnectionException("cannot run " + command
                        + ": the connection to " + endpoint + " was lost and is not re-established yet: "
                        + lost.getMessage(), lost));
            }
        }
        // Connected, or the connection has just ended and its engine fails the call at once.
        return action.apply(session, timeout);
    }

    private void forget(WaitingCall<?> call) {
        synchronized (lock) {
            waiting.remove(call);
        }
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command) {
        return execute(command, null, options.commandTimeout());
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command, JsonObject arguments) {
        return execute(command, arguments, options.commandTimeout());
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command, JsonObject arguments, Duration timeout) {
        JsonObject copy = arguments == null ? null : arguments.deepCopy(); // it may be sent later
        return call(command, timeout, (session, left) -> session.execute(command, copy, left));
    }

    @Override
    public CompletableFuture<JsonElement> executeOutOfBand(String command, JsonObject arguments, Duration timeout) {
        JsonObject copy = arguments == null ? null : arguments.deepCopy();
        return call(command, timeout, (session, left) -> session.executeOutOfBand(command, copy, left));
    }

    @Override
    public CompletableFuture<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors) {
        return executeWithFileDescriptors(command, arguments, descriptors, options.commandTimeout());
    }

    @Override
    public CompletableFuture<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors, Duration timeout) {
        Objects.requireNonNull(descriptors, "descriptors");
        JsonObject copy = arguments == null ? null : arguments.deepCopy();
        return call(command, timeout,
                (session, left) -> session.executeWithFileDescriptors(command, copy, descriptors, left));
    }

    @Override
    public CompletableFuture<JsonElement> executeAwaited(String command, JsonObject arguments, Duration timeout,
            boolean outOfBand) {
        JsonObject copy = arguments == null ? null : arguments.deepCopy();
        return call(command, timeout, (session, left) -> session instanceof AwaitedCommands direct
                ? direct.executeAwaited(command, copy, left, outOfBand)
                : outOfBand ? session.executeOutOfBand(command, copy, left) : session.execute(command, copy, left));
    }

    @Override
    public CompletableFuture<QmpEvent> executeAndAwaitEvent(String command, JsonObject arguments, String eventName,
            Predicate<QmpEvent> matches, Duration timeout) {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(matches, "matches");
        JsonObject copy = arguments == null ? null : arguments.deepCopy();
        return call(command, timeout,
                (session, left) -> session.executeAndAwaitEvent(command, copy, eventName, matches, left));
    }

    /** Each connection's schema, fetched once per connection: a new server may have another. */
    @Override
    public CompletableFuture<QmpSchema> schema() {
        return call("query-qmp-schema", options.commandTimeout(), (session, left) -> session.schema());
    }

    @Override
    public EventSubscription subscribe() {
        return events.subscribe(EventSubscriptionOptions.defaults());
    }

    @Override
    public EventSubscription subscribe(String... eventNames) {
        return events.subscribe(EventSubscriptionOptions.builder().eventNames(eventNames).build());
    }

    @Override
    public EventSubscription subscribe(EventSubscriptionOptions options) {
        return events.subscribe(Objects.requireNonNull(options, "options"));
    }

    @Override
    public ConnectionChanges connectionChanges() {
        return changes.subscribe();
    }

    // ---- state ----

    /** The greeting of the current connection, or of the last one while disconnected. */
    @Override
    public QmpGreeting greeting() {
        synchronized (lock) {
            return greeting;
        }
    }

    @Override
    public Set<String> enabledCapabilities() {
        synchronized (lock) {
            return enabled;
        }
    }

    @Override
    public QmpEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public QmpClientOptions options() {
        return options;
    }

    @Override
    public QmpSessionState state() {
        synchronized (lock) {
            if (end != null) {
                return QmpSessionState.CLOSED;
            }
            return current != null && current.state() == QmpSessionState.READY ? QmpSessionState.READY
                    : QmpSessionState.CONNECTING;
        }
    }

    @Override
    public CompletableFuture<Void> whenClosed() {
        return Futures.follow(closeFuture);
    }

    /** Ends the session for good, also during a backoff or an attempt; returns once the socket is closed. */
    @Override
    public void close() {
        finish(new QmpClosedException("session " + endpoint + " was closed"), true);
    }

    @Override
    public String toString() {
        return "QmpSession[" + endpoint + ", " + state() + ", reconnecting]";
    }

    /** The failure of a call made after the session ended: of the same kind as the end. */
    private QmpException laterCallFailure(String command) {
        QmpException reason;
        synchronized (lock) {
            reason = end;
        }
        String message = "cannot run " + command + ": session " + endpoint + " has ended: " + reason.getMessage();
        return reason instanceof QmpClosedException ? new QmpClosedException(message, reason)
                : new QmpConnectionException(message, reason);
    }

    /** A connection's failure as a {@link QmpException}: the engine's own, unwrapped. */
    private static QmpException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
        if (cause instanceof QmpException q) {
            return q;
        }
        if (cause instanceof CancellationException) {
            return new QmpClosedException("connecting was cancelled", cause);
        }
        return new QmpConnectionException("connection failed: " + cause, cause);
    }
}

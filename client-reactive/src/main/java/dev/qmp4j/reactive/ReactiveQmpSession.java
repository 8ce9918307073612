package dev.qmp4j.reactive;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.core.typed.QmpEventType;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * A QMP session in command mode, seen through Reactor: the methods of {@link QmpSession} with
 * {@link Mono} and {@link Flux} results.
 *
 * <p>Commands are cold: nothing is sent until a subscription, each subscription sends the
 * command again, and cancelling before the reply gives it up (a command not yet written is never
 * sent; the late reply of one already sent is dropped by the core). Events are hot: each
 * subscriber of a {@link #subscribe(String...)} Flux sees the events that arrive after it
 * subscribed.
 *
 * <p>Signals arrive on the client's callback executor, never on an I/O thread. Thread-safe.
 */
public final class ReactiveQmpSession implements AutoCloseable {
    private final QmpSession session;

    private ReactiveQmpSession(QmpSession session) {
        this.session = session;
    }

    /**
     * A Reactor view of a session. {@link #close()} closes the session itself.
     *
     * @param session a session in command mode
     * @return the view
     */
    public static ReactiveQmpSession of(QmpSession session) {
        return new ReactiveQmpSession(Objects.requireNonNull(session, "session"));
    }

    /**
     * The greeting the server sent.
     *
     * @return the greeting
     */
    public QmpGreeting greeting() {
        return session.greeting();
    }

    /**
     * The capabilities enabled by negotiation.
     *
     * @return the enabled capabilities, possibly empty
     */
    public Set<String> enabledCapabilities() {
        return session.enabledCapabilities();
    }

    /**
     * Where this session is connected.
     *
     * @return the endpoint
     */
    public QmpEndpoint endpoint() {
        return session.endpoint();
    }

    /**
     * The options of the client that opened the session, such as its default command timeout.
     *
     * @return the options
     */
    public QmpClientOptions options() {
        return session.options();
    }

    /**
     * The session's state: {@link QmpSessionState#READY} until it closes;
     * {@link QmpSessionState#CONNECTING} while a reconnecting session is disconnected.
     *
     * @return the current state
     */
    public QmpSessionState state() {
        return session.state();
    }

    /**
     * Runs a command without arguments, with the client's default timeout.
     *
     * @param command the command name, such as {@code query-status}
     * @return a cold Mono of the command's {@code return} value; errors with
     *     {@link QmpCommandException} when the server answers with an error,
     *     {@link QmpTimeoutException} when no reply comes in time
     */
    public Mono<JsonElement> execute(String command) {
        Objects.requireNonNull(command, "command");
        return cold(() -> session.execute(command));
    }

    /**
     * Runs a command with arguments, with the client's default timeout.
     *
     * @param command the command name
     * @param arguments the {@code arguments} object, or null; copied now, so every subscription
     *     sends what it held at this call
     * @return a cold Mono of the command's {@code return} value, as for {@link #execute(String)}
     */
    public Mono<JsonElement> execute(String command, JsonObject arguments) {
        Objects.requireNonNull(command, "command");
        JsonObject copy = copy(arguments);
        return cold(() -> session.execute(command, copy));
    }

    /**
     * Runs a command with arguments and its own timeout.
     *
     * @param command the command name
     * @param arguments the {@code arguments} object, or null; copied now
     * @param timeout time until the reply, counted from each subscription
     * @return a cold Mono of the command's {@code return} value, as for {@link #execute(String)}
     */
    public Mono<JsonElement> execute(String command, JsonObject arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        JsonObject copy = copy(arguments);
        return cold(() -> session.execute(command, copy, timeout));
    }

    /**
     * Runs a command with file descriptors sent along, with the client's default timeout, as
     * {@link QmpSession#executeWithFileDescriptors(String, JsonObject, QmpFileDescriptors)} does.
     *
     * @param command the command name, such as {@code getfd} or {@code add-fd}
     * @param arguments the {@code arguments} object, or null; copied now
     * @param descriptors the descriptors to send, or the file to open and send; duplicated (or
     *     opened) on each subscription, and closed again once sent
     * @return a cold Mono of the command's {@code return} value; errors, with nothing sent, when
     *     the session cannot pass descriptors or a descriptor or file cannot be had
     */
    public Mono<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors) {
        return executeWithFileDescriptors(command, arguments, descriptors, session.options().commandTimeout());
    }

    /**
     * Runs a command with file descriptors sent along and its own timeout, as
     * {@link QmpSession#executeWithFileDescriptors(String, JsonObject, QmpFileDescriptors, Duration)} does.
     *
     * @param command the command name, such as {@code getfd} or {@code add-fd}
     * @param arguments the {@code arguments} object, or null; copied now
     * @param descriptors the descriptors to send, or the file to open and send; duplicated (or
     *     opened) on each subscription, and closed again once sent
     * @param timeout time until the reply, counted from each subscription
     * @return a cold Mono of the command's {@code return} value, as the method without timeout
     */
    public Mono<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(descriptors, "descriptors");
        Objects.requireNonNull(timeout, "timeout");
        JsonObject copy = copy(arguments);
        return cold(() -> session.executeWithFileDescriptors(command, copy, descriptors, timeout));
    }

    /**
     * Runs a command out of band ({@code exec-oob}), as
     * {@link QmpSession#executeOutOfBand(String, JsonObject, Duration)} does.
     *
     * @param command the command name, such as {@code migrate-pause}
     * @param arguments the {@code arguments} object, or null; copied now
     * @param timeout time until the reply, counted from each subscription
     * @return a cold Mono of the command's {@code return} value; errors at once when {@code oob}
     *     was not negotiated
     */
    public Mono<JsonElement> executeOutOfBand(String command, JsonObject arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        JsonObject copy = copy(arguments);
        return cold(() -> session.executeOutOfBand(command, copy, timeout));
    }

    /**
     * Runs a command and waits for the event it causes, race-free, as
     * {@link QmpSession#executeAndAwaitEvent(String, JsonObject, String, Predicate, Duration)}
     * does: the event subscription is taken before the command is sent.
     *
     * @param command the command name, such as {@code device_del}
     * @param arguments the command's arguments, or null; copied now
     * @param eventName the event to wait for, such as {@code DEVICE_DELETED}
     * @param matches which of those events is the one
     * @param timeout time for the command's reply and for the event, each
     * @return a cold Mono of the first matching event after the command was sent; errors with
     *     the command's error, or {@link QmpTimeoutException} when no matching event came in time.
     *     Cancelling stops the wait (the command itself, once sent, still runs in QEMU)
     */
    public Mono<QmpEvent> executeAndAwaitEvent(String command, JsonObject arguments, String eventName,
            Predicate<QmpEvent> matches, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(matches, "matches");
        Objects.requireNonNull(timeout, "timeout");
        JsonObject copy = copy(arguments);
        return cold(() -> session.executeAndAwaitEvent(command, copy, eventName, matches, timeout));
    }

    /**
     * Subscribes to every event, with the default buffer and overflow policy.
     *
     * @return a hot Flux of events, as for {@link #subscribe(EventSubscriptionOptions)}
     */
    public Flux<QmpEvent> subscribe() {
        return subscribe(EventSubscriptionOptions.defaults());
    }

    /**
     * Subscribes to the events with the given names, with the default buffer and overflow policy.
     *
     * @param eventNames names such as {@code STOP}, {@code RESUME}; none means every event
     * @return a hot Flux of events, as for {@link #subscribe(EventSubscriptionOptions)}
     */
    public Flux<QmpEvent> subscribe(String... eventNames) {
        return subscribe(EventSubscriptionOptions.builder().eventNames(eventNames).build());
    }

    /**
     * Subscribes with explicit options, as {@link QmpSession#subscribe(EventSubscriptionOptions)}
     * does, once per subscriber of the returned Flux.
     *
     * <p>Hot: each subscriber gets its own core {@link EventSubscription}, taken when it
     * subscribes to the Flux (not when this method is called), and sees the events that arrive
     * from then on (none are replayed). That subscription's bounded buffer is the only one: events
     * are taken from it only as the subscriber requests them, so a slow subscriber fills it and
     * then meets the options' {@link dev.qmp4j.core.EventOverflowPolicy}, without affecting
     * commands or other subscribers. Cancelling closes the core subscription. Events are
     * signalled on the client's callback executor: move slow work elsewhere with
     * {@code publishOn}, so that other futures of the client are not held up.
     *
     * <p>The Flux completes when the session is closed with {@link #close()}, and errors with
     * {@link QmpConnectionException} or {@link QmpProtocolException} when the connection is lost
     * and with {@link QmpEventOverflowException} when a {@code FAIL} buffer overflowed (after the
     * events buffered before the end). A reconnecting session's Flux goes on across a lost
     * connection and errors only when the session gives up.
     *
     * @param options names, buffer size and overflow policy
     * @return a hot Flux of events
     */
    public Flux<QmpEvent> subscribe(EventSubscriptionOptions options) {
        Objects.requireNonNull(options, "options");
        return pull(() -> session.subscribe(options), EventSubscription::next, EventSubscription::close);
    }

    /**
     * Subscribes to one event type, decoded: {@code subscribe(ShutdownEvent.TYPE)}; hot, as
     * {@link #subscribe(EventSubscriptionOptions)}.
     *
     * @param type the generated type's {@code TYPE} constant
     * @param <T> the event's data type
     * @return a hot Flux of the decoded events; errors with a {@link QmpProtocolException} when
     *     one cannot be decoded
     */
    public <T> Flux<T> subscribe(QmpEventType<T> type) {
        Objects.requireNonNull(type, "type");
        return subscribe(type.name()).map(event -> type.decode(event, greeting().version()));
    }

    /**
     * The steps of the session's connection, as {@link QmpSession#connectionChanges()}: each
     * subscriber gets its own core {@link ConnectionChanges}, taken when it subscribes, and sees
     * first where the connection is then ({@code CONNECTED}, {@code RECONNECTED} or
     * {@code DISCONNECTED}), then each change. The Flux completes when the session is closed and
     * errors with the cause when it ends otherwise (a lost connection without reconnection, or a
     * reconnecting session that gave up), after the change that says so. Cancelling closes the core
     * subscription.
     *
     * @return a Flux of the connection's changes
     */
    public Flux<ConnectionChange> connectionChanges() {
        return pull(session::connectionChanges, ConnectionChanges::next, ConnectionChanges::close);
    }

    /**
     * The server's schema, fetched once per session (see {@link QmpSession#schema()}); cold, and
     * cancelling does not disturb the shared fetch.
     *
     * @return the schema
     */
    public Mono<QmpSchema> schema() {
        return Mono.fromFuture(session::schema, true);
    }

    /**
     * When the session has closed, as {@link QmpSession#whenClosed()}: completes once it was closed
     * by its owner ({@link #close()}, or the client's close), and errors with the cause (a
     * {@link QmpConnectionException} or {@link QmpProtocolException}) once the connection was
     * lost or broken, which includes QEMU closing it after {@code quit} (a reconnecting session: when
     * it gives up). Each subscriber waits on
     * its own core future, so cancelling affects neither the session nor other subscribers; one
     * that subscribes after the end gets the outcome at once.
     *
     * @return the end of the session
     */
    public Mono<Void> whenClosed() {
        return Mono.fromFuture(session::whenClosed, false);
    }

    /**
     * The wrapped asynchronous session.
     *
     * @return the core session
     */
    public QmpSession async() {
        return session;
    }

    /**
     * Closes the session: running commands error with {@link QmpClosedException}, event
     * Fluxes complete and the socket is closed. Idempotent; returns once the socket is closed.
     */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "Reactive" + session;
    }

    /** A Flux over a core subscription taken on each subscription, pulled only as requested. */
    private static <S, T> Flux<T> pull(Supplier<S> subscribe, Function<S, CompletableFuture<T>> next,
            Consumer<S> close) {
        // ERROR instead of BUFFER: Puller emits only under demand, so Reactor needs no queue of its
        // own, and a bug that emitted without demand would show instead of growing a queue.
        return Flux.create(sink -> {
            S subscription = subscribe.get();
            Puller.start(() -> next.apply(subscription), () -> close.accept(subscription), sink);
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /** A Mono that calls the core on each subscription and cancels the core's future on cancel. */
    private static <T> Mono<T> cold(Supplier<CompletableFuture<T>> call) {
        return Mono.fromFuture(call, false);
    }

    private static JsonObject copy(JsonObject arguments) {
        return arguments == null ? null : arguments.deepCopy();
    }
}

package dev.qmp4j.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.core.typed.QmpEventType;
import dev.qmp4j.core.typed.TypedEventSubscription;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A QMP connection in command mode: capabilities are negotiated, commands run and events flow.
 * Obtained from {@link QmpClient#connect(QmpEndpoint)} or {@link QmpListener#accept()}.
 *
 * <p>Thread-safe: any thread may run commands at any time, and many may be in flight; each
 * reply finds its own command: in-band ones by QEMU's order, out-of-band ones by id (see
 * {@link QmpClientOptions.Builder#inBandCommandIds}). Futures complete on the client's callback executor,
 * never on an I/O thread; code chained to them must not block, or it holds up the replies and
 * timeouts of others (see {@link QmpClientOptions.Builder#callbackExecutor}).
 *
 * <p>When the connection ends (EOF, I/O error, protocol error) every waiting command fails at
 * once with a {@link QmpConnectionException} or {@link QmpProtocolException} carrying the cause,
 * subscriptions end with it, and later calls fail fast. {@link #close()} ends the session on
 * purpose; what was waiting then fails with {@link QmpClosedException}.
 *
 * <p>With {@link QmpClientOptions#reconnect()} on, a session opened by
 * {@link QmpClient#connect(QmpEndpoint)} outlives its connection: waiting commands still fail at
 * once, but subscriptions go on, the session connects again (see {@link ReconnectOptions}) and
 * {@link #connectionChanges()} tells each step. It ends only when closed or when it gives up.
 */
public interface QmpSession extends AutoCloseable {

    /**
     * The greeting the server sent.
     *
     * @return the greeting
     */
    QmpGreeting greeting();

    /**
     * The capabilities enabled by negotiation: those both offered and wanted.
     *
     * @return the enabled capabilities, possibly empty
     */
    Set<String> enabledCapabilities();

    /**
     * Where this session is connected.
     *
     * @return the endpoint
     */
    QmpEndpoint endpoint();

    /**
     * The options of the client that opened the session, such as its default command timeout.
     *
     * @return the options
     */
    QmpClientOptions options();

    /**
     * The session's state: {@link QmpSessionState#READY} until it closes; a reconnecting session is
     * {@link QmpSessionState#CONNECTING} while its connection is lost and not yet re-established.
     *
     * @return the current state
     */
    QmpSessionState state();

    /**
     * The server's schema ({@code query-qmp-schema}), fetched on the first call and kept for the
     * session's life: what commands and events it has, and which arguments they take.
     *
     * @return the schema; a failed fetch is not kept, so a later call tries again
     */
    CompletableFuture<QmpSchema> schema();

    /**
     * Runs a command without arguments, with the client's default timeout.
     *
     * @param command the command name, such as {@code query-status}
     * @return the command's {@code return} value; fails with {@link QmpCommandException} when the
     *     server answers with an error, {@link QmpTimeoutException} when no reply comes in time
     */
    CompletableFuture<JsonElement> execute(String command);

    /**
     * Runs a command with arguments, with the client's default timeout.
     *
     * <p>This is the escape hatch: the command and its arguments are sent as given, unchecked.
     * Typed calls instead check both against the server's {@link #schema()} first and fail,
     * unsent, with {@link QmpUnsupportedCommandException} or {@link QmpArgumentMismatchException};
     * here the server itself answers, with a {@link QmpCommandException} when it objects.
     *
     * @param command the command name
     * @param arguments the {@code arguments} object (copied before this returns)
     * @return the command's {@code return} value, as for {@link #execute(String)}
     */
    CompletableFuture<JsonElement> execute(String command, JsonObject arguments);

    /**
     * Runs a command with arguments and its own timeout.
     *
     * @param command the command name
     * @param arguments the {@code arguments} object (copied before this returns)
     * @param timeout time until the reply; on expiry the future fails and a late reply is dropped
     * @return the command's {@code return} value, as for {@link #execute(String)}
     */
    CompletableFuture<JsonElement> execute(String command, JsonObject arguments, Duration timeout);

    /**
     * Runs a command with file descriptors, with the client's default timeout: see
     * {@link #executeWithFileDescriptors(String, JsonObject, QmpFileDescriptors, Duration)}.
     *
     * @param command the command name, such as {@code getfd} or {@code add-fd}
     * @param arguments the {@code arguments} object (copied before this returns), or null
     * @param descriptors the descriptors to send, or the file to open and send
     * @return the command's {@code return} value, failing as the method with a timeout does
     */
    CompletableFuture<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors);

    /**
     * Runs a command with file descriptors sent along (SCM_RIGHTS), as QEMU's {@code getfd} and
     * {@code add-fd} need them; QEMU then knows them by the {@code fdname} given to {@code getfd}
     * or as {@code /dev/fdset/N} after {@code add-fd}. The descriptors travel with the first bytes
     * of this command's message, in order with the session's other commands; a later command with
     * descriptors waits until this one's reply has come.
     *
     * <p>The SDK sends duplicates of the caller's descriptors, made before this returns, and
     * never closes the caller's own; a file it opens, and every duplicate, it closes once sent or
     * when the command fails before. See {@link QmpFileDescriptors}.
     *
     * <p>Needs a UNIX socket and a client with {@link QmpClientOptions#fileDescriptorPassing()}
     * on, which needs junixsocket at run time (see the README).
     *
     * @param command the command name, such as {@code getfd} or {@code add-fd}
     * @param arguments the {@code arguments} object (copied before this returns), or null
     * @param descriptors the descriptors to send, or the file to open and send
     * @param timeout time until the reply
     * @return the command's {@code return} value, as for {@link #execute(String)}; fails, with
     *     nothing sent, with {@link QmpException} saying why when the session cannot pass
     *     descriptors (a TCP endpoint, passing off for the client, junixsocket unusable here),
     *     when a descriptor is not open or the file cannot be opened, and with
     *     {@link QmpClosedException} or the connection's failure once the session has ended
     */
    CompletableFuture<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors, Duration timeout);

    /**
     * Runs a command out of band ({@code exec-oob}): the server runs it at once, even while
     * in-band commands wait, and its reply may overtake theirs. Needs the {@code oob}
     * capability; only commands the server marks {@code allow-oob} accept it.
     *
     * @param command the command name, such as {@code migrate-pause}
     * @param arguments the {@code arguments} object (copied before this returns)
     * @param timeout time until the reply
     * @return the command's {@code return} value; fails with {@link QmpException} at once when
     *     {@code oob} was not negotiated
     */
    CompletableFuture<JsonElement> executeOutOfBand(String command, JsonObject arguments, Duration timeout);

    /**
     * Runs a command and waits for the event it causes, race-free: the subscription is taken
     * <em>before</em> the command is sent, so the event cannot be missed however fast it comes.
     * For {@code device_del} and DEVICE_DELETED, job commands and JOB_STATUS_CHANGE,
     * {@code system_powerdown} and POWERDOWN (or, from a guest that obeys it, SHUTDOWN).
     *
     * @param command the command name
     * @param arguments the command's arguments, or null
     * @param eventName the event to wait for
     * @param matches which of those events is the one, such as one whose {@code device} is the id
     * @param timeout time for the command's reply and for the event, each
     * @return the first matching event after the command was sent (QEMU may emit it even before
     *     the command's reply); fails with the command's error when the command fails first, with
     *     what {@code matches} threw, or with {@link QmpTimeoutException} when no matching event
     *     came within {@code timeout} of the reply
     */
    CompletableFuture<QmpEvent> executeAndAwaitEvent(String command, JsonObject arguments, String eventName,
            Predicate<QmpEvent> matches, Duration timeout);

    /**
     * Subscribes to every event, with the default buffer and overflow policy.
     *
     * @return a new subscription; events that arrive from now on are buffered for it
     */
    EventSubscription subscribe();

    /**
     * Subscribes to the events with the given names, with the default buffer and overflow policy.
     *
     * @param eventNames names such as {@code STOP}, {@code RESUME}; none means every event
     * @return a new subscription
     */
    EventSubscription subscribe(String... eventNames);

    /**
     * Subscribes to one event type, decoded: {@code subscribe(ShutdownEvent.TYPE)}. Events of
     * that name which this version's types do not describe fail {@code next()} with a
     * {@link QmpProtocolException}; use the untyped {@link #subscribe(String...)} to see them raw.
     *
     * @param type the generated type's {@code TYPE} constant
     * @param <T> the event's data type
     * @return a new subscription with the default buffer and overflow policy
     */
    default <T> TypedEventSubscription<T> subscribe(QmpEventType<T> type) {
        return new TypedEventSubscription<>(subscribe(type.name()), type, greeting().version());
    }

    /**
     * Subscribes with explicit options.
     *
     * @param options names, buffer size and overflow policy
     * @return a new subscription
     */
    EventSubscription subscribe(EventSubscriptionOptions options);

    /**
     * The steps of the session's connection: a new subscription that starts with where the
     * connection is now ({@link ConnectionChange.Kind#CONNECTED} while on its first connection)
     * and then has each change. A session without reconnection has at most one more,
     * {@link ConnectionChange.Kind#DISCONNECTED} when the connection is lost; a reconnecting one has
     * {@code DISCONNECTED} and {@link ConnectionChange.Kind#RECONNECTED} for each gap, and
     * {@link ConnectionChange.Kind#GAVE_UP} if it gives up. The subscription ends with the session,
     * as {@link ConnectionChanges} describes.
     *
     * @return a new subscription; close it when done
     */
    ConnectionChanges connectionChanges();

    /**
     * When the session has closed: a future that completes normally once it was closed by its
     * owner ({@link #close()}, or the client's close), and exceptionally with the cause (a
     * {@link QmpConnectionException} or {@link QmpProtocolException}) once the connection was lost
     * or broken, which includes QEMU closing it after {@code quit}. A reconnecting session ends
     * only when closed or when it gives up: then the future fails with the give-up's
     * {@link QmpConnectionException}, whose cause is what ended the last connection.
     *
     * <p>Each call returns a new future, completed on the client's callback executor (at once when
     * the session has already closed): cancelling or completing it affects no other caller and not
     * the session.
     *
     * @return the end of the session
     */
    CompletableFuture<Void> whenClosed();

    /**
     * Closes the session: fails waiting commands with {@link QmpClosedException}, ends
     * subscriptions normally and closes the socket. Idempotent; returns once the socket is closed.
     */
    @Override
    void close();
}

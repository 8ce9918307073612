package dev.qmp4j.blocking;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.AwaitedCommands;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.core.typed.QmpEventType;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A {@link QmpSession} whose calls block until the reply. Obtained from
 * {@link BlockingQmpClient#connect(QmpEndpoint)} or by wrapping a session with {@link #of(QmpSession)}.
 *
 * <p>Every command has a timeout: the call's own or the default command timeout. It is the
 * core's per-call timeout, so a command that times out fails with
 * {@link dev.qmp4j.core.QmpTimeoutException} and its late reply is dropped; the next command gets
 * its own reply. Exceptions are the core's, thrown as they are: {@link dev.qmp4j.core.QmpCommandException}
 * when the server answers with an error, {@link dev.qmp4j.core.QmpConnectionException} when the
 * connection is lost, {@link dev.qmp4j.core.QmpClosedException} after {@link #close()}. An
 * interrupted call cancels its command, sets the thread's interrupt flag again and throws a
 * {@link dev.qmp4j.core.QmpException} caused by the {@link InterruptedException}.
 *
 * <p>Thread-safe: any number of threads may run commands at once, each gets its own reply.
 */
public final class BlockingQmpSession implements AutoCloseable {
    private final QmpSession session;

    private BlockingQmpSession(QmpSession session) {
        this.session = session;
    }

    /**
     * Wraps a session; closing the wrapper closes the session. Calls without a timeout use the
     * session's {@link QmpClientOptions#commandTimeout()}.
     *
     * @param session a session in command mode
     * @return the blocking view of it
     */
    public static BlockingQmpSession of(QmpSession session) {
        return new BlockingQmpSession(Objects.requireNonNull(session, "session"));
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
     * Runs a command without arguments with the default command timeout, and waits for its reply.
     *
     * @param command the command name, such as {@code query-status}
     * @return the command's {@code return} value
     * @throws dev.qmp4j.core.QmpCommandException when the server answers with an error
     * @throws dev.qmp4j.core.QmpTimeoutException when no reply comes in time
     */
    public JsonElement execute(String command) {
        return execute(command, null, session.options().commandTimeout());
    }

    /**
     * Runs a command with arguments with the default command timeout, and waits for its reply.
     *
     * @param command the command name
     * @param arguments the {@code arguments} object, or null for none
     * @return the command's {@code return} value, as for {@link #execute(String)}
     */
    public JsonElement execute(String command, JsonObject arguments) {
        return execute(command, arguments, session.options().commandTimeout());
    }

    /**
     * Runs a command with its own timeout and waits for its reply.
     *
     * @param command the command name
     * @param arguments the {@code arguments} object, or null for none
     * @param timeout time until the reply; on expiry the call fails and a late reply is dropped
     * @return the command's {@code return} value, as for {@link #execute(String)}
     */
    public JsonElement execute(String command, JsonObject arguments, Duration timeout) {
        Await.positive(timeout, "timeout");
        Await.checkNotInterrupted("command " + command);
        return Await.result(awaited(command, arguments, timeout, false), Await.withGrace(timeout),
                "command " + command);
    }

    /**
     * Runs a command with file descriptors sent along, waiting at most the client's command
     * timeout; see {@link QmpSession#executeWithFileDescriptors(String, JsonObject, QmpFileDescriptors, Duration)}.
     *
     * @param command the command name, such as {@code getfd} or {@code add-fd}
     * @param arguments the {@code arguments} object, or null
     * @param descriptors the descriptors to send, or the file to open and send
     * @return the command's {@code return} value
     * @throws QmpException with nothing sent when the session cannot pass descriptors or a
     *     descriptor or file cannot be had, and as {@link #execute(String)} throws
     */
    public JsonElement executeWithFileDescriptors(String command, JsonObject arguments, QmpFileDescriptors descriptors) {
        return executeWithFileDescriptors(command, arguments, descriptors, session.options().commandTimeout());
    }

    /**
     * Runs a command with file descriptors sent along, waiting at most {@code timeout}; see
     * {@link QmpSession#executeWithFileDescriptors(String, JsonObject, QmpFileDescriptors, Duration)}.
     *
     * @param command the command name, such as {@code getfd} or {@code add-fd}
     * @param arguments the {@code arguments} object, or null
     * @param descriptors the descriptors to send, or the file to open and send
     * @param timeout time until the reply
     * @return the command's {@code return} value
     * @throws QmpException with nothing sent when the session cannot pass descriptors or a
     *     descriptor or file cannot be had, and as {@link #execute(String)} throws
     */
    public JsonElement executeWithFileDescriptors(String command, JsonObject arguments, QmpFileDescriptors descriptors,
            Duration timeout) {
        Await.positive(timeout, "timeout");
        Await.checkNotInterrupted("command " + command);
        return Await.result(session.executeWithFileDescriptors(command, arguments, descriptors, timeout),
                Await.withGrace(timeout), "command " + command);
    }

    /**
     * Runs a command out of band ({@code exec-oob}) and waits for its reply; see
     * {@link QmpSession#executeOutOfBand(String, JsonObject, Duration)}.
     *
     * @param command the command name, such as {@code migrate-pause}
     * @param arguments the {@code arguments} object, or null for none
     * @param timeout time until the reply
     * @return the command's {@code return} value
     * @throws dev.qmp4j.core.QmpException at once when {@code oob} was not negotiated
     */
    public JsonElement executeOutOfBand(String command, JsonObject arguments, Duration timeout) {
        Await.positive(timeout, "timeout");
        Await.checkNotInterrupted("command " + command);
        return Await.result(awaited(command, arguments, timeout, true), Await.withGrace(timeout),
                "out-of-band command " + command);
    }

    /** A command whose future only this class waits on: the core may complete it on its I/O thread. */
    private CompletableFuture<JsonElement> awaited(String command, JsonObject arguments, Duration timeout,
            boolean outOfBand) {
        if (session instanceof AwaitedCommands direct) {
            return direct.executeAwaited(command, arguments, timeout, outOfBand);
        }
        return outOfBand ? session.executeOutOfBand(command, arguments, timeout)
                : session.execute(command, arguments, timeout);
    }

    /**
     * Runs a command and waits for the event it causes, race-free (the subscription is taken before
     * the command is sent); see {@link QmpSession#executeAndAwaitEvent}. {@code matches} runs on
     * the client's callback executor.
     *
     * @param command the command name, such as {@code device_del}
     * @param arguments the command's arguments, or null
     * @param eventName the event to wait for, such as {@code DEVICE_DELETED}
     * @param matches which of those events is the one
     * @param timeout time for the command's reply and for the event, each
     * @return the first matching event after the command was sent
     * @throws dev.qmp4j.core.QmpCommandException when the command fails
     * @throws dev.qmp4j.core.QmpTimeoutException when no reply or no matching event came in time
     */
    public QmpEvent executeAndAwaitEvent(String command, JsonObject arguments, String eventName,
            Predicate<QmpEvent> matches, Duration timeout) {
        // Checked here, before the core subscribes: a call it rejects must not leave a subscription behind.
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(matches, "matches");
        Await.positive(timeout, "timeout");
        Await.checkNotInterrupted("command " + command);
        // The core allows the timeout for the reply and again for the event after it.
        long wait = Await.plus(Await.plus(Await.nanos(timeout), Await.nanos(timeout)), Await.GRACE.toNanos());
        return Await.result(session.executeAndAwaitEvent(command, arguments, eventName, matches, timeout), wait,
                eventName + " event after " + command);
    }

    /**
     * Subscribes to every event, with the default buffer and overflow policy. Subscribe
     * <em>before</em> running a command whose event you need.
     *
     * @return a new subscription; close it when done
     */
    public BlockingEventSubscription subscribe() {
        return new BlockingEventSubscription(session.subscribe());
    }

    /**
     * Subscribes to the events with the given names, with the default buffer and overflow policy.
     *
     * @param eventNames names such as {@code STOP}, {@code RESUME}; none means every event
     * @return a new subscription; close it when done
     */
    public BlockingEventSubscription subscribe(String... eventNames) {
        return new BlockingEventSubscription(session.subscribe(eventNames));
    }

    /**
     * Subscribes to one event type, decoded: {@code subscribe(ShutdownEvent.TYPE)}.
     *
     * @param type the generated type's {@code TYPE} constant
     * @param <T> the event's data type
     * @return a new subscription; close it when done
     */
    public <T> BlockingTypedEventSubscription<T> subscribe(QmpEventType<T> type) {
        return new BlockingTypedEventSubscription<>(subscribe(type.name()), type, greeting().version());
    }

    /**
     * Subscribes with explicit options.
     *
     * @param options names, buffer size and overflow policy
     * @return a new subscription; close it when done
     */
    public BlockingEventSubscription subscribe(EventSubscriptionOptions options) {
        return new BlockingEventSubscription(session.subscribe(options));
    }

    /**
     * The steps of the session's connection, as {@link QmpSession#connectionChanges()}: where it is
     * now, then each change (for a reconnecting session, each gap and each reconnection).
     *
     * @return a new subscription; close it when done
     */
    public BlockingConnectionChanges connectionChanges() {
        return BlockingConnectionChanges.of(session.connectionChanges());
    }

    /**
     * The server's schema, fetched on the first call and kept for the session (see
     * {@link QmpSession#schema()}); waits up to the command timeout for the fetch.
     *
     * @return the schema
     */
    public QmpSchema schema() {
        Duration timeout = session.options().commandTimeout();
        return Await.result(session.schema(), Await.withGrace(timeout), "query-qmp-schema"); // each call gets its own future: a timeout cancels only this wait
    }

    /**
     * Waits until the session has closed, as {@link QmpSession#whenClosed()} tells: returns once
     * it was closed by its owner ({@link #close()}, or the client's close), and throws the cause
     * once the connection was lost or broken, which includes QEMU closing it after {@code quit} (a
     * reconnecting session: once it gave up). Waiting gives up nothing: the session stays as it is
     * when the time runs out.
     *
     * @param timeout how long to wait
     * @throws dev.qmp4j.core.QmpConnectionException when the connection was lost (the cause)
     * @throws dev.qmp4j.core.QmpProtocolException when the server broke the protocol (the cause)
     * @throws QmpTimeoutException when the session is still open after {@code timeout}
     * @throws QmpException when the thread is interrupted (its flag is set again)
     */
    public void whenClosed(Duration timeout) {
        long nanos = Await.nanos(Await.positive(timeout, "timeout"));
        String what = "the end of session " + session.endpoint();
        Await.checkNotInterrupted("waiting for " + what);
        CompletableFuture<Void> closed = session.whenClosed(); // our own: cancelling it leaves the session alone
        try {
            closed.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw Await.unwrap(e.getCause());
        } catch (TimeoutException e) {
            if (closed.cancel(false)) {
                throw new QmpTimeoutException("session " + session.endpoint() + " was still open after "
                        + timeout.toMillis() + " ms");
            }
            Await.outcome(closed, what); // it closed just as the wait ran out
        } catch (InterruptedException e) {
            closed.cancel(false);
            throw Await.interrupted(what, e);
        }
    }

    /**
     * The underlying asynchronous session, for what the blocking API does not cover.
     *
     * @return the session
     */
    public QmpSession async() {
        return session;
    }

    /**
     * Closes the session: waiting commands fail with {@link dev.qmp4j.core.QmpClosedException},
     * subscriptions end normally, the socket is closed. Idempotent.
     */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "Blocking" + session;
    }
}

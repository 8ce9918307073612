package dev.qmp4j.core.internal.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpLimitExceededException;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.Callbacks;
import dev.qmp4j.core.internal.Durations;
import dev.qmp4j.core.internal.events.EventHub;
import dev.qmp4j.core.internal.transport.Connection;
import dev.qmp4j.core.internal.transport.ConnectionListener;
import dev.qmp4j.core.internal.transport.EventLoop;
import dev.qmp4j.core.internal.transport.LoopTimer;
import dev.qmp4j.core.internal.wire.WireCodec;
import dev.qmp4j.core.schema.QmpSchema;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QMP connection: greeting, negotiation, commands matched to replies by id, events handed to
 * subscriptions, and the end of it all. Protocol state lives on the connection's event loop
 * thread; public methods only post work there, so they are safe from any thread.
 */
public final class SessionEngine implements QmpSession, ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);
    /** Every message sent and received, at DEBUG: enable logger {@code dev.qmp4j.wire} to see the wire. */
    private static final Logger wire = LoggerFactory.getLogger("dev.qmp4j.wire");
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final QmpClientOptions options;
    private final Callbacks callbacks;
    private final EventLoop loop;
    private final QmpEndpoint endpoint;
    private final Consumer<SessionEngine> onClosed;
    private final CompletableFuture<QmpSession> connected;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final EventHub events;
    private final AtomicReference<CompletableFuture<QmpSchema>> schema = new AtomicReference<>();

    private volatile QmpSessionState state = QmpSessionState.CONNECTING;
    private volatile QmpGreeting greeting;
    private volatile Set<String> enabled = Set.of();
    /** Why the session ended; read by callers to fail fast. */
    private volatile QmpException end;

    // Loop-thread state.
    private final CommandTracker commands = new CommandTracker();
    private Connection connection;
    private LoopTimer connectTimer;
    private long negotiationId = -1;
    private boolean shutdownEventSeen;
    private boolean endOfStream;

    /**
     * Creates an engine that will report command mode through {@code connected}.
     *
     * @param onClosed told once when the session has closed, so the client can forget it
     */
    public SessionEngine(QmpClientOptions options, Callbacks callbacks, EventLoop loop, QmpEndpoint endpoint,
            CompletableFuture<QmpSession> connected, Consumer<SessionEngine> onClosed) {
        this.options = options;
        this.callbacks = callbacks;
        this.loop = loop;
        this.endpoint = endpoint;
        this.connected = connected;
        this.onClosed = onClosed;
        this.events = new EventHub(callbacks);
        connected.whenComplete((session, error) -> {
            if (connected.isCancelled()) {
                loop.execute(() -> end(null, true));
            }
        });
    }

    /** Connects to {@code address}. Posts to the loop. */
    public void startConnect(SocketAddress address) {
        loop.execute(() -> {
            if (state == QmpSessionState.CLOSED) {
                return; // closed before it started (client closing, connect cancelled)
            }
            startConnectTimer();
            try {
                connection = Connection.connect(loop, address, options.maxMessageBytes(), this);
            } catch (IOException | RuntimeException e) {
                end(new QmpConnectionException("cannot connect to " + endpoint + ": " + describe(e), e), false);
            }
        });
    }

    /** Adopts a socket a listener accepted. Posts to the loop. */
    public void startAccepted(SocketChannel channel) {
        loop.execute(() -> {
            if (state == QmpSessionState.CLOSED) {
                closeQuietly(channel); // the accept was given up before the connection got here
                return;
            }
            startConnectTimer();
            try {
                connection = Connection.accepted(loop, channel, options.maxMessageBytes(), this);
            } catch (IOException | RuntimeException e) {
                end(new QmpConnectionException("cannot use connection accepted on " + endpoint + ": " + describe(e), e),
                        false);
            }
        });
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing an unused accepted socket failed", e);
        }
    }

    // ---- QmpSession ----

    @Override
    public QmpGreeting greeting() {
        return greeting;
    }

    @Override
    public Set<String> enabledCapabilities() {
        return enabled;
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
        return state;
    }

    @Override
    public CompletableFuture<QmpSchema> schema() {
        while (true) {
            CompletableFuture<QmpSchema> cached = schema.get();
            if (cached != null) {
                return cached.copy(); // a copy: a caller cancelling its future cannot spoil the shared one
            }
            CompletableFuture<QmpSchema> fetch = new CompletableFuture<>();
            if (schema.compareAndSet(null, fetch)) {
                execute("query-qmp-schema").thenApply(QmpSchema::of).whenComplete((s, error) -> {
                    if (error != null) {
                        schema.compareAndSet(fetch, null); // let a later call try again
                        fetch.completeExceptionally(error instanceof CompletionException c && c.getCause() != null
                                ? c.getCause() : error);
                    } else {
                        fetch.complete(s);
                    }
                });
                return fetch.copy();
            }
        }
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command) {
        return submit(command, null, options.commandTimeout(), false);
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command, JsonObject arguments) {
        return submit(command, arguments, options.commandTimeout(), false);
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command, JsonObject arguments, Duration timeout) {
        return submit(command, arguments, timeout, false);
    }

    @Override
    public CompletableFuture<JsonElement> executeOutOfBand(String command, JsonObject arguments, Duration timeout) {
        return submit(command, arguments, timeout, true);
    }

    @Override
    public CompletableFuture<QmpEvent> executeAndAwaitEvent(String command, JsonObject arguments, String eventName,
            Predicate<QmpEvent> matches, Duration timeout) {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(matches, "matches");
        EventSubscription subscription = subscribe(eventName);
        CompletableFuture<JsonElement> reply;
        try {
            reply = execute(command, arguments, timeout);
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        CompletableFuture<QmpEvent> result = new CompletableFuture<>();
        result.whenComplete((event, error) -> subscription.close());
        reply.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                // The clock for the event starts once the command succeeded.
                loop.execute(() -> {
                    LoopTimer timer = loop.schedule(() -> callbacks.run(() -> result.completeExceptionally(
                            new QmpTimeoutException("no matching " + eventName + " event within " + Durations.text(timeout)
                                    + " after " + command + " on " + endpoint))), timeout.toNanos());
                    result.whenComplete((event, e) -> loop.execute(() -> loop.cancel(timer)));
                });
            }
        });
        awaitMatch(subscription, matches, result);
        return result;
    }

    /** Takes events until one matches or {@code result} is done; buffered events are checked in a loop, not by recursion. */
    private static void awaitMatch(EventSubscription subscription, Predicate<QmpEvent> matches,
            CompletableFuture<QmpEvent> result) {
        while (!result.isDone()) {
            CompletableFuture<QmpEvent> next = subscription.next();
            if (!next.isDone()) {
                next.whenComplete((event, error) -> {
                    if (error == null ? check(event, matches, result) : result.completeExceptionally(error)) {
                        return;
                    }
                    awaitMatch(subscription, matches, result);
                });
                return;
            }
            QmpEvent event;
            try {
                event = next.join();
            } catch (RuntimeException e) {
                result.completeExceptionally(e.getCause() != null ? e.getCause() : e);
                return;
            }
            check(event, matches, result);
        }
    }

    /** Completes {@code result} when the event matches or the predicate throws; returns whether it is done. */
    private static boolean check(QmpEvent event, Predicate<QmpEvent> matches, CompletableFuture<QmpEvent> result) {
        try {
            if (matches.test(event)) {
                result.complete(event);
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result.isDone();
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
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public void close() {
        if (loop.inLoop()) {
            end(null, true);
            return;
        }
        loop.execute(() -> end(null, true));
        try {
            if (!closed.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("session {} did not close within {}", endpoint, Durations.millis(CLOSE_WAIT_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "QmpSession[" + endpoint + ", " + state + "]";
    }

    // ---- commands ----

    private CompletableFuture<JsonElement> submit(String name, JsonObject arguments, Duration timeout, boolean oob) {
        Objects.requireNonNull(name, "command");
        Objects.requireNonNull(timeout, "timeout");
        if (name.isBlank()) {
            throw new IllegalArgumentException("command name must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + Durations.text(timeout));
        }
        QmpException ended = end;
        if (ended != null) {
            return CompletableFuture.failedFuture(laterCallFailure(name, ended));
        }
        if (oob && !enabled.contains("oob")) {
            return CompletableFuture.failedFuture(new QmpException("cannot run " + name
                    + " out of band: the 'oob' capability was not negotiated (offered: "
                    + greeting.capabilities() + ", enabled: " + enabled + ")"));
        }
        long id = ids.incrementAndGet();
        byte[] bytes = WireCodec.encodeCommand(name, arguments, id, oob);
        if (bytes.length > options.maxMessageBytes()) {
            return CompletableFuture.failedFuture(new QmpLimitExceededException("command " + name + " is "
                    + bytes.length + " bytes, over the limit of " + options.maxMessageBytes() + " (maxMessageBytes)"));
        }
        if (pending.incrementAndGet() > options.maxPendingCommands()) {
            pending.decrementAndGet();
            return CompletableFuture.failedFuture(new QmpLimitExceededException("cannot run " + name + ": "
                    + options.maxPendingCommands() + " commands already wait for replies (maxPendingCommands)"));
        }
        PendingCommand cmd = new PendingCommand(id, name, bytes, oob, System.nanoTime() + timeout.toNanos());
        loop.execute(() -> dispatch(cmd, timeout));
        return cmd.future;
    }

    private void dispatch(PendingCommand cmd, Duration timeout) {
        if (state != QmpSessionState.READY) {
            finish(cmd); // submitted while the session was open, ended before it could be sent
            fail(cmd, commandFailure(cmd.name, end));
            return;
        }
        if (cmd.future.isDone()) {
            finish(cmd);
            return;
        }
        cmd.timer = loop.schedule(() -> timeOut(cmd, timeout), cmd.deadlineNanos - System.nanoTime());
        if (commands.maySend(cmd)) {
            send(cmd);
        } else {
            commands.enqueue(cmd);
        }
    }

    private void send(PendingCommand cmd) {
        if (connection.queuedBytes() + cmd.bytes.length > options.maxMessageBytes()) {
            // The server stopped reading: queueing more would only grow memory.
            finish(cmd);
            fail(cmd, new QmpLimitExceededException("cannot send " + cmd.name + ": " + connection.queuedBytes()
                    + " bytes already wait to be written to " + endpoint + ", which is not reading (limit: maxMessageBytes "
                    + options.maxMessageBytes() + ")"));
            return;
        }
        commands.sent(cmd);
        write(cmd.bytes);
    }

    private void sendWaiting() {
        PendingCommand next;
        while (state == QmpSessionState.READY && (next = commands.nextToSend()) != null) {
            if (next.future.isDone()) {
                finish(next);
            } else {
                send(next);
            }
        }
    }

    private void timeOut(PendingCommand cmd, Duration timeout) {
        if (!cmd.sent && commands.removeWaiting(cmd)) {
            finish(cmd);
        }
        // A sent command keeps its place: QEMU still holds it, and its late reply is dropped when it comes.
        fail(cmd, new QmpTimeoutException("command " + cmd.name + " got no reply within " + Durations.text(timeout)
                + (cmd.sent ? "" : " (it was still waiting to be sent)") + " on " + endpoint));
    }

    private void onReply(JsonObject message) {
        JsonElement idElement = message.get("id");
        PendingCommand cmd;
        if (idElement == null) {
            // QEMU answers input it could not parse without an id; it belongs to the oldest in-band command.
            cmd = commands.removeOldestInBand();
        } else {
            Long id = asId(idElement);
            cmd = id == null ? null : commands.removeSent(id);
        }
        if (cmd == null) {
            log.warn("{}: dropping a reply that matches no command: {}", endpoint, WireCodec.excerpt(message.toString()));
            return;
        }
        finish(cmd);
        if (cmd.future.isDone()) {
            log.debug("{}: dropping late reply of {}", endpoint, cmd);
        } else if (message.has("return")) {
            JsonElement value = message.get("return");
            callbacks.run(() -> cmd.future.complete(value));
        } else {
            fail(cmd, commandError(cmd.name, message.get("error")));
        }
        sendWaiting();
    }

    private static Long asId(JsonElement id) {
        if (id instanceof JsonPrimitive p && p.isNumber()) {
            try {
                return Long.parseLong(p.getAsString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static QmpException commandError(String command, JsonElement error) {
        if (error instanceof JsonObject e && e.get("class") instanceof JsonPrimitive cls
                && e.get("desc") instanceof JsonPrimitive desc) {
            return new QmpCommandException(command, cls.getAsString(), desc.getAsString());
        }
        return new QmpProtocolException("malformed error reply to " + command + " (expected error.class and error.desc): "
                + WireCodec.excerpt(String.valueOf(error)));
    }

    /** The command leaves the engine: its timer stops and its place under the pending limit is free. */
    private void finish(PendingCommand cmd) {
        loop.cancel(cmd.timer);
        pending.decrementAndGet();
    }

    private void fail(PendingCommand cmd, QmpException error) {
        callbacks.run(() -> cmd.future.completeExceptionally(error));
    }

    // ---- connection events (loop thread) ----

    @Override
    public void onConnected() {
        state = QmpSessionState.GREETING;
        log.debug("{}: connected, waiting for the greeting", endpoint);
    }

    @Override
    public void onMessage(String json) {
        wire.debug("{} <- {}", endpoint, json);
        JsonObject message = WireCodec.parse(json);
        if (message.has("event")) {
            onEvent(message);
        } else if (message.has("QMP")) {
            onGreeting(message);
        } else if (message.has("return") || message.has("error")) {
            if (state == QmpSessionState.NEGOTIATING) {
                onNegotiationReply(message);
            } else if (state == QmpSessionState.READY) {
                onReply(message);
            } else {
                throw new QmpProtocolException("reply received before the greeting: " + WireCodec.excerpt(json));
            }
        } else {
            log.warn("{}: ignoring a message that is neither greeting, reply nor event: {}", endpoint,
                    WireCodec.excerpt(json));
        }
    }

    @Override
    public void onEndOfStream() {
        endOfStream = true;
        end(new QmpConnectionException("connection to " + endpoint + " closed by the server (EOF)"
                + (state == QmpSessionState.READY ? "" : " while in state " + state)), false);
    }

    @Override
    public void onError(Exception error) {
        if (error instanceof QmpProtocolException p) {
            end(new QmpProtocolException("protocol error on " + endpoint + ": " + p.getMessage(), p), false);
        } else if (state == QmpSessionState.CONNECTING) {
            end(new QmpConnectionException("cannot connect to " + endpoint + ": " + describe(error), error), false);
        } else {
            end(new QmpConnectionException("connection to " + endpoint + " failed: " + describe(error), error), false);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void onGreeting(JsonObject message) {
        if (state != QmpSessionState.GREETING) {
            throw new QmpProtocolException("unexpected second greeting in state " + state + ": "
                    + WireCodec.excerpt(message.toString()));
        }
        QmpGreeting g = WireCodec.decodeGreeting(message);
        greeting = g;
        Set<String> enable = new TreeSet<>(g.capabilities());
        enable.retainAll(options.capabilities());
        JsonObject arguments = new JsonObject();
        if (!enable.isEmpty()) {
            JsonArray list = new JsonArray();
            enable.forEach(list::add);
            arguments.add("enable", list);
        }
        enabled = Set.copyOf(enable);
        negotiationId = ids.incrementAndGet();
        state = QmpSessionState.NEGOTIATING;
        write(WireCodec.encodeCommand("qmp_capabilities", arguments, negotiationId, false));
    }

    private void onNegotiationReply(JsonObject message) {
        Long id = message.has("id") ? asId(message.get("id")) : Long.valueOf(negotiationId);
        if (id == null || id != negotiationId) {
            log.warn("{}: dropping a reply that matches no command: {}", endpoint, WireCodec.excerpt(message.toString()));
            return;
        }
        if (!message.has("return")) {
            end(commandError("qmp_capabilities", message.get("error")), false);
            return;
        }
        if (enabled.contains("oob")) {
            commands.limitInBand();
        }
        loop.cancel(connectTimer);
        state = QmpSessionState.READY;
        log.debug("{}: command mode, capabilities {}", endpoint, enabled);
        callbacks.run(() -> {
            if (!connected.complete(this)) {
                close(); // the caller gave up (cancelled the connect): nobody will ever close this session
            }
        });
    }

    private void onEvent(JsonObject message) {
        QmpEvent event = WireCodec.decodeEvent(message);
        if (state != QmpSessionState.READY) {
            // Old QEMUs sent events before the greeting; none reaches a user before command mode.
            log.debug("{}: discarding event {} received in state {}", endpoint, event.name(), state);
            return;
        }
        if (event.name().equals("SHUTDOWN")) {
            shutdownEventSeen = true;
        } else if (event.name().equals("COMMAND_DROPPED")) {
            failDropped(event);
        }
        events.dispatch(event);
    }

    /** QEMU 2.12/3.0 dropped commands on a full queue and said so with this event instead of a reply. */
    private void failDropped(QmpEvent event) {
        Long id = event.data().has("id") ? asId(event.data().get("id")) : null;
        PendingCommand cmd = id == null ? null : commands.removeSent(id);
        if (cmd != null) {
            finish(cmd);
            String reason = event.data().has("reason") ? event.data().get("reason").getAsString() : "unknown";
            fail(cmd, new QmpCommandException(cmd.name, "COMMAND_DROPPED", "the server dropped the command: " + reason));
            sendWaiting();
        }
    }

    private void startConnectTimer() {
        Duration timeout = options.connectTimeout();
        connectTimer = loop.schedule(() -> end(new QmpTimeoutException("no QMP command mode on " + endpoint + " within "
                + Durations.text(timeout) + " (state " + state + ")"), false), timeout.toNanos());
    }

    private void write(byte[] bytes) {
        if (wire.isDebugEnabled()) {
            wire.debug("{} -> {}", endpoint, new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8));
        }
        connection.write(bytes);
    }

    // ---- the end ----

    /**
     * Ends the session once: closes the socket, settles every command and subscription.
     *
     * @param cause why, or null when the owner closed it
     */
    private void end(QmpException cause, boolean byOwner) {
        if (state == QmpSessionState.CLOSED) {
            return;
        }
        boolean wasReady = state == QmpSessionState.READY;
        state = QmpSessionState.CLOSING;
        QmpException reason = byOwner ? new QmpClosedException("session " + endpoint + " was closed") : cause;
        end = reason;
        loop.cancel(connectTimer);
        if (connection != null) {
            connection.close();
        }
        boolean quitEnded = shutdownEventSeen && (endOfStream || cause instanceof QmpConnectionException);
        List<PendingCommand> all = commands.removeAll();
        for (PendingCommand cmd : all) {
            finish(cmd);
            if (quitEnded && cmd.sent && cmd.name.equals("quit")) {
                // QEMU may close the socket after SHUTDOWN before the reply of quit gets out; the close
                // can even read as a reset when QEMU left our bytes unread.
                callbacks.run(() -> cmd.future.complete(new JsonObject()));
            } else {
                fail(cmd, commandFailure(cmd.name, reason));
            }
        }
        state = QmpSessionState.CLOSED;
        events.terminate(reason);
        if (!wasReady) {
            callbacks.run(() -> connected.completeExceptionally(reason));
        }
        callbacks.run(() -> {
            if (byOwner) {
                closeFuture.complete(null);
            } else {
                closeFuture.completeExceptionally(reason);
            }
        });
        if (!byOwner) {
            log.debug("{}: session ended: {}", endpoint, reason.getMessage());
        }
        onClosed.accept(this);
        closed.countDown();
    }

    /** The failure of a command that was waiting when the session ended. */
    private static QmpException commandFailure(String command, QmpException reason) {
        return sameKind(command + " got no reply: " + reason.getMessage(), reason);
    }

    /** The failure of a call made after the session ended (fail fast, with the original cause). */
    private QmpException laterCallFailure(String command, QmpException reason) {
        return sameKind("cannot run " + command + ": session " + endpoint + " has ended: " + reason.getMessage(), reason);
    }

    /** A new exception of the same kind as {@code reason} (closed, protocol or connection), caused by it. */
    private static QmpException sameKind(String message, QmpException reason) {
        if (reason instanceof QmpClosedException) {
            return new QmpClosedException(message, reason);
        }
        if (reason instanceof QmpProtocolException) {
            return new QmpProtocolException(message, reason);
        }
        return new QmpConnectionException(message, reason);
    }
}

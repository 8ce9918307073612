package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.internal.Callbacks;
import dev.qmp4j.core.internal.events.EventHub;
import dev.qmp4j.core.internal.transport.Connection;
import dev.qmp4j.core.internal.transport.ConnectionListener;
import dev.qmp4j.core.internal.transport.EventLoop;
import dev.qmp4j.core.internal.transport.OutboundDescriptors;
import dev.qmp4j.core.internal.wire.EventMessage;
import dev.qmp4j.core.internal.wire.GreetingMessage;
import dev.qmp4j.core.internal.wire.InboundMessage;
import dev.qmp4j.core.internal.wire.JsonFrame;
import dev.qmp4j.core.internal.wire.JsonFramer;
import dev.qmp4j.core.internal.wire.ReplyMessage;
import dev.qmp4j.core.internal.wire.WireCodec;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QMP connection on its event loop: opens or adopts the socket, decodes each message from the
 * server once and hands it to the part that owns it ({@link Handshake} the greeting and
 * negotiation, {@link CommandRouter} replies, {@link EventRouter} events), and ends through
 * {@link SessionTeardown}. Whatever goes wrong while it handles a message or runs its work on the
 * loop, Errors included, ends this session only: nothing escapes to the loop that carries others.
 * Users see it through {@link SessionFacade}.
 */
public final class SessionEngine implements ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);
    /** Every message sent and received, at DEBUG: enable logger {@code dev.qmp4j.wire} to see the wire. */
    private static final Logger wire = LoggerFactory.getLogger("dev.qmp4j.wire");

    final QmpClientOptions options;
    final Callbacks callbacks;
    final EventLoop loop;
    final QmpEndpoint endpoint;
    final SessionFacade session;
    final Handshake handshake;
    final CommandRouter commands;
    final EventRouter events;
    final SessionTeardown teardown;
    private volatile QmpSessionState state = QmpSessionState.CONNECTING;
    private volatile Connection connection; // set on the loop thread, written to from callers' threads too

    /**
     * Creates an engine that will report command mode through {@code connected}.
     *
     * @param onClosed told once when the session has closed, so the client can forget it
     */
    public SessionEngine(QmpClientOptions options, Callbacks callbacks, EventLoop loop, QmpEndpoint endpoint,
            CompletableFuture<QmpSession> connected, Consumer<SessionEngine> onClosed) {
        this(options, callbacks, loop, endpoint, connected, onClosed, null);
    }

    /**
     * Creates an engine whose events go to subscriptions that outlive it: those of a session that
     * reconnects. Its end leaves them open.
     *
     * @param sharedEvents the subscriptions, or null for the engine's own (ended with it)
     */
    public SessionEngine(QmpClientOptions options, Callbacks callbacks, EventLoop loop, QmpEndpoint endpoint,
            CompletableFuture<QmpSession> connected, Consumer<SessionEngine> onClosed, EventHub sharedEvents) {
        this.options = options;
        this.callbacks = callbacks;
        this.loop = loop;
        this.endpoint = endpoint;
        this.session = new SessionFacade(this);
        this.handshake = new Handshake(this, connected);
        this.commands = new CommandRouter(this);
        this.events = new EventRouter(this, sharedEvents);
        this.teardown = new SessionTeardown(this, onClosed);
        connected.whenComplete((s, error) -> {
            if (connected.isCancelled()) {
                loop.execute(() -> guard(teardown::endByOwner));
            }
        });
    }

    /** Connects to {@code address}. Posts to the loop. */
    public void startConnect(SocketAddress address) {
        loop.execute(() -> guard(() -> {
            if (state == QmpSessionState.CLOSED) {
                return; // closed before it started (client closing, connect cancelled)
            }
            handshake.startTimer();
            try {
                connection = Connection.connect(loop, address, framer(), this);
            } catch (IOException | RuntimeException e) {
                teardown.end(new QmpConnectionException("cannot connect to " + endpoint + ": " + describe(e), e));
            }
        }));
    }

    /** Adopts a socket a listener accepted. Posts to the loop. */
    public void startAccepted(SocketChannel channel) {
        loop.execute(() -> guard(() -> {
            if (state == QmpSessionState.CLOSED) {
                closeQuietly(channel); // the accept was given up before the connection got here
                return;
            }
            handshake.startTimer();
            try {
                connection = Connection.accepted(loop, channel, framer(), this);
            } catch (IOException | RuntimeException e) {
                teardown.end(new QmpConnectionException("cannot use connection accepted on " + endpoint + ": "
                        + describe(e), e));
            }
        }));
    }

    /** Ends the session on purpose; returns once it has ended (or after a bounded wait). */
    public void close() {
        if (loop.inLoop()) {
            teardown.endByOwner();
            return;
        }
        loop.execute(() -> guard(teardown::endByOwner));
        teardown.awaitClosed();
    }

    private JsonFramer framer() {
        return new JsonFramer(options.maxMessageBytes(), options.maxMessageValues());
    }

    QmpSessionState state() {
        return state;
    }

    void state(QmpSessionState next) {
        state = next;
    }

    /**
     * Writes one encoded command, with file descriptors (null for none), which the connection then
     * owns. Any thread.
     *
     * @param mayWait whether it may wait for a loop turn that writes it with others
     */
    void write(byte[] bytes, boolean mayWait, OutboundDescriptors descriptors) {
        if (wire.isDebugEnabled()) {
            wire.debug("{} -> {}{}", endpoint, new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8),
                    descriptors == null ? "" : " (with " + descriptors.count() + " file descriptors)");
        }
        if (descriptors == null) {
            connection.write(bytes, mayWait);
        } else {
            connection.write(bytes, descriptors);
        }
    }

    /** Bytes written but not yet taken by the socket. Loop thread. */
    long queuedBytes() {
        return connection.queuedBytes();
    }

    /** Closes the socket, if there is one. Loop thread. */
    void closeConnection() {
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * Runs loop work of this session. Whatever it throws, Errors included, ends this session with
     * that failure as the cause, and goes no further.
     */
    void guard(Runnable work) {
        try {
            work.run();
        } catch (Throwable t) {
            try {
                teardown.end(failure(t));
            } catch (Throwable again) {
                log.error("{}: ending the session after {} failed too", endpoint, t, again);
            }
        }
    }

    /**
     * Ends the session for a failure on a caller's thread, as {@link #guard} does on the loop.
     *
     * @return what the failure means to the session, for the caller
     */
    QmpException endFromCaller(Throwable t) {
        QmpException why = failure(t);
        loop.execute(() -> guard(() -> teardown.end(why)));
        return why;
    }

    // ---- what the connection reports (loop thread) ----

    @Override
    public void onConnected() {
        guard(() -> {
            state = QmpSessionState.GREETING;
            log.debug("{}: connected, waiting for the greeting", endpoint);
        });
    }

    @Override
    public void onMessage(JsonFrame frame) {
        guard(() -> {
            if (wire.isDebugEnabled()) {
                wire.debug("{} <- {}", endpoint, frame.text());
            }
            route(WireCodec.decode(frame));
        });
    }

    @Override
    public void onReadEnd() {
        guard(() -> {
            events.handOver();
            commands.handOverCompletions();
        });
    }

    @Override
    public void onEndOfStream() {
        guard(() -> teardown.endOfStream(new QmpConnectionException("connection to " + endpoint
                + " closed by the server (EOF)" + (state == QmpSessionState.READY ? "" : " while in state " + state))));
    }

    @Override
    public void onError(Throwable error) {
        guard(() -> teardown.end(failure(error)));
    }

    private void route(InboundMessage message) {
        if (message instanceof EventMessage event) {
            events.onEvent(event);
            return;
        }
        events.handOver(); // what came before this message is buffered before it is handled
        if (message instanceof ReplyMessage reply) {
            if (state == QmpSessionState.NEGOTIATING) {
                handshake.onReply(reply);
            } else if (state == QmpSessionState.READY) {
                commands.onReply(reply);
            } else {
                throw new QmpProtocolException("reply received before the greeting: " + reply.excerpt());
            }
        } else if (message instanceof GreetingMessage greeting) {
            handshake.onGreeting(greeting);
        } else {
            log.warn("{}: ignoring a message that is neither greeting, reply nor event: {}", endpoint,
                    message.excerpt());
        }
    }

    /** Why the session ends when {@code error} happened to it. */
    private QmpException failure(Throwable error) {
        if (error instanceof QmpProtocolException p) {
            return new QmpProtocolException("protocol error on " + endpoint + ": " + p.getMessage(), p);
        }
        if (!(error instanceof IOException)) {
            return new QmpConnectionException("session on " + endpoint + " ended by an unexpected failure: " + error,
                    error);
        }
        if (state == QmpSessionState.CONNECTING) {
            return new QmpConnectionException("cannot connect to " + endpoint + ": " + describe(error), error);
        }
        return new QmpConnectionException("connection to " + endpoint + " failed: " + describe(error), error);
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing an unused accepted socket failed", e);
        }
    }
}

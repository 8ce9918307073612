package dev.qmp4j.core;

import dev.qmp4j.core.internal.Callbacks;
import dev.qmp4j.core.internal.events.EventHub;
import dev.qmp4j.core.internal.reconnect.ReconnectingSession;
import dev.qmp4j.core.internal.fdpass.DescriptorPassing;
import dev.qmp4j.core.internal.session.SessionEngine;
import dev.qmp4j.core.internal.session.SessionListener;
import dev.qmp4j.core.internal.transport.Acceptor;
import dev.qmp4j.core.internal.transport.EventLoop;
import dev.qmp4j.core.internal.transport.EventLoopGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: owns the I/O threads and the callback executor that all its sessions share,
 * and opens sessions to QMP servers. Create one per application (like an HTTP client), open as
 * many sessions as needed, close it at the end.
 *
 * <pre>{@code
 * try (QmpClient client = QmpClient.create();
 *      QmpSession session = client.connect(QmpEndpoint.unix(Path.of("/run/vm1.qmp"))).join()) {
 *     JsonElement status = session.execute("query-status").join();
 * }
 * }</pre>
 *
 * <p>Threads: {@link QmpClientOptions#ioThreads()} selector threads named {@code qmp4j-io-*}
 * carry every connection, and futures complete on the callback executor (by default
 * {@link QmpClientOptions#DEFAULT_CALLBACK_THREADS} daemon threads named {@code qmp4j-callback-*}),
 * never on an I/O thread. With {@link QmpClientOptions#fileDescriptorPassing()} on, as many
 * threads more, named {@code qmp4j-io-fd-*}, carry the sessions on UNIX sockets. Thread-safe.
 */
public final class QmpClient implements AutoCloseable {
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    /** The client whose callback thread this is, so that close() from a callback does not wait for itself. */
    private static final ThreadLocal<QmpClient> CALLBACK_THREAD_OF = new ThreadLocal<>();
    private static final long SHUTDOWN_WAIT_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(QmpClient.class);

    private final QmpClientOptions options;
    private final EventLoopGroup loops;
    /** The loops of sessions on UNIX sockets when they can pass file descriptors, else null. */
    private final EventLoopGroup descriptorLoops;
    private final ExecutorService ownedExecutor;
    private final Callbacks callbacks;
    private final Set<SessionEngine> sessions = ConcurrentHashMap.newKeySet();
    private final Set<ReconnectingSession> reconnecting = ConcurrentHashMap.newKeySet();
    private final Set<SessionListener> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The owned executor's live threads, so that close() can wait until they have really ended. */
    private final Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();

    private QmpClient(QmpClientOptions options) {
        this.options = options;
        int id = CLIENT_IDS.incrementAndGet();
        this.ownedExecutor = options.callbackExecutor().isPresent() ? null : newCallbackExecutor(id);
        this.callbacks = new Callbacks(options.callbackExecutor().orElse(ownedExecutor));
        this.loops = new EventLoopGroup(options.ioThreads());
        this.descriptorLoops = options.fileDescriptorPassing() ? descriptorLoops(options) : null;
    }

    private static EventLoopGroup descriptorLoops(QmpClientOptions options) {
        String unavailable = DescriptorPassing.unavailableReason().orElse(null);
        if (unavailable != null) {
            log.warn("file descriptor passing was asked for, but {}: sessions use the JDK's sockets, and sending"
                    + " file descriptors fails", unavailable);
            return null;
        }
        return new EventLoopGroup(options.ioThreads(), DescriptorPassing.sockets(), "qmp4j-io-fd-");
    }

    /**
     * A client with default options.
     *
     * @return a new client; close it when done
     */
    public static QmpClient create() {
        return new QmpClient(QmpClientOptions.defaults());
    }

    /**
     * A client with the given options.
     *
     * @param options the options
     * @return a new client; close it when done
     */
    public static QmpClient create(QmpClientOptions options) {
        return new QmpClient(Objects.requireNonNull(options, "options"));
    }

    /**
     * The client's options.
     *
     * @return the options
     */
    public QmpClientOptions options() {
        return options;
    }

    /**
     * Connects to a QMP server that listens ({@code -qmp unix:PATH,server=on,wait=off}), reads
     * its greeting, enables the wanted capabilities it offers and completes in command mode.
     *
     * <p>With {@link QmpClientOptions#reconnect()} on, the session connects again whenever its
     * connection is lost, until it is closed or gives up (see {@link ReconnectOptions}); this first
     * connect is not retried, and fails as it does without reconnection.
     *
     * @param endpoint where the server listens
     * @return a session in command mode; fails with {@link QmpConnectionException} when the
     *     connection fails, {@link QmpCommandException} when the server refuses negotiation,
     *     {@link QmpProtocolException} for a malformed greeting, {@link QmpTimeoutException}
     *     past {@link QmpClientOptions#connectTimeout()}
     */
    public CompletableFuture<QmpSession> connect(QmpEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        CompletableFuture<QmpSession> connected = new CompletableFuture<>();
        if (closed.get()) {
            return CompletableFuture.failedFuture(new QmpClosedException("client is closed"));
        }
        if (options.reconnect().enabled()) {
            return ReconnectingSession.connect(endpoint, options, callbacks, loops.next(),
                    (events, attempt) -> newSession(loopsFor(endpoint).next(), endpoint, attempt, events), this::adopt,
                    reconnecting::remove);
        }
        // Resolves a TCP host name here, on the caller's thread, never on an I/O thread.
        newSession(loopsFor(endpoint).next(), endpoint, connected, null).startConnect(endpoint.socketAddress());
        return connected;
    }

    /**
     * Listens on an endpoint so that QEMU can connect to it ({@code -qmp unix:PATH} without
     * {@code server=on}): the race-free way to start QEMU. The socket is bound before this returns.
     *
     * @param endpoint where to listen; for UNIX the path must not exist yet
     * @return the listener; {@link QmpListener#accept()} yields sessions in command mode
     * @throws QmpConnectionException when the socket cannot be bound
     * @throws IllegalStateException when the client's options turn reconnection on: the server
     *     connects to a listener, so the client cannot connect again (use a client without
     *     {@link QmpClientOptions#reconnect()} for listening and for {@link dev.qmp4j.core.launch.QemuLauncher})
     */
    public QmpListener listen(QmpEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (closed.get()) {
            throw new QmpClosedException("client is closed");
        }
        if (options.reconnect().enabled()) {
            throw new IllegalStateException("cannot listen on " + endpoint + ": this client reconnects its sessions"
                    + " (QmpClientOptions.reconnect), which only sessions it connects can do; listen with a client"
                    + " without reconnection");
        }
        EventLoopGroup group = loopsFor(endpoint);
        EventLoop loop = group.next();
        Acceptor acceptor;
        try {
            acceptor = Acceptor.bind(loop, endpoint.socketAddress());
        } catch (IOException | RuntimeException e) {
            throw new QmpConnectionException("cannot listen on " + endpoint + ": " + e.getMessage(), e);
        }
        SessionListener listener = new SessionListener(loop, acceptor, QmpEndpoint.of(acceptor.boundAddress()),
                callbacks, (ep, future) -> newSession(group.next(), ep, future, null), listeners::remove);
        listeners.add(listener);
        return listener;
    }

    /**
     * Closes every session and listener of this client (reconnecting sessions too, also while they
     * wait to reconnect), then stops its threads. Idempotent;
     * returns when the threads have ended (or after a bounded wait).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (SessionListener l : new ArrayList<>(listeners)) {
            l.close();
        }
        for (ReconnectingSession s : new ArrayList<>(reconnecting)) {
            s.close();
        }
        List<SessionEngine> open = new ArrayList<>(sessions);
        for (SessionEngine s : open) {
            s.close();
        }
        loops.shutdown(SHUTDOWN_WAIT_MILLIS);
        if (descriptorLoops != null) {
            descriptorLoops.shutdown(SHUTDOWN_WAIT_MILLIS);
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            if (CALLBACK_THREAD_OF.get() == this) {
                return; // called from one of our callbacks: its own thread cannot end before this returns
            }
            try {
                ownedExecutor.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                // The pool counts as terminated a moment before its last threads have ended.
                for (Thread t : callbackThreads) {
                    t.join(SHUTDOWN_WAIT_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The client's I/O threads, for tests of what happens when one of them fails. */
    EventLoopGroup eventLoops() {
        return loops;
    }

    /** Keeps a reconnecting session so that close() ends it; closes it at once when the client is closing. */
    private void adopt(ReconnectingSession session) {
        reconnecting.add(session);
        if (closed.get()) {
            session.close();
        }
    }

    /** The loops for a session on {@code endpoint}: its socket must be of their kind. */
    private EventLoopGroup loopsFor(QmpEndpoint endpoint) {
        return descriptorLoops != null && endpoint.unixPath().isPresent() ? descriptorLoops : loops;
    }

    private SessionEngine newSession(EventLoop loop, QmpEndpoint endpoint, CompletableFuture<QmpSession> connected,
            EventHub sharedEvents) {
        SessionEngine engine = new SessionEngine(options, callbacks, loop, endpoint, connected, sessions::remove,
                sharedEvents);
        sessions.add(engine);
        if (closed.get()) {
            engine.close();
        }
        return engine;
    }

    private ExecutorService newCallbackExecutor(int clientId) {
        AtomicInteger n = new AtomicInteger();
        int threads = QmpClientOptions.DEFAULT_CALLBACK_THREADS;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(() -> {
                        CALLBACK_THREAD_OF.set(this);
                        r.run();
                    }, "qmp4j-callback-" + clientId + "-" + n.incrementAndGet());
                    callbackThreads.removeIf(old -> !old.isAlive()); // idle threads end and are made anew
                    callbackThreads.add(t);
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}

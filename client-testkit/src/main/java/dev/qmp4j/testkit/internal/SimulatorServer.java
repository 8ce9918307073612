package dev.qmp4j.testkit.internal;

import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.testkit.QmpCommandHandler;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedRunState;
import dev.qmp4j.testkit.SimulatedSession;
import dev.qmp4j.testkit.SimulatorTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's engine: one selector thread does all socket I/O and runs every command, so
 * protocol state needs no locks; one timer thread only re-submits delayed work to it.
 */
public final class SimulatorServer implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int BACKLOG = 4096;

    private final QmpSimulatorOptions options;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final QmpEndpoint endpoint;
    private final Optional<Path> socketFile;
    private final Optional<Path> tempDir;
    private final Thread ioThread;
    private final ScheduledThreadPoolExecutor timer;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Long, SimulatorSession> live = new ConcurrentSkipListMap<>();
    private final LinkedBlockingQueue<SimulatorSession> accepted = new LinkedBlockingQueue<>();
    private final Map<String, QmpCommandHandler> handlers = new ConcurrentHashMap<>();
    private final Set<String> oobCommands = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final BuiltinCommands builtins;
    private volatile SimulatedRunState runState;
    private volatile boolean quit;

    private SimulatorServer(QmpSimulatorOptions options) throws IOException {
        this.options = options;
        this.runState = options.initialRunState();
        this.handlers.putAll(options.handlers());
        this.oobCommands.addAll(options.oobCommands());
        this.builtins = new BuiltinCommands(this);
        int instance = INSTANCES.incrementAndGet();
        Optional<Path> dir = Optional.empty();
        Optional<Path> file = Optional.empty();
        ServerSocketChannel channel;
        QmpEndpoint bound;
        Optional<QmpEndpoint> requested = options.listenEndpoint();
        if (requested.isEmpty() || requested.get().unixPath().isPresent()) {
            if (requested.isEmpty()) {
                dir = Optional.of(Files.createTempDirectory("qmp-sim"));
            }
            Path path = requested.isEmpty() ? dir.get().resolve("qmp.sock") : requested.get().unixPath().get();
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(path), BACKLOG);
            } catch (IOException e) {
                channel.close();
                if (dir.isPresent()) {
                    Files.deleteIfExists(dir.get());
                }
                throw e;
            }
            file = Optional.of(path);
            bound = QmpEndpoint.unix(path);
        } else {
            InetSocketAddress address = (InetSocketAddress) requested.get().socketAddress();
            channel = ServerSocketChannel.open();
            channel.bind(address, BACKLOG);
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            bound = QmpEndpoint.tcp(address.getHostString(), port);
        }
        this.listener = channel;
        this.endpoint = bound;
        this.socketFile = file;
        this.tempDir = dir;
        this.selector = Selector.open();
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "qmp-simulator-timer-" + instance);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.ioThread = new Thread(this::loop, "qmp-simulator-io-" + instance);
        ioThread.setDaemon(true);
        ioThread.start();
    }

    /**
     * Binds and starts a simulator engine.
     *
     * @param options the options
     * @return the running engine
     */
    public static SimulatorServer start(QmpSimulatorOptions options) {
        try {
            return new SimulatorServer(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start QMP simulator: " + e.getMessage(), e);
        }
    }

    /** @return the endpoint clients connect to */
    public QmpEndpoint endpoint() {
        return endpoint;
    }

    /** @return the options */
    public QmpSimulatorOptions options() {
        return options;
    }

    /** @return the current run state */
    public SimulatedRunState runState() {
        return runState;
    }

    /** @return whether a {@code quit} was received */
    public boolean hasQuit() {
        return quit;
    }

    /**
     * Adds or replaces a command handler.
     *
     * @param command name
     * @param handler handler
     * @param allowOob whether it accepts {@code exec-oob}
     */
    public void addHandler(String command, QmpCommandHandler handler, boolean allowOob) {
        handlers.put(command, handler);
        if (allowOob) {
            oobCommands.add(command);
        } else {
            oobCommands.remove(command);
        }
    }

    /** @return open sessions in accept order */
    public List<SimulatedSession> sessions() {
        return List.copyOf(live.values());
    }

    /**
     * Takes the next accepted session not yet returned.
     *
     * @param timeout how long to wait
     * @return the session
     */
    public SimulatedSession awaitSession(Duration timeout) {
        try {
            SimulatorSession session = accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (session == null) {
                throw new SimulatorTimeoutException("no new session connected within " + timeout);
            }
            return session;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorTimeoutException("interrupted while waiting for a session");
        }
    }

    /**
     * Sends an event to every session in command mode.
     *
     * @param event the event
     */
    public void broadcast(SimulatedEvent event) {
        runOnLoop(() -> live.values().forEach(s -> s.writeEvent(event)));
    }

    Map<String, QmpCommandHandler> handlers() {
        return handlers;
    }

    Set<String> oobCommands() {
        return oobCommands;
    }

    BuiltinCommands builtins() {
        return builtins;
    }

    void setRunState(SimulatedRunState state) {
        runState = state;
    }

    /** QEMU exits on quit: stop accepting, and close every session once its output is written. */
    void quit() {
        quit = true;
        try {
            listener.close();
            if (socketFile.isPresent()) {
                Files.deleteIfExists(socketFile.get()); // refuse new clients at once, as the gone QEMU would
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    void closeAllAfterFlush() {
        live.values().forEach(SimulatorSession::closeWhenFlushed);
    }

    /** Runs the task on the I/O thread: now if already there, else soon (in submission order). */
    void runOnLoop(Runnable task) {
        if (Thread.currentThread() == ioThread) {
            task.run();
        } else {
            tasks.add(task);
            selector.wakeup();
        }
    }

    void schedule(Runnable task, Duration delay) {
        if (closed.get()) {
            return;
        }
        if (delay.isZero()) {
            runOnLoop(task);
            return;
        }
        try {
            timer.schedule(() -> runOnLoop(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing: the work no longer matters
        }
    }

    SelectionKey register(SimulatorSession session, SocketChannel channel) throws IOException {
        return channel.register(selector, SelectionKey.OP_READ, session);
    }

    void onClosed(SimulatorSession session) {
        live.remove(session.id());
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    private void loop() {
        try {
            while (!closed.get()) {
                selector.select();
                runTasks();
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                e.printStackTrace(); // the simulator is a test tool: make a broken engine visible
            }
        } finally {
            for (SimulatorSession session : new ArrayList<>(live.values())) {
                session.closeNow();
            }
            try {
                listener.close();
                selector.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptAll();
            return;
        }
        SimulatorSession session = (SimulatorSession) key.attachment();
        try {
            if (key.isReadable()) {
                session.onReadable();
            }
            if (key.isValid() && key.isWritable()) {
                session.flush();
            }
        } catch (IOException | RuntimeException e) {
            session.closeNow();
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (channel == null) {
                return;
            }
            SimulatorSession session = new SimulatorSession(this, channel, sessionIds.incrementAndGet());
            live.put(session.id(), session);
            accepted.add(session);
            try {
                session.start();
            } catch (IOException | RuntimeException e) {
                session.closeNow();
            }
        }
    }

    /** Closes every session and the listener, stops both threads, deletes created files. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        selector.wakeup();
        if (Thread.currentThread() != ioThread) {
            try {
                ioThread.join(10_000);
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (socketFile.isPresent()) {
                Files.deleteIfExists(socketFile.get());
            }
            if (tempDir.isPresent()) {
                Files.deleteIfExists(tempDir.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete simulator socket file", e);
        }
    }
}

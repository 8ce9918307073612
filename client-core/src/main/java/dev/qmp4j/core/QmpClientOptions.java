package dev.qmp4j.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Settings of a {@link QmpClient} and the sessions it opens. Immutable; build with
 * {@link #builder()}, change a copy with {@link #toBuilder()}.
 */
public final class QmpClientOptions {
    /** Default number of I/O threads shared by all connections of a client: {@value}. */
    public static final int DEFAULT_IO_THREADS = 1;
    /** Default number of threads of the client's own callback executor: {@value}. */
    public static final int DEFAULT_CALLBACK_THREADS = 2;
    /** Default time for connect, greeting and negotiation together: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a command may take until its reply: 30 seconds. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Default largest message accepted from the server, and largest command sent: {@value} bytes
     * (4 MiB; QEMU's largest usual reply, {@code query-qmp-schema}, is about 210 KB). With
     * {@link #DEFAULT_MAX_MESSAGE_VALUES}, one message costs at most about 36 MB of heap while it is
     * decoded (see {@link #maxMessageValues()}), so the defaults are safe in a 64 MiB heap.
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /**
     * Default largest number of JSON values in one message from the server: {@value} (QEMU
     * 10.0's {@code query-qmp-schema} reply has about 18,000).
     */
    public static final int DEFAULT_MAX_MESSAGE_VALUES = 200_000;
    /** Default largest number of commands per session waiting for their reply: {@value}. */
    public static final int DEFAULT_MAX_PENDING_COMMANDS = 4096;
    /** Capabilities enabled by default when the server offers them: {@code oob}. */
    public static final Set<String> DEFAULT_CAPABILITIES = Set.of("oob");

    private final int ioThreads;
    private final Executor callbackExecutor;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int maxMessageBytes;
    private final int maxMessageValues;
    private final int maxPendingCommands;
    private final Set<String> capabilities;
    private final ReconnectOptions reconnect;
    private final boolean fileDescriptorPassing;
    private final boolean inBandCommandIds;

    private QmpClientOptions(Builder b) {
        this.ioThreads = b.ioThreads;
        this.callbackExecutor = b.callbackExecutor;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.maxMessageBytes = b.maxMessageBytes;
        this.maxMessageValues = b.maxMessageValues;
        this.maxPendingCommands = b.maxPendingCommands;
        this.capabilities = b.capabilities;
        this.reconnect = b.reconnect;
        this.fileDescriptorPassing = b.fileDescriptorPassing;
        this.inBandCommandIds = b.inBandCommandIds;
    }

    /**
     * The default options.
     *
     * @return options with every {@code DEFAULT_*} value
     */
    public static QmpClientOptions defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return a new builder holding this object's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ioThreads = ioThreads;
        b.callbackExecutor = callbackExecutor;
        b.connectTimeout = connectTimeout;
        b.commandTimeout = commandTimeout;
        b.maxMessageBytes = maxMessageBytes;
        b.maxMessageValues = maxMessageValues;
        b.maxPendingCommands = maxPendingCommands;
        b.capabilities = capabilities;
        b.reconnect = reconnect;
        b.fileDescriptorPassing = fileDescriptorPassing;
        b.inBandCommandIds = inBandCommandIds;
        return b;
    }

    /**
     * Number of selector threads shared by all connections of the client.
     *
     * @return the I/O thread count
     */
    public int ioThreads() {
        return ioThreads;
    }

    /**
     * The executor that completes futures and delivers events, when the caller gave one;
     * when empty the client runs its own {@link #DEFAULT_CALLBACK_THREADS} daemon threads.
     *
     * @return the caller's executor, if any
     */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    /**
     * Time allowed for connecting, receiving the greeting and negotiating capabilities.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Time a command may take until its reply, unless the call gives its own.
     *
     * @return the default command timeout
     */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * Largest message accepted from the server and largest command sent, in bytes. A larger
     * message from the server ends the connection with a {@link QmpProtocolException}; a larger
     * command fails with a {@link QmpLimitExceededException}.
     *
     * @return the limit in bytes
     */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Largest number of JSON values (and member names) in one message from the server, counted
     * by the brackets and separators as the message arrives; a message with more ends the
     * connection with a {@link QmpProtocolException} before it is decoded. Bytes alone do not bound
     * memory: a decoded value costs up to about 100 bytes of heap however short it is on the wire
     * ({@code [1,1,1,...]} grows 40-fold). One message costs at most about
     * {@code 4 × maxMessageBytes + 100 × maxMessageValues} bytes of heap while it is decoded (its
     * bytes, its text and its strings, which take two bytes a character at worst, and its values).
     *
     * @return the limit
     */
    public int maxMessageValues() {
        return maxMessageValues;
    }

    /**
     * Largest number of commands of one session that may wait for their reply; one more fails at
     * once with a {@link QmpLimitExceededException}.
     *
     * @return the limit
     */
    public int maxPendingCommands() {
        return maxPendingCommands;
    }

    /**
     * Capabilities to enable when the server offers them; only those both offered and wanted
     * are sent in {@code qmp_capabilities}. Empty enables none.
     *
     * @return the wanted capabilities
     */
    public Set<String> capabilities() {
        return capabilities;
    }

    /**
     * Whether and how sessions opened with {@link QmpClient#connect(QmpEndpoint)} connect again
     * when the connection is lost; {@link ReconnectOptions#disabled()} by default.
     *
     * @return the reconnection options
     */
    public ReconnectOptions reconnect() {
        return reconnect;
    }

    /**
     * Whether sessions on UNIX sockets can send file descriptors with commands
     * ({@code executeWithFileDescriptors}); off by default.
     *
     * @return whether file descriptor passing is on
     * @see Builder#fileDescriptorPassing(boolean)
     */
    public boolean fileDescriptorPassing() {
        return fileDescriptorPassing;
    }

    /**
     * Whether in-band commands carry an {@code id}; off by default (out-of-band ones always carry one).
     *
     * @return whether in-band commands carry an id
     * @see Builder#inBandCommandIds(boolean)
     */
    public boolean inBandCommandIds() {
        return inBandCommandIds;
    }

    /** Builder of {@link QmpClientOptions}; not thread-safe. */
    public static final class Builder {
        private int ioThreads = DEFAULT_IO_THREADS;
        private Executor callbackExecutor;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int maxMessageValues = DEFAULT_MAX_MESSAGE_VALUES;
        private int maxPendingCommands = DEFAULT_MAX_PENDING_COMMANDS;
        private Set<String> capabilities = DEFAULT_CAPABILITIES;
        private ReconnectOptions reconnect = ReconnectOptions.disabled();
        private boolean fileDescriptorPassing;
        private boolean inBandCommandIds;

        private Builder() {
        }

        /**
         * Sets the number of I/O threads; default {@link #DEFAULT_IO_THREADS}.
         *
         * @param ioThreads at least 1
         * @return this builder
         */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * Sets the executor that completes futures and delivers events. The client does not shut
         * it down. It must not run tasks on the calling thread (such as {@code Runnable::run}),
         * or user code would run on the I/O thread. Callbacks must not block (no {@code join()}
         * inside {@code thenApply}): a pool whose threads all wait cannot deliver the replies and
         * timeouts they wait for. Use the {@code *Async} variants with an executor of your own
         * for blocking work.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets the connect timeout; default {@link #DEFAULT_CONNECT_TIMEOUT}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the default command timeout; default {@link #DEFAULT_COMMAND_TIMEOUT}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "commandTimeout");
            return this;
        }

        /**
         * Sets the message size limit; default {@link #DEFAULT_MAX_MESSAGE_BYTES}.
         *
         * @param bytes at least 1024
         * @return this builder
         */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * Sets the limit on JSON values in one message; default {@link #DEFAULT_MAX_MESSAGE_VALUES}.
         *
         * @param values at least 16
         * @return this builder
         * @throws IllegalArgumentException when below 16
         */
        public Builder maxMessageValues(int values) {
            if (values < 16) {
                throw new IllegalArgumentException("maxMessageValues must be at least 16, got " + values);
            }
            this.maxMessageValues = values;
            return this;
        }

        /**
         * Sets the pending command limit per session; default {@link #DEFAULT_MAX_PENDING_COMMANDS}.
         *
         * @param limit at least 1
         * @return this builder
         */
        public Builder maxPendingCommands(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxPendingCommands must be at least 1, got " + limit);
            }
            this.maxPendingCommands = limit;
            return this;
        }

        /**
         * Sets the capabilities to enable when offered; default {@link #DEFAULT_CAPABILITIES}.
         * Pass an empty set to enable none.
         *
         * @param capabilities capability names such as {@code oob}
         * @return this builder
         */
        public Builder capabilities(Set<String> capabilities) {
            this.capabilities = Set.copyOf(capabilities);
            return this;
        }

        /**
         * Sets whether and how connected sessions reconnect; default
         * {@link ReconnectOptions#disabled()}. With reconnection on, the client refuses
         * {@link QmpClient#listen(QmpEndpoint)}.
         *
         * @param reconnect {@code ReconnectOptions.builder()...build()}, or {@link ReconnectOptions#disabled()}
         * @return this builder
         */
        public Builder reconnect(ReconnectOptions reconnect) {
            this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
            return this;
        }

        /**
         * Turns file descriptor passing on or off; default off. When on, the client's sessions on
         * UNIX sockets (connected or accepted) use junixsocket's sockets, on I/O threads of their
         * own ({@link #ioThreads} of them, started with the first such session), because the JDK's
         * socket channels cannot send file descriptors; TCP sessions stay on the JDK's. junixsocket
         * ({@code com.kohlschutter.junixsocket:junixsocket-core}) is then needed at run time: where
         * it is missing or its native library does not load, UNIX sessions use the JDK's sockets as
         * usual and only sending descriptors fails, saying why.
         *
         * @param on whether sessions on UNIX sockets can send file descriptors
         * @return this builder
         */
        public Builder fileDescriptorPassing(boolean on) {
            this.fileDescriptorPassing = on;
            return this;
        }

        /**
         * Sets whether in-band commands carry an {@code id}; default off. Out-of-band commands,
         * whose replies can overtake, always carry one.
         *
         * <p>Without ids (the default), in-band commands rely on QMP's order: QEMU reads one in-band
         * command, answers it, and only then reads the next, so the session takes each reply
         * without id as the oldest waiting in-band command's. A reply with an id that names no
         * waiting out-of-band command, or one that comes when no command waits, is still logged
         * and dropped. What only ids catch is a server that skips or repeats a reply while other
         * commands wait: without them, the next command would take that reply as its own. QEMU
         * answers every in-band command once and in order; turn ids on for other servers, or to
         * have every reply checked against its command.
         *
         * <p>With ids, each reply is matched to its command by id: replies find their commands in
         * any order, a repeated reply or one for no command of the session is dropped, and a reply
         * the server skips makes only its own command time out, never another take its result.
         *
         * <p>Why ids are off by default: QEMU reads its monitor's input about a byte at a time, so
         * every byte of a command costs it time; a 10-byte id slows both QEMU 7.2's and 10.0's
         * answers to pipelined {@code query-status} commands by about a quarter (README,
         * "Performance"). Commands are checked either way against what QEMU's parser accepts in
         * one command, so that QEMU never answers one command with several errors.
         *
         * @param on whether in-band commands carry an id
         * @return this builder
         */
        public Builder inBandCommandIds(boolean on) {
            this.inBandCommandIds = on;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return immutable options
         */
        public QmpClientOptions build() {
            return new QmpClientOptions(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}

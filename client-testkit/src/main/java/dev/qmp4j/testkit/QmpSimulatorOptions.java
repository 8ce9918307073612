package dev.qmp4j.testkit;

import dev.qmp4j.core.QmpEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Immutable configuration of a {@link QmpSimulator}: where it listens, what it claims to be,
 * extra command handlers, and faults to inject into every session. Defaults match a Debian
 * QEMU 7.2 started with {@code -S}.
 */
public final class QmpSimulatorOptions {
    /** Default QEMU version reported: 7.2.22. */
    public static final int DEFAULT_MAJOR = 7;
    /** Default minor version. */
    public static final int DEFAULT_MINOR = 2;
    /** Default micro version. */
    public static final int DEFAULT_MICRO = 22;
    /** Default package string of the greeting and {@code query-version}. */
    public static final String DEFAULT_PACKAGE = "Debian 1:7.2+dfsg-7+deb12u18";
    /** Capabilities offered in the greeting by default. */
    public static final List<String> DEFAULT_CAPABILITIES = List.of("oob");
    /** Commands that accept {@code exec-oob} on QEMU 7.2 (plus any handler added as out-of-band capable). */
    public static final Set<String> DEFAULT_OOB_COMMANDS = Set.of("migrate-recover", "migrate-pause", "yank", "query-yank");

    /** How lines end in the simulator's output. */
    public enum LineEnding {
        /** {@code \r\n}, as QEMU's monitor writes. */
        CRLF("\r\n"),
        /** {@code \n}, as some other servers (and qemu-ga) write. */
        LF("\n");

        private final String text;

        LineEnding(String text) {
            this.text = text;
        }

        /**
         * The characters.
         *
         * @return the line end
         */
        public String text() {
            return text;
        }
    }

    private final Optional<QmpEndpoint> listenEndpoint;
    private final int major;
    private final int minor;
    private final int micro;
    private final String packageName;
    private final List<String> offeredCapabilities;
    private final SimulatedRunState initialRunState;
    private final Optional<String> vmName;
    private final Map<String, QmpCommandHandler> handlers;
    private final Set<String> oobCommands;
    private final Optional<QmpReply.Error> negotiationFailure;
    private final boolean quitWithoutReply;
    private final boolean closeOnAccept;
    private final OptionalLong closeAfterBytesWritten;
    private final boolean stallBeforeGreeting;
    private final Duration replyDelay;
    private final List<SimulatedEvent> eventsBeforeGreeting;
    private final Optional<SimulatedEvent> eventDuringNegotiation;
    private final boolean prettyOutput;
    private final LineEnding lineEnding;
    private final Optional<Duration> byteByByteWrites;
    private final Optional<String> rawGreeting;

    private QmpSimulatorOptions(Builder b) {
        listenEndpoint = b.listenEndpoint;
        major = b.major;
        minor = b.minor;
        micro = b.micro;
        packageName = b.packageName;
        offeredCapabilities = List.copyOf(b.offeredCapabilities);
        initialRunState = b.initialRunState;
        vmName = b.vmName;
        handlers = Map.copyOf(b.handlers);
        oobCommands = Set.copyOf(b.oobCommands);
        negotiationFailure = b.negotiationFailure;
        quitWithoutReply = b.quitWithoutReply;
        closeOnAccept = b.closeOnAccept;
        closeAfterBytesWritten = b.closeAfterBytesWritten;
        stallBeforeGreeting = b.stallBeforeGreeting;
        replyDelay = b.replyDelay;
        eventsBeforeGreeting = List.copyOf(b.eventsBeforeGreeting);
        eventDuringNegotiation = b.eventDuringNegotiation;
        prettyOutput = b.prettyOutput;
        lineEnding = b.lineEnding;
        byteByByteWrites = b.byteByByteWrites;
        rawGreeting = b.rawGreeting;
    }

    /**
     * The defaults: a fresh UNIX socket, QEMU 7.2 identity, no faults.
     *
     * @return default options
     */
    public static QmpSimulatorOptions defaults() {
        return builder().build();
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Where to listen.
     *
     * @return the endpoint, or empty for a fresh UNIX socket in a private temporary directory
     */
    public Optional<QmpEndpoint> listenEndpoint() {
        return listenEndpoint;
    }

    /**
     * Major version reported.
     *
     * @return the major version
     */
    public int major() {
        return major;
    }

    /**
     * Minor version reported.
     *
     * @return the minor version
     */
    public int minor() {
        return minor;
    }

    /**
     * Micro version reported.
     *
     * @return the micro version
     */
    public int micro() {
        return micro;
    }

    /**
     * Package string reported.
     *
     * @return the package string
     */
    public String packageName() {
        return packageName;
    }

    /**
     * Capabilities offered in the greeting.
     *
     * @return the capabilities
     */
    public List<String> offeredCapabilities() {
        return offeredCapabilities;
    }

    /**
     * Run state at start.
     *
     * @return the initial state
     */
    public SimulatedRunState initialRunState() {
        return initialRunState;
    }

    /**
     * VM name reported by {@code query-name}.
     *
     * @return the name, or empty for none
     */
    public Optional<String> vmName() {
        return vmName;
    }

    /**
     * Extra command handlers, by command name; they take precedence over built-in commands.
     *
     * @return the handlers
     */
    public Map<String, QmpCommandHandler> handlers() {
        return handlers;
    }

    /**
     * Commands that accept {@code exec-oob}.
     *
     * @return the command names
     */
    public Set<String> oobCommands() {
        return oobCommands;
    }

    /**
     * The error every {@code qmp_capabilities} gets, if negotiation is made to fail.
     *
     * @return the error, or empty for normal negotiation
     */
    public Optional<QmpReply.Error> negotiationFailure() {
        return negotiationFailure;
    }

    /**
     * Whether {@code quit} closes the connection right after SHUTDOWN without sending its reply.
     *
     * @return true to skip the reply
     */
    public boolean quitWithoutReply() {
        return quitWithoutReply;
    }

    /**
     * Fault: close every connection as soon as it is accepted, without a greeting.
     *
     * @return true to close at once
     */
    public boolean closeOnAccept() {
        return closeOnAccept;
    }

    /**
     * Fault: close each connection after this many bytes were written to it.
     *
     * @return the byte budget, or empty for none
     */
    public OptionalLong closeAfterBytesWritten() {
        return closeAfterBytesWritten;
    }

    /**
     * Fault: accept but never send the greeting.
     *
     * @return true to stall
     */
    public boolean stallBeforeGreeting() {
        return stallBeforeGreeting;
    }

    /**
     * Fault: a fixed delay before every reply.
     *
     * @return the delay, zero for none
     */
    public Duration replyDelay() {
        return replyDelay;
    }

    /**
     * Fault: events written before the greeting.
     *
     * @return the events
     */
    public List<SimulatedEvent> eventsBeforeGreeting() {
        return eventsBeforeGreeting;
    }

    /**
     * Fault: an event written between receiving {@code qmp_capabilities} and sending its reply.
     *
     * @return the event, or empty for none
     */
    public Optional<SimulatedEvent> eventDuringNegotiation() {
        return eventDuringNegotiation;
    }

    /**
     * Whether output is multi-line JSON, as QEMU's {@code pretty=on}.
     *
     * @return true for pretty output
     */
    public boolean prettyOutput() {
        return prettyOutput;
    }

    /**
     * Line end after each message.
     *
     * @return the line end
     */
    public LineEnding lineEnding() {
        return lineEnding;
    }

    /**
     * Fault: write one byte at a time with this pause in between.
     *
     * @return the pause, or empty for normal writes
     */
    public Optional<Duration> byteByByteWrites() {
        return byteByByteWrites;
    }

    /**
     * Fault: text sent instead of the greeting.
     *
     * @return the text, or empty for the normal greeting
     */
    public Optional<String> rawGreeting() {
        return rawGreeting;
    }

    /** Builds {@link QmpSimulatorOptions}. Not thread-safe. */
    public static final class Builder {
        private Optional<QmpEndpoint> listenEndpoint = Optional.empty();
        private int major = DEFAULT_MAJOR;
        private int minor = DEFAULT_MINOR;
        private int micro = DEFAULT_MICRO;
        private String packageName = DEFAULT_PACKAGE;
        private List<String> offeredCapabilities = new ArrayList<>(DEFAULT_CAPABILITIES);
        private SimulatedRunState initialRunState = SimulatedRunState.PRELAUNCH;
        private Optional<String> vmName = Optional.empty();
        private final Map<String, QmpCommandHandler> handlers = new LinkedHashMap<>();
        private final Set<String> oobCommands = new LinkedHashSet<>(DEFAULT_OOB_COMMANDS);
        private Optional<QmpReply.Error> negotiationFailure = Optional.empty();
        private boolean quitWithoutReply;
        private boolean closeOnAccept;
        private OptionalLong closeAfterBytesWritten = OptionalLong.empty();
        private boolean stallBeforeGreeting;
        private Duration replyDelay = Duration.ZERO;
        private List<SimulatedEvent> eventsBeforeGreeting = new ArrayList<>();
        private Optional<SimulatedEvent> eventDuringNegotiation = Optional.empty();
        private boolean prettyOutput;
        private LineEnding lineEnding = LineEnding.CRLF;
        private Optional<Duration> byteByByteWrites = Optional.empty();
        private Optional<String> rawGreeting = Optional.empty();

        private Builder() {
        }

        private Builder(QmpSimulatorOptions o) {
            listenEndpoint = o.listenEndpoint;
            major = o.major;
            minor = o.minor;
            micro = o.micro;
            packageName = o.packageName;
            offeredCapabilities = new ArrayList<>(o.offeredCapabilities);
            initialRunState = o.initialRunState;
            vmName = o.vmName;
            handlers.putAll(o.handlers);
            oobCommands.clear();
            oobCommands.addAll(o.oobCommands);
            negotiationFailure = o.negotiationFailure;
            quitWithoutReply = o.quitWithoutReply;
            closeOnAccept = o.closeOnAccept;
            closeAfterBytesWritten = o.closeAfterBytesWritten;
            stallBeforeGreeting = o.stallBeforeGreeting;
            replyDelay = o.replyDelay;
            eventsBeforeGreeting = new ArrayList<>(o.eventsBeforeGreeting);
            eventDuringNegotiation = o.eventDuringNegotiation;
            prettyOutput = o.prettyOutput;
            lineEnding = o.lineEnding;
            byteByByteWrites = o.byteByByteWrites;
            rawGreeting = o.rawGreeting;
        }

        /**
         * Listen on a fresh UNIX socket in a private temporary directory (the default); both are
         * deleted on close.
         *
         * @return this builder
         */
        public Builder listenOnFreshUnixSocket() {
            listenEndpoint = Optional.empty();
            return this;
        }

        /**
         * Listen on a UNIX socket at this path; the socket file is deleted on close.
         *
         * @param path the socket path (must not exist yet)
         * @return this builder
         */
        public Builder listenOnUnixSocket(Path path) {
            listenEndpoint = Optional.of(QmpEndpoint.unix(path));
            return this;
        }

        /**
         * Listen on TCP.
         *
         * @param host host or address to bind
         * @param port port, 0 for an ephemeral one
         * @return this builder
         */
        public Builder listenOnTcp(String host, int port) {
            listenEndpoint = Optional.of(QmpEndpoint.tcp(host, port));
            return this;
        }

        /**
         * Listen on an ephemeral TCP port of the loopback address 127.0.0.1.
         *
         * @return this builder
         */
        public Builder listenOnTcp() {
            return listenOnTcp("127.0.0.1", 0);
        }

        /**
         * The QEMU version to report.
         *
         * @param major major version
         * @param minor minor version
         * @param micro micro version
         * @return this builder
         */
        public Builder version(int major, int minor, int micro) {
            this.major = major;
            this.minor = minor;
            this.micro = micro;
            return this;
        }

        /**
         * The package string to report.
         *
         * @param packageName for example {@code "v7.2.0"}
         * @return this builder
         */
        public Builder packageName(String packageName) {
            this.packageName = Objects.requireNonNull(packageName, "packageName");
            return this;
        }

        /**
         * Capabilities offered in the greeting (default {@code ["oob"]}).
         *
         * @param capabilities the capabilities, possibly none
         * @return this builder
         */
        public Builder offeredCapabilities(List<String> capabilities) {
            this.offeredCapabilities = new ArrayList<>(capabilities);
            return this;
        }

        /**
         * Run state at start (default prelaunch, as with {@code -S}).
         *
         * @param state the state
         * @return this builder
         */
        public Builder initialRunState(SimulatedRunState state) {
            this.initialRunState = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * VM name for {@code query-name}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder vmName(String name) {
            this.vmName = Optional.of(name);
            return this;
        }

        /**
         * Adds or replaces an in-band command handler.
         *
         * @param command command name
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(String command, QmpCommandHandler handler) {
            handlers.put(Objects.requireNonNull(command, "command"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Adds or replaces a handler for a command that also accepts {@code exec-oob}.
         *
         * @param command command name
         * @param handler the handler
         * @return this builder
         */
        public Builder oobHandler(String command, QmpCommandHandler handler) {
            handler(command, handler);
            oobCommands.add(command);
            return this;
        }

        /**
         * Makes every {@code qmp_capabilities} fail with this error (the session stays in
         * negotiation mode).
         *
         * @param errorClass error class
         * @param desc error text
         * @return this builder
         */
        public Builder failNegotiation(String errorClass, String desc) {
            this.negotiationFailure = Optional.of(new QmpReply.Error(errorClass, desc));
            return this;
        }

        /**
         * Makes {@code quit} close the connection right after the SHUTDOWN event, without its
         * reply, as QEMU sometimes does.
         *
         * @param value true to skip the reply
         * @return this builder
         */
        public Builder quitWithoutReply(boolean value) {
            this.quitWithoutReply = value;
            return this;
        }

        /**
         * Fault: close each connection as soon as it is accepted.
         *
         * @param value true to enable
         * @return this builder
         */
        public Builder closeOnAccept(boolean value) {
            this.closeOnAccept = value;
            return this;
        }

        /**
         * Fault: close each connection after this many bytes were written to it.
         *
         * @param bytes the byte budget, 0 or more
         * @return this builder
         */
        public Builder closeAfterBytesWritten(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must not be negative: " + bytes);
            }
            this.closeAfterBytesWritten = OptionalLong.of(bytes);
            return this;
        }

        /**
         * Fault: accept connections but never send the greeting.
         *
         * @param value true to enable
         * @return this builder
         */
        public Builder stallBeforeGreeting(boolean value) {
            this.stallBeforeGreeting = value;
            return this;
        }

        /**
         * Fault: wait this long before every reply (in-band replies queue up behind it).
         *
         * @param delay the delay, zero for none
         * @return this builder
         */
        public Builder replyDelay(Duration delay) {
            if (Objects.requireNonNull(delay, "delay").isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
            this.replyDelay = delay;
            return this;
        }

        /**
         * Fault: send this event before the greeting (may be called several times).
         *
         * @param event the event
         * @return this builder
         */
        public Builder eventBeforeGreeting(SimulatedEvent event) {
            eventsBeforeGreeting.add(Objects.requireNonNull(event, "event"));
            return this;
        }

        /**
         * Fault: send this event after receiving {@code qmp_capabilities}, before its reply.
         *
         * @param event the event
         * @return this builder
         */
        public Builder eventDuringNegotiation(SimulatedEvent event) {
            this.eventDuringNegotiation = Optional.of(event);
            return this;
        }

        /**
         * Multi-line JSON output, as QEMU's {@code pretty=on}.
         *
         * @param value true for pretty output
         * @return this builder
         */
        public Builder prettyOutput(boolean value) {
            this.prettyOutput = value;
            return this;
        }

        /**
         * Line end of every message (default CRLF).
         *
         * @param lineEnding the line end
         * @return this builder
         */
        public Builder lineEnding(LineEnding lineEnding) {
            this.lineEnding = Objects.requireNonNull(lineEnding, "lineEnding");
            return this;
        }

        /**
         * Fault: write output one byte at a time with this pause in between, so a client sees one
         * message over many reads.
         *
         * @param pause pause between bytes
         * @return this builder
         */
        public Builder byteByByteWrites(Duration pause) {
            if (Objects.requireNonNull(pause, "pause").isNegative()) {
                throw new IllegalArgumentException("pause must not be negative: " + pause);
            }
            this.byteByByteWrites = Optional.of(pause);
            return this;
        }

        /**
         * Fault: send this text instead of the greeting (as is, no line end added).
         *
         * @param text the text
         * @return this builder
         */
        public Builder rawGreeting(String text) {
            this.rawGreeting = Optional.of(text);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return immutable options
         */
        public QmpSimulatorOptions build() {
            return new QmpSimulatorOptions(this);
        }

        /**
         * Builds the options and starts a simulator with them.
         *
         * @return the running simulator
         */
        public QmpSimulator start() {
            return QmpSimulator.start(build());
        }
    }
}

package dev.qmp4j.core.launch;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.Durations;
import dev.qmp4j.core.internal.launch.OutputTail;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Starts QEMU with QMP in accept mode: the client listens on a UNIX socket in a fresh private
 * directory (mode 0700) and QEMU, started with {@code -qmp unix:PATH}, connects to it. No polling
 * for a socket to appear, no sleeps, no port to race for. Immutable and reusable; build with
 * {@link #builder()}.
 *
 * <pre>{@code
 * QemuLauncher launcher = QemuLauncher.builder()
 *         .arguments("-machine", "none", "-nodefaults", "-display", "none", "-S")
 *         .build();
 * try (QmpClient client = QmpClient.create();
 *      QemuProcess qemu = launcher.launch(client).get(30, SECONDS)) {
 *     qemu.session().execute("query-status").get(10, SECONDS);
 *     qemu.shutdown(Duration.ofSeconds(10)).get(20, SECONDS);
 * }
 * }</pre>
 */
public final class QemuLauncher {
    /** Binary looked up on {@code PATH} when none is given: {@value}. */
    public static final String DEFAULT_BINARY = "qemu-system-x86_64";
    /** Default time for QEMU to start and reach command mode: 30 seconds. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of QEMU's last output bytes kept: {@value}. */
    public static final int DEFAULT_OUTPUT_LIMIT_BYTES = 64 * 1024;

    private final Optional<Path> binary;
    private final String binaryName;
    private final List<String> arguments;
    private final Duration startTimeout;
    private final int outputLimitBytes;

    private QemuLauncher(Builder b) {
        this.binary = Optional.ofNullable(b.binary);
        this.binaryName = b.binaryName;
        this.arguments = List.copyOf(b.arguments);
        this.startTimeout = b.startTimeout;
        this.outputLimitBytes = b.outputLimitBytes;
    }

    /**
     * A builder with the defaults: {@link #DEFAULT_BINARY} from {@code PATH}, no arguments.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The QEMU binary: the one given, or the first {@link Builder#binaryName} on {@code PATH}.
     *
     * @return an executable file
     * @throws QemuLaunchException when there is none
     */
    public Path resolveBinary() {
        if (binary.isPresent()) {
            if (!Files.isExecutable(binary.get())) {
                throw new QemuLaunchException("QEMU binary " + binary.get() + " is not an executable file", "", null);
            }
            return binary.get();
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, binaryName))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new QemuLaunchException(binaryName + " was not found on PATH", "", null));
    }

    /**
     * The arguments given to QEMU before the {@code -qmp} option the launcher adds.
     *
     * @return the arguments
     */
    public List<String> arguments() {
        return arguments;
    }

    /**
     * Starts QEMU and connects to it.
     *
     * @param client the client whose threads carry the session; it must outlive the process
     * @return the running process with its session in command mode; fails with
     *     {@link QemuLaunchException} (with QEMU's own error line) when QEMU cannot start, exits
     *     early or does not connect within the start timeout
     */
    public CompletableFuture<QemuProcess> launch(QmpClient client) {
        Objects.requireNonNull(client, "client");
        try {
            return start(client);
        } catch (QemuLaunchException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<QemuProcess> start(QmpClient client) {
        Path dir;
        QmpListener listener;
        Process process;
        Path exe = resolveBinary();
        try {
            dir = Files.createTempDirectory("qmp4j-qemu-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new QemuLaunchException("cannot create a private directory for the QMP socket: " + e, "", e);
        }
        Path socket = dir.resolve("qmp.sock");
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(arguments);
        command.add("-qmp");
        command.add("unix:" + socket);
        try {
            listener = client.listen(QmpEndpoint.unix(socket));
        } catch (RuntimeException e) {
            QemuProcess.deleteTree(dir);
            throw new QemuLaunchException("cannot listen on " + socket + ": " + e.getMessage(), "", e);
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            listener.close();
            QemuProcess.deleteTree(dir);
            throw new QemuLaunchException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), "", e);
        }
        OutputTail output = new OutputTail(process.getInputStream(), outputLimitBytes,
                "qmp4j-qemu-output-" + process.pid());
        QemuProcess qemu = new QemuProcess(process, command, dir, output);
        return connect(qemu, listener);
    }

    /**
     * Waits for whichever comes first: QEMU's connection, its exit, or the start timeout. A failed
     * launch completes only once QEMU is gone and its directory removed, so that a caller who
     * sees the failure finds nothing left behind.
     */
    private CompletableFuture<QemuProcess> connect(QemuProcess qemu, QmpListener listener) {
        CompletableFuture<QemuProcess> first = new CompletableFuture<>();
        CompletableFuture<QmpSession> accepted = listener.accept();
        accepted.whenComplete((session, error) -> {
            listener.close();
            if (error != null) {
                first.completeExceptionally(qemu.launchFailure("QEMU did not connect: " + error.getMessage(), error));
            } else if (!first.isDone()) {
                qemu.connected(session);
                first.complete(qemu);
            } else {
                session.close();
            }
        });
        qemu.process().onExit().thenRun(() -> first.completeExceptionally(
                qemu.launchFailure("QEMU exited with code " + qemu.process().exitValue() + " before connecting", null)));
        // orTimeout drops its timer as soon as the launch is decided: a pending timer would keep the whole
        // launch (process, output, session) reachable until the start timeout, long after it was closed.
        first.orTimeout(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<QemuProcess> result = new CompletableFuture<>();
        first.whenCompleteAsync((process, error) -> { // async: the clean-up waits for QEMU to end
            if (error == null) {
                result.complete(process);
                return;
            }
            accepted.cancel(false);
            listener.close();
            qemu.close();
            String late = "QEMU did not connect within " + Durations.text(startTimeout);
            result.completeExceptionally(error instanceof TimeoutException
                    ? qemu.launchFailure(late, new QmpTimeoutException(late))
                    : error);
        });
        return result;
    }

    /** Builder of {@link QemuLauncher}; not thread-safe. */
    public static final class Builder {
        private Path binary;
        private String binaryName = DEFAULT_BINARY;
        private final List<String> arguments = new ArrayList<>();
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private int outputLimitBytes = DEFAULT_OUTPUT_LIMIT_BYTES;

        private Builder() {
        }

        /**
         * Uses this QEMU binary instead of looking one up on {@code PATH}.
         *
         * @param binary path to an executable
         * @return this builder
         */
        public Builder binary(Path binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /**
         * The name looked up on {@code PATH} when no binary is given; default {@link #DEFAULT_BINARY}.
         *
         * @param name a file name such as {@code qemu-system-aarch64}
         * @return this builder
         */
        public Builder binaryName(String name) {
            this.binaryName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Adds QEMU arguments (the launcher adds {@code -qmp unix:PATH} after them).
         *
         * @param args arguments such as {@code "-machine", "none"}
         * @return this builder
         */
        public Builder arguments(String... args) {
            return arguments(List.of(args));
        }

        /**
         * Adds QEMU arguments (the launcher adds {@code -qmp unix:PATH} after them).
         *
         * @param args arguments such as {@code "-machine", "none"}
         * @return this builder
         */
        public Builder arguments(List<String> args) {
            for (String a : args) {
                arguments.add(Objects.requireNonNull(a, "argument"));
            }
            return this;
        }

        /**
         * Sets how long QEMU may take to start and connect; default {@link #DEFAULT_START_TIMEOUT}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, got " + Durations.text(timeout));
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Sets how many of QEMU's last output bytes are kept; default {@link #DEFAULT_OUTPUT_LIMIT_BYTES}.
         *
         * @param bytes at least 1024
         * @return this builder
         */
        public Builder outputLimitBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("outputLimitBytes must be at least 1024, got " + bytes);
            }
            this.outputLimitBytes = bytes;
            return this;
        }

        /**
         * Builds the launcher.
         *
         * @return an immutable launcher
         */
        public QemuLauncher build() {
            return new QemuLauncher(this);
        }
    }
}

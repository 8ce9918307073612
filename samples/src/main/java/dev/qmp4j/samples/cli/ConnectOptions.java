package dev.qmp4j.samples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that go with every endpoint: how long to wait, and which QEMU {@code --launch}
 * starts with which arguments.
 */
public final class ConnectOptions {
    /** The environment variable naming the default QEMU binary of {@code --launch}, as in the tests. */
    public static final String QEMU_BINARY_VARIABLE = "QMP4J_QEMU_BINARY";

    /** {@code --timeout} when it is not given, in seconds. */
    static final String DEFAULT_TIMEOUT = "10";

    @Option(names = "--qemu-binary", paramLabel = "PATH",
            description = "The QEMU that --launch starts (default: $" + QEMU_BINARY_VARIABLE
                    + " when set, else qemu-system-x86_64 on PATH).")
    Path qemuBinary;

    @Option(names = "--qemu-arg", paramLabel = "ARG",
            description = {"One more QEMU argument for --launch, repeatable, added after "
                    + "-machine none -nodefaults -display none -S (a later -machine wins): "
                    + "--qemu-arg=-name --qemu-arg=vm1. Best written with '=' when ARG starts with '-'."})
    List<String> qemuArguments = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = DEFAULT_TIMEOUT, converter = Seconds.class,
            description = "Time for connecting and for each command, more than 0 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--in-band-ids", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = {"Whether in-band commands carry an id (default: they do not: QEMU answers them in order, "
                    + "and every byte of a command costs QEMU time). With --in-band-ids each reply is checked "
                    + "against its command by id."})
    boolean inBandIds;

    /**
     * Whether in-band commands carry an id: {@code --in-band-ids}, or {@code --no-in-band-ids},
     * the default.
     *
     * @return whether in-band commands carry an id
     */
    public boolean inBandIds() {
        return inBandIds;
    }

    /**
     * The timeout for connecting and for each command.
     *
     * @return a positive duration
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The QEMU binary that {@code --launch} starts: {@code --qemu-binary}, else
     * {@code $QMP4J_QEMU_BINARY}, else none (the launcher looks on {@code PATH}).
     *
     * @return the binary, or empty for the one on {@code PATH}
     */
    public Optional<Path> qemuBinary() {
        return qemuBinary(qemuBinary);
    }

    /**
     * A QEMU binary given on the command line, else the one {@code $QMP4J_QEMU_BINARY} names.
     *
     * @param given the option's value, or null when it was not given
     * @return the binary, or empty for the one on {@code PATH}
     */
    static Optional<Path> qemuBinary(Path given) {
        if (given != null) {
            return Optional.of(given);
        }
        String fromEnvironment = System.getenv(QEMU_BINARY_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? Optional.empty()
                : Optional.of(Path.of(fromEnvironment));
    }

    /**
     * The extra QEMU arguments of {@code --qemu-arg}, in order.
     *
     * @return the arguments, possibly none
     */
    public List<String> qemuArguments() {
        return List.copyOf(qemuArguments);
    }

    /**
     * Fails when a launch option was given for an endpoint that launches nothing.
     *
     * @param launching whether the endpoint is {@code --launch}
     * @throws IllegalArgumentException naming the option
     */
    void checkLaunchOptions(boolean launching) {
        if (launching) {
            return;
        }
        if (qemuBinary != null) {
            throw new IllegalArgumentException("--qemu-binary goes with --launch");
        }
        if (!qemuArguments.isEmpty()) {
            throw new IllegalArgumentException("--qemu-arg goes with --launch");
        }
    }
}

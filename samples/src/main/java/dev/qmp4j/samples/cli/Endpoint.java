package dev.qmp4j.samples.cli;

import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The endpoint options every subcommand shares: where QMP is, and how long to wait. */
public final class Endpoint {
    /** The QEMU arguments of {@code --launch}: a throwaway machine without guest, paused. */
    static final String[] LAUNCH_ARGUMENTS = {"-machine", "none", "-nodefaults", "-display", "none", "-S"};

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Endpoint (exactly one):%n")
    Where where;

    @Option(names = "--qemu-binary", paramLabel = "PATH",
            description = "The QEMU that --launch starts (default: qemu-system-x86_64 on PATH).")
    Path qemuBinary;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time for connecting and for each command (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    /** Exactly one of the three ways to reach QMP. */
    static final class Where {
        @Option(names = "--socket", paramLabel = "PATH", description = "QMP UNIX socket to connect to.")
        Path socket;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "QMP TCP address to connect to.")
        String tcp;

        @Option(names = "--launch", description = "Start a throwaway QEMU (-machine none) and talk to it.")
        boolean launch;
    }

    /**
     * The timeout as a duration.
     *
     * @return the connect and per-command timeout
     */
    public Duration timeout() {
        return seconds(timeoutSeconds);
    }

    /** A {@code --timeout}-style number of seconds (fractions allowed) as a duration of at least 1 ms. */
    static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    /**
     * Connects (or launches and connects) in command mode.
     *
     * @return the open connection; close it when done
     * @throws Exception when connecting fails (mapped to exit codes by the caller)
     */
    public Connection open() throws Exception {
        if (qemuBinary != null && !where.launch) {
            throw new IllegalArgumentException("--qemu-binary goes with --launch");
        }
        QmpClientOptions options = QmpClientOptions.builder().connectTimeout(timeout()).commandTimeout(timeout()).build();
        BlockingQmpClient client = BlockingQmpClient.create(options);
        try {
            if (where.launch) {
                QemuLauncher.Builder launcher = QemuLauncher.builder().arguments(LAUNCH_ARGUMENTS).startTimeout(timeout());
                if (qemuBinary != null) {
                    launcher.binary(qemuBinary);
                }
                QemuProcess qemu = awaitLaunch(launcher.build(), client, timeout().plusSeconds(5));
                return new Connection(client, BlockingQmpSession.of(qemu.session()), Optional.of(qemu));
            }
            QmpEndpoint endpoint = where.socket != null ? QmpEndpoint.unix(where.socket) : tcp(where.tcp);
            return new Connection(client, client.connect(endpoint), Optional.empty());
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    /** Launches QEMU and waits for its session, with the launcher's failure (QEMU's own words) as is. */
    static QemuProcess awaitLaunch(QemuLauncher launcher, BlockingQmpClient client, Duration wait) throws Exception {
        try {
            return launcher.launch(client.async()).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("QEMU did not start within " + wait.toSeconds() + " s", e);
        }
    }

    private static QmpEndpoint tcp(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--tcp takes HOST:PORT, got '" + hostPort + "'");
        }
        try {
            return QmpEndpoint.tcp(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tcp port must be a number, got '" + hostPort + "'", e);
        }
    }

    /**
     * A session and what it needs: the client, and the QEMU when launched.
     *
     * @param client the client carrying the session
     * @param session the session in command mode
     * @param qemu the launched QEMU, if {@code --launch}
     */
    public record Connection(BlockingQmpClient client, BlockingQmpSession session, Optional<QemuProcess> qemu)
            implements AutoCloseable {
        /** Closes the session, stops a launched QEMU and the client's threads. */
        @Override
        public void close() {
            try {
                session.close();
                qemu.ifPresent(QemuProcess::close);
            } finally {
                client.close();
            }
        }
    }
}

package dev.qmp4j.samples.cli;

import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.DisconnectedCalls;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.QmpSimulator;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A session in command mode and what it needs: the client, and the QEMU or simulator when the
 * tool started one.
 *
 * @param client the client carrying the session
 * @param session the session in command mode
 * @param qemu the launched QEMU, with {@code --launch}
 * @param simulator the embedded simulator, with {@code --simulator}
 */
public record Connection(BlockingQmpClient client, BlockingQmpSession session, Optional<QemuProcess> qemu,
        Optional<QmpSimulator> simulator) implements AutoCloseable {
    /** The QEMU arguments of {@code --launch}, before any {@code --qemu-arg}: a machine without guest, paused. */
    static final String[] LAUNCH_ARGUMENTS = {"-machine", "none", "-nodefaults", "-display", "none", "-S"};

    /** How much longer than its own start timeout the launcher may take to report (it stops QEMU first). */
    private static final Duration LAUNCHER_GRACE = Duration.ofSeconds(30);

    /**
     * Connects (or starts a QEMU or the simulator and connects) in command mode.
     *
     * @param target where QMP is
     * @param options timeout and launch options
     * @return the open connection; close it when done
     * @throws IllegalArgumentException for launch options without {@code --launch}
     * @throws QmpConnectionException when the server refuses capabilities negotiation
     * @throws Exception when connecting fails otherwise (mapped to exit codes by the caller)
     */
    public static Connection open(Target target, ConnectOptions options) throws Exception {
        return open(target, options, false, false);
    }

    /**
     * Connects as {@link #open(Target, ConnectOptions)} does; with {@code reconnect}, the session
     * connects again whenever the connection is lost (QEMU restarted on the same socket), and a
     * command given meanwhile waits for it, within its timeout.
     *
     * @param target where QMP is
     * @param options timeout and launch options
     * @param reconnect whether to reconnect ({@code --reconnect})
     * @param fileDescriptorPassing whether the session must be able to send file descriptors
     * @return the open connection; close it when done
     * @throws IllegalArgumentException for {@code --reconnect} with an endpoint that cannot come back
     * @throws Exception as {@link #open(Target, ConnectOptions)}
     */
    public static Connection open(Target target, ConnectOptions options, boolean reconnect,
            boolean fileDescriptorPassing) throws Exception {
        options.checkLaunchOptions(target instanceof Target.Launch);
        if (reconnect && !(target instanceof Target.Connect)) {
            throw new IllegalArgumentException("--reconnect goes with --socket, --tcp or ADDRESS: what --launch or"
                    + " --simulator starts does not come back once it has ended");
        }
        Duration timeout = options.timeout();
        QmpClientOptions clientOptions = QmpClientOptions.builder().connectTimeout(timeout).commandTimeout(timeout)
                .reconnect(reconnect ? ReconnectOptions.builder().disconnectedCalls(DisconnectedCalls.WAIT).build()
                        : ReconnectOptions.disabled())
                .fileDescriptorPassing(fileDescriptorPassing).inBandCommandIds(options.inBandIds()).build();
        BlockingQmpClient client = BlockingQmpClient.create(clientOptions);
        try {
            if (target instanceof Target.Connect connect) {
                return new Connection(client, negotiated(client, connect.endpoint()),
                        Optional.empty(), Optional.empty());
            }
            if (target instanceof Target.Simulator) {
                QmpSimulator simulator = QmpSimulator.start();
                try {
                    return new Connection(client, negotiated(client, simulator.endpoint()),
                            Optional.empty(), Optional.of(simulator));
                } catch (RuntimeException e) {
                    simulator.close();
                    throw e;
                }
            }
            QemuLauncher.Builder launcher = QemuLauncher.builder().arguments(LAUNCH_ARGUMENTS)
                    .arguments(options.qemuArguments()).startTimeout(timeout);
            options.qemuBinary().ifPresent(launcher::binary);
            QemuProcess qemu = awaitLaunch(launcher.build(), client, timeout.plus(LAUNCHER_GRACE));
            return new Connection(client, BlockingQmpSession.of(qemu.session()), Optional.of(qemu), Optional.empty());
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    /**
     * Launches QEMU and waits for its session, with the launcher's failure (QEMU's own words) as
     * is. The launcher reports by itself within its start timeout (plus the time to stop QEMU);
     * {@code bound} only guards against a launcher that would not.
     *
     * @param launcher the launcher
     * @param client the client to carry the session
     * @param bound the longest wait
     * @return the running QEMU with its session in command mode
     * @throws Exception the launcher's failure, or a {@link QmpTimeoutException}
     */
    static QemuProcess awaitLaunch(QemuLauncher launcher, BlockingQmpClient client, Duration bound) throws Exception {
        try {
            return launcher.launch(client.async()).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("the QEMU launcher did not report in time", e);
        }
    }

    /**
     * Connects; a refused negotiation is a connection failure, not a failed command: the tool
     * never got to run one.
     */
    private static BlockingQmpSession negotiated(BlockingQmpClient client, QmpEndpoint endpoint) {
        try {
            return client.connect(endpoint);
        } catch (QmpCommandException e) {
            throw new QmpConnectionException("the server refused QMP capabilities negotiation: "
                    + e.rawErrorClass() + ": " + e.description(), e);
        }
    }

    /** Closes the session, stops a launched QEMU or the simulator, and the client's threads. */
    @Override
    public void close() {
        try {
            session.close();
            qemu.ifPresent(QemuProcess::close);
            simulator.ifPresent(QmpSimulator::close);
        } finally {
            client.close();
        }
    }
}

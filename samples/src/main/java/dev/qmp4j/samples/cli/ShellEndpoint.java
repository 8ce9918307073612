package dev.qmp4j.samples.cli;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The endpoint of {@code qmp shell}: as every command's ({@code --socket}, {@code --tcp},
 * {@code --launch}, {@code --simulator}), or as qmp-shell takes it, an {@code ADDRESS} argument
 * (a UNIX socket path, or {@code HOST:PORT}) that defaults to {@code $QMP_SOCKET}.
 */
public final class ShellEndpoint {
    /** The environment variable qmp-shell reads its address from when none is given. */
    public static final String SOCKET_VARIABLE = "QMP_SOCKET";

    @ArgGroup(exclusive = true, multiplicity = "0..1",
            heading = "Endpoint (one of these, or ADDRESS, or $" + SOCKET_VARIABLE + "):%n")
    EndpointChoice choice;

    @Parameters(paramLabel = "ADDRESS", arity = "0..1",
            description = "As for qmp-shell: a QMP UNIX socket path, or HOST:PORT (exactly one colon) for TCP "
                    + "(default: $" + SOCKET_VARIABLE + ").")
    String address;

    @Mixin
    ConnectOptions options;

    /**
     * The timeout as a duration.
     *
     * @return the connect and per-command timeout
     */
    public Duration timeout() {
        return options.timeout();
    }

    /**
     * Where the shell connects: an option, else ADDRESS, else {@code $QMP_SOCKET}.
     *
     * @param environment the environment to read {@code QMP_SOCKET} from
     * @return the target
     * @throws IllegalArgumentException when there is none, or both an option and ADDRESS
     */
    Target target(Map<String, String> environment) {
        if (choice != null && address != null) {
            throw new IllegalArgumentException("give ADDRESS or one of --socket, --tcp, --launch, --simulator, not both");
        }
        if (choice != null) {
            return choice.target();
        }
        if (address != null) {
            return Target.address(address, "ADDRESS");
        }
        String fromEnvironment = environment.get(SOCKET_VARIABLE);
        if (fromEnvironment == null || fromEnvironment.isEmpty()) {
            throw new IllegalArgumentException("no endpoint: give ADDRESS (a socket path or HOST:PORT), set $"
                    + SOCKET_VARIABLE + ", or use --socket, --tcp, --launch or --simulator");
        }
        return Target.address(fromEnvironment, "$" + SOCKET_VARIABLE);
    }

    /**
     * Connects (or launches or starts the simulator, and connects) in command mode.
     *
     * @param reconnect whether to reconnect whenever the connection is lost ({@code --reconnect})
     * @return the open connection; close it when done
     * @throws Exception when connecting fails (mapped to exit codes by the caller)
     */
    public Connection open(boolean reconnect) throws Exception {
        return Connection.open(target(System.getenv()), options, reconnect, false);
    }
}

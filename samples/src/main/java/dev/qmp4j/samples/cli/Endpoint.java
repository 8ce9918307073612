package dev.qmp4j.samples.cli;

import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

/** The endpoint options of {@code exec}, {@code events}, {@code schema} and {@code bench}: exactly one endpoint. */
public final class Endpoint {
    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Endpoint (exactly one):%n")
    EndpointChoice choice;

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
     * Connects (or launches and connects) in command mode.
     *
     * @return the open connection; close it when done
     * @throws Exception when connecting fails (mapped to exit codes by the caller)
     */
    public Connection open() throws Exception {
        return open(false, false);
    }

    /**
     * Connects (or launches and connects) in command mode, reconnecting whenever the connection is
     * lost when asked to, with a client that can send file descriptors when asked.
     *
     * @param reconnect whether to reconnect ({@code --reconnect}; only for {@code --socket} and {@code --tcp})
     * @param fileDescriptorPassing whether the session must be able to send file descriptors
     * @return the open connection; close it when done
     * @throws IllegalArgumentException when it must send descriptors to a TCP endpoint
     * @throws Exception when connecting fails (mapped to exit codes by the caller)
     */
    public Connection open(boolean reconnect, boolean fileDescriptorPassing) throws Exception {
        Target target = choice.target();
        if (fileDescriptorPassing && target instanceof Target.Connect connect && connect.endpoint().unixPath().isEmpty()) {
            throw new IllegalArgumentException("--fd needs a UNIX socket (--socket, --launch or --simulator): "
                    + "file descriptors cannot travel over TCP");
        }
        return Connection.open(target, options, reconnect, fileDescriptorPassing);
    }
}

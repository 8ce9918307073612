package dev.qmp4j.samples.cli;

import dev.qmp4j.core.QmpEndpoint;
import java.nio.file.Path;

/** Where the tool finds QMP: a socket to connect to, a QEMU to launch, or the embedded simulator. */
public sealed interface Target {
    /**
     * A QMP server to connect to.
     *
     * @param endpoint its UNIX or TCP address
     */
    record Connect(QmpEndpoint endpoint) implements Target {
    }

    /** A throwaway QEMU that the tool starts and stops. */
    record Launch() implements Target {
    }

    /** The embedded QMP simulator, which answers like QEMU 7.2. */
    record Simulator() implements Target {
    }

    /**
     * A {@code --tcp} value.
     *
     * @param hostPort {@code HOST:PORT}; the port is after the last colon
     * @param what the option or argument named in errors
     * @return the target
     * @throws IllegalArgumentException when there is no {@code HOST:PORT}
     */
    static Target tcp(String hostPort, String what) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(what + " takes HOST:PORT, got '" + hostPort + "'");
        }
        try {
            return new Connect(QmpEndpoint.tcp(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " port must be a number, got '" + hostPort + "'", e);
        }
    }

    /**
     * An address as qmp-shell reads it: {@code HOST:PORT} when it has exactly one colon, a UNIX
     * socket path otherwise.
     *
     * @param address such as {@code /tmp/qmp.sock} or {@code localhost:4444}
     * @param what the argument or variable named in errors
     * @return the target
     * @throws IllegalArgumentException when a {@code HOST:PORT} has no numeric port
     */
    static Target address(String address, String what) {
        if (address.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':')
                ? tcp(address, what) : new Connect(QmpEndpoint.unix(Path.of(address)));
    }
}

package dev.qmp4j.samples.cli;

import dev.qmp4j.core.QmpEndpoint;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The mutually exclusive options that say where QMP is; see {@link Target}. */
public final class EndpointChoice {
    @Option(names = "--socket", paramLabel = "PATH", description = "QMP UNIX socket to connect to.")
    Path socket;

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "QMP TCP address to connect to.")
    String tcp;

    @Option(names = "--launch", description = "Start a throwaway QEMU (-machine none) and talk to it.")
    boolean launch;

    @Option(names = "--simulator", description = "Talk to the embedded QMP simulator (answers like QEMU 7.2; no QEMU needed).")
    boolean simulator;

    /**
     * The target the one given option names.
     *
     * @return where to find QMP
     * @throws IllegalArgumentException when {@code --tcp} is no {@code HOST:PORT}
     */
    public Target target() {
        if (socket != null) {
            return new Target.Connect(QmpEndpoint.unix(socket));
        }
        if (tcp != null) {
            return Target.tcp(tcp, "--tcp");
        }
        return launch ? new Target.Launch() : new Target.Simulator();
    }
}

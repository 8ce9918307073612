package dev.qmp4j.samples.examples;

import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.blocking.BlockingTypedEventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.core.types.QmpCommands;
import dev.qmp4j.core.types.ResumeEvent;
import dev.qmp4j.core.types.RunState;
import dev.qmp4j.core.types.StatusInfo;
import dev.qmp4j.core.types.VersionInfo;
import dev.qmp4j.reactive.ReactiveQmpCommands;
import dev.qmp4j.reactive.ReactiveQmpSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The typed vocabulary, in the three styles with the same method names: {@link QmpCommands}
 * (futures), {@link BlockingQmpCommands} (values) and {@link ReactiveQmpCommands} (Monos), and a
 * typed event subscription. Results are records ({@link StatusInfo}, {@link VersionInfo}) and
 * enumerations keep values that only a newer QEMU knows ({@link RunState#isKnown()}).
 *
 * <p>Run it without arguments to start a throwaway QEMU (paused), or with the path of a QMP
 * socket of a QEMU that is paused or not started yet (the example resumes it).
 */
public final class TypedCommands {
    private TypedCommands() {
    }

    /**
     * Runs the example.
     *
     * @param args nothing to start QEMU, or the path of a QMP UNIX socket
     * @throws Exception when QEMU cannot be started or reached
     */
    public static void main(String[] args) throws Exception {
        try (QmpClient client = QmpClient.create()) {
            if (args.length > 0) {
                try (QmpSession session = client.connect(QmpEndpoint.unix(Path.of(args[0]))).get(10, TimeUnit.SECONDS)) {
                    run(session, System.out);
                }
                return;
            }
            QemuLauncher launcher = QemuLauncher.builder().arguments(BlockingLifecycle.QEMU_ARGUMENTS).build();
            try (QemuProcess qemu = launcher.launch(client).get(30, TimeUnit.SECONDS)) {
                run(qemu.session(), System.out);
                qemu.shutdown(Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Asks for the status in the three styles, resumes the VM awaiting its typed RESUME event, and
     * reads the version.
     *
     * @param session a session to a QEMU that is paused or not started yet
     * @param out where the results are printed
     * @throws Exception when a command fails or times out
     */
    public static void run(QmpSession session, PrintStream out) throws Exception {
        // README-BEGIN typed-commands
        QmpCommands qmp = QmpCommands.of(session);                                          // futures
        BlockingQmpCommands blocking = BlockingQmpCommands.of(BlockingQmpSession.of(session)); // values
        ReactiveQmpCommands reactive = ReactiveQmpCommands.of(ReactiveQmpSession.of(session)); // Monos

        StatusInfo status = qmp.queryStatus().get(10, TimeUnit.SECONDS);
        out.println("status " + status.status().wireName());                              // prelaunch
        try (BlockingTypedEventSubscription<ResumeEvent> resumes =
                     BlockingQmpSession.of(session).subscribe(ResumeEvent.TYPE)) {
            blocking.cont();
            resumes.next(Duration.ofSeconds(10));                                         // a ResumeEvent
            out.println("resumed, status " + blocking.queryStatus().status().known());    // RUNNING
        }
        VersionInfo version = reactive.queryVersion().block(Duration.ofSeconds(10));
        out.println("QEMU " + version.qemu().major() + "." + version.qemu().minor() + "." + version.qemu().micro()
                + " (" + version.packageValue() + ")");                                   // QEMU 7.2.x (...)
        // README-END typed-commands
    }
}

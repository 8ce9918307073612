package dev.qmp4j.samples.examples;

import com.google.gson.JsonElement;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Walks a VM through its life cycle with the blocking API: {@code cont} (RESUME), {@code stop}
 * (STOP), {@code system_reset} (RESET) and {@code quit} (SHUTDOWN), printing each step.
 *
 * <p>Run it without arguments to start a throwaway QEMU (paused, no guest), or with the path of
 * the QMP socket of a QEMU started with {@code -S -qmp unix:PATH,server=on,wait=off}. The QEMU
 * exits at the end.
 */
public final class BlockingLifecycle {
    /** QEMU's arguments when the example starts its own: no guest, paused ({@code -S}). */
    static final String[] QEMU_ARGUMENTS = {"-machine", "none", "-nodefaults", "-display", "none", "-S"};

    private BlockingLifecycle() {
    }

    /**
     * Runs the example.
     *
     * @param args nothing to start QEMU, or the path of a QMP UNIX socket
     * @throws Exception when QEMU cannot be started or reached
     */
    public static void main(String[] args) throws Exception {
        try (BlockingQmpClient client = BlockingQmpClient.create()) {
            if (args.length > 0) {
                try (BlockingQmpSession session = client.connect(QmpEndpoint.unix(Path.of(args[0])))) {
                    run(session, System.out);
                }
                return;
            }
            // README-BEGIN launch-qemu
            QemuLauncher launcher = QemuLauncher.builder().arguments(QEMU_ARGUMENTS).build();
            try (QemuProcess qemu = launcher.launch(client.async()).get(30, TimeUnit.SECONDS)) {
                run(BlockingQmpSession.of(qemu.session()), System.out);                // the life cycle
                System.out.println("QEMU exited with code " + qemu.onExit().get(10, TimeUnit.SECONDS));
            }   // close() kills a QEMU still running and removes its directory
            // README-END launch-qemu
        }
    }

    /**
     * Walks the life cycle of a VM that is paused or not started yet; QEMU quits at the end.
     *
     * @param session a session to that QEMU
     * @param out where the steps are printed
     */
    public static void run(BlockingQmpSession session, PrintStream out) {
        // README-BEGIN blocking-lifecycle
        Duration timeout = Duration.ofSeconds(10);
        // Subscribe first: an event that comes before the subscription is not seen.
        try (BlockingEventSubscription events = session.subscribe("RESUME", "STOP", "RESET", "SHUTDOWN")) {
            out.println("status " + status(session));                                      // prelaunch
            for (String command : new String[] {"cont", "stop", "system_reset"}) {
                session.execute(command);
                out.println(command + " -> " + events.next(timeout).name() + ", status " + status(session));
            }   // cont -> RESUME, running; stop -> STOP, paused; system_reset -> RESET, prelaunch
            session.execute("quit");                                 // QEMU says SHUTDOWN and exits
            out.println("quit -> " + events.next(timeout).name());  // SHUTDOWN
        }
        // README-END blocking-lifecycle
    }

    private static String status(BlockingQmpSession session) {
        JsonElement status = session.execute("query-status");
        return status.getAsJsonObject().get("status").getAsString();
    }
}

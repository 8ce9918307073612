package dev.qmp4j.samples.shell;

import com.google.gson.JsonPrimitive;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedRunState;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulator for each shell test, running (not paused), with a session to it; register it with
 * {@code @RegisterExtension}. {@code echo} and {@code transaction} answer with their arguments,
 * and {@code human-monitor-command} answers {@code help}, {@code info} and {@code info status}
 * with text in QEMU's format.
 */
final class ShellServer implements BeforeEachCallback, AfterEachCallback {
    /** The human monitor's {@code help}, in QEMU's format: a command a line, usage continued on indented lines. */
    static final String HELP = "announce_self [interfaces] [id] -- Trigger GARP/RARP announcements\r\n"
            + "block_job_cancel [-f] device -- stop an active background block operation (use -f\r\n"
            + "\t\t\t if you want to abort the operation immediately)\r\n"
            + "cont|c  -- resume emulation\r\n"
            + "help|? [cmd] -- show the help\r\n"
            + "info [subcommand] -- show various information about the system state\r\n"
            + "q|quit  -- quit the emulator\r\n"
            + "[,readonly=on|off][,copy-on-read=on|off] -- add drive to PCI storage controller\r\n"
            + "stop|s  -- stop emulation\r\n";

    /** The human monitor's {@code info}, in QEMU's format. */
    static final String INFO = "info balloon  -- show balloon information\r\n"
            + "info block [-n] [-v] [device] -- show info of one block device or all block devices\r\n"
            + "info status  -- show the current VM status (running|paused)\r\n";

    private QmpSimulator simulator;
    private BlockingQmpClient client;
    private BlockingQmpSession session;

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING)
                .handler("echo", request -> QmpReply.success(request.arguments()))
                .handler("transaction", request -> QmpReply.success(request.arguments()))
                .handler("human-monitor-command", request -> {
                    String line = request.arguments().get("command-line").getAsString();
                    String text = switch (line) {
                        case "info status" -> "VM status: running\r\n";
                        case "help" -> HELP;
                        case "info" -> INFO;
                        default -> "unknown command: '" + line + "'\r\n";
                    };
                    return QmpReply.success(new JsonPrimitive(text)); // HMP answers with text, as QEMU does
                })
                .start();
        client = BlockingQmpClient.create();
        session = client.connect(simulator.endpoint());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        session.close();
        client.close();
        simulator.close();
    }

    /** The simulator of the running test. */
    QmpSimulator simulator() {
        return simulator;
    }

    /** The session of the running test, in command mode. */
    BlockingQmpSession session() {
        return session;
    }
}

package dev.qmp4j.samples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.core.types.ShutdownEvent;
import dev.qmp4j.core.types.StatusInfo;
import dev.qmp4j.core.types.VersionInfo;
import dev.qmp4j.testkit.QmpSimulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qmp demo}: a VM's life cycle over QMP, narrated step by step, against a real QEMU when
 * there is one and the embedded {@link QmpSimulator} otherwise.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {"Walk through a VM's life cycle over QMP, one line per step: greeting, negotiation, "
                + "query-status, subscribing, cont and RESUME, stop and STOP, typed commands, quit and SHUTDOWN, "
                + "the connection closing.",
            "By default it starts a real QEMU (" + DemoCommand.QEMU_LINE + ") when there is one ($"
                + ConnectOptions.QEMU_BINARY_VARIABLE + ", else qemu-system-x86_64 on PATH), and the embedded QMP "
                + "simulator otherwise, and says which. Takes a few seconds.",
            "Exit codes: 0 done, 2 usage, 3 QEMU missing (--qemu) or a connection failure, 4 timeout."})
final class DemoCommand implements Callable<Integer> {
    /** The QEMU arguments: a small PC with no devices and no display, paused before it starts (-S). */
    static final String[] QEMU_ARGUMENTS = {"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults",
        "-display", "none", "-S"};
    /** The arguments as one line, for the help. */
    static final String QEMU_LINE = "-machine pc -accel tcg -m 64 -nodefaults -display none -S";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    @ArgGroup(exclusive = true, heading = "Server (default: QEMU when installed, else the simulator):%n")
    Target target = new Target();

    @Option(names = "--qemu-binary", paramLabel = "PATH",
            description = "The QEMU to start (default: $" + ConnectOptions.QEMU_BINARY_VARIABLE
                    + " when set, else qemu-system-x86_64 on PATH).")
    Path qemuBinary;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", converter = Seconds.class,
            description = "Time for each step, more than 0 (default: ${DEFAULT-VALUE}); QEMU gets 30 s more to start.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private int step;

    /** Which server to run against; neither option means "QEMU if installed". */
    static final class Target {
        @Option(names = "--simulator", description = "Use the embedded QMP simulator, even when QEMU is installed.")
        boolean simulator;

        @Option(names = "--qemu", description = "Use a real QEMU; fail (exit 3) when there is none.")
        boolean qemu;
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        QemuLauncher.Builder builder = QemuLauncher.builder().arguments(QEMU_ARGUMENTS)
                .startTimeout(timeout().plusSeconds(30));
        ConnectOptions.qemuBinary(qemuBinary).ifPresent(builder::binary);
        QemuLauncher launcher = builder.build();
        Optional<Path> binary = Optional.empty();
        String missing = "";
        if (!target.simulator) {
            try {
                binary = Optional.of(launcher.resolveBinary());
            } catch (QemuLaunchException e) {
                missing = e.getMessage();
            }
        }
        if (target.qemu && binary.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("qmp: --qemu needs QEMU, but " + missing);
            err.flush();
            return ExitCodes.CONNECTION;
        }
        QmpClientOptions options = QmpClientOptions.builder().connectTimeout(timeout()).commandTimeout(timeout()).build();
        try (BlockingQmpClient client = BlockingQmpClient.create(options)) {
            if (binary.isPresent()) {
                say("Using a real QEMU: " + binary.get() + " " + QEMU_LINE + " (the client listens, QEMU connects)");
                try (QemuProcess qemu = Connection.awaitLaunch(launcher, client, timeout().plusSeconds(60))) {
                    narrate(BlockingQmpSession.of(qemu.session()));
                    int code = qemu.onExit().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
                    say(step() + "QEMU exited with code " + code + ".");
                }
            } else {
                say(target.simulator ? "Using the embedded QMP simulator (--simulator), which answers like QEMU 7.2."
                        : missing + ": using the embedded QMP simulator, which answers like QEMU 7.2.");
                try (QmpSimulator simulator = QmpSimulator.start();
                     BlockingQmpSession session = client.connect(simulator.endpoint())) {
                    narrate(session);
                    say(step() + "The simulator has quit: " + simulator.hasQuit() + ".");
                }
            }
        }
        say("Done.");
        return ExitCodes.OK;
    }

    private void narrate(BlockingQmpSession session) throws Exception {
        QmpGreeting greeting = session.greeting();
        say(step() + "Greeting: QEMU " + greeting.version() + " (" + greeting.packageName() + ") offers capabilities "
                + greeting.capabilities() + ": " + GSON.toJson(greeting.raw()));
        say(step() + "Negotiation: qmp_capabilities enabled " + session.enabledCapabilities()
                + "; the session is in command mode (" + session.state() + ").");
        JsonElement status = session.execute("query-status");
        say(step() + "query-status -> " + GSON.toJson(status));
        try (BlockingEventSubscription events = session.subscribe("STOP", "RESUME", "SHUTDOWN")) {
            say(step() + "Subscribed to STOP, RESUME and SHUTDOWN, before the commands that cause them.");
            if (!status.getAsJsonObject().get("running").getAsBoolean()) {
                say(step() + "cont -> " + GSON.toJson(session.execute("cont")) + ", event: " + await(events, "RESUME"));
            }
            say(step() + "stop -> " + GSON.toJson(session.execute("stop")) + ", event: " + await(events, "STOP"));
            BlockingQmpCommands typed = BlockingQmpCommands.of(session);
            StatusInfo info = typed.queryStatus();
            say(step() + "Typed: queryStatus() -> StatusInfo with status RunState." + info.status().known()
                    + " (\"" + info.status().wireName() + "\"), running " + info.running() + ".");
            VersionInfo version = typed.queryVersion();
            say(step() + "Typed: queryVersion() -> VersionInfo " + version.qemu().major() + "." + version.qemu().minor()
                    + "." + version.qemu().micro() + ", package \"" + version.packageValue() + "\".");
            JsonElement reply = session.execute("quit");
            QmpEvent shutdown = events.awaitEvent(e -> e.name().equals("SHUTDOWN"), timeout());
            say(step() + "quit -> " + GSON.toJson(reply) + ", event: " + EventJson.line(shutdown) + " (typed: reason "
                    + ShutdownEvent.TYPE.decode(shutdown).reason().wireName() + ").");
        }
        Throwable end = session.async().whenClosed().handle((ok, failure) -> failure)
                .get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        say(step() + "The server closed the connection" + (end != null ? " after quit (EOF)" : "")
                + "; the session is " + session.state() + ".");
    }

    private String await(BlockingEventSubscription events, String name) {
        return EventJson.line(events.awaitEvent(e -> e.name().equals(name), timeout()));
    }

    private Duration timeout() {
        return timeout;
    }

    private String step() {
        return ++step + ". ";
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}

package dev.qmp4j.samples.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qmp shell}: an interactive QMP shell, like QEMU's qmp-shell. */
@Command(name = "shell", description = {
    "An interactive QMP shell, like QEMU's qmp-shell: QMP and human monitor commands, transactions, "
        + "completion, events as they arrive.",
    "Type:",
    "  COMMAND key=value ...  runs a QMP command; a dotted key nests",
    "                         (cache.direct=false), a key set twice is an error",
    "  COMMAND {json}         runs a QMP command with a JSON arguments object",
    "  -H HMP-COMMAND         runs a human monitor command (-H info status)",
    "  transaction(           starts a transaction: ACTION key=value ... lines,",
    "                         then ) sends it; one line: transaction( ACTION ... )",
    "  help, quit             (quit ends QEMU too; Ctrl-D only leaves)",
    "With -H every line is a human monitor command. Results print as indented JSON (--no-pretty: one line "
        + "each), human monitor text as it is, events as they arrive. Tab completes command and argument names, "
        + "human monitor commands and info subcommands. On a terminal the shell starts with a banner naming "
        + "QEMU's version and capabilities.",
    "With stdin not a terminal (batch mode) it runs the lines it reads: no banner, no prompt, no history, "
        + "errors on stderr.",
    "With --reconnect a lost connection does not end the shell: it connects again (QEMU restarted on the same "
        + "socket) and says so; a line given meanwhile waits for the connection, up to --timeout.",
    "Exit codes: 0 end of input or quit, 2 usage, 3 connection failed or lost, 4 connect timeout. In batch "
        + "mode a failed line makes it the code of the first failure: 1 QMP error, 2 a line it could not read "
        + "(or input that ends inside a transaction), 4 timeout."},
        mixinStandardHelpOptions = true, versionProvider = ToolVersion.class)
final class ShellCommand implements Callable<Integer> {
    @Mixin
    ShellEndpoint endpoint;

    @Spec
    CommandSpec spec;

    @Option(names = {"-H", "--hmp"}, description = "Human monitor mode: every line is a human monitor command.")
    boolean humanMonitor;

    @Option(names = {"-p", "--pretty"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Results as indented JSON (the default; qmp-shell's -p); --no-pretty prints one line each.")
    boolean pretty;

    @Option(names = {"-l", "--logfile"}, paramLabel = "FILE",
            description = "Log every command and its response to FILE (replaced), one JSON object a line: "
                    + "{\"execute\":...,\"arguments\":...,\"return\"|\"error\":...}.")
    Path logFile;

    @Option(names = "--reconnect", description = "Connect again whenever the connection is lost, and go on (not "
            + "with --launch or --simulator).")
    boolean reconnect;

    @Option(names = "--history", paramLabel = "FILE",
            description = "History file (default: ~/.qmp4j_history); none when stdin is not a terminal.")
    Path history;

    @Override
    public Integer call() throws Exception {
        Optional<ShellLog> log = Optional.ofNullable(logFile).map(ShellLog::open); // before connecting: a usage error
        try (Connection connection = endpoint.open(reconnect)) {
            ShellOptions options = ShellOptions.of(endpoint.timeout()).withHumanMonitor(humanMonitor).withPretty(pretty);
            if (log.isPresent()) {
                options = options.withLog(log.get());
            }
            // System.console() is there only when stdin and stdout are both terminals: otherwise
            // a script is talking, which wants neither a prompt nor echo in its output.
            if (System.console() == null) {
                return ShellInterpreter.piped(connection.session(), System.in, spec.commandLine().getOut(),
                        spec.commandLine().getErr(), options).run();
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                if (connection.qemu().isPresent()) {
                    // The QEMU of --launch is in our process group: a Ctrl-C would reach it as SIGINT
                    // and kill it. Without ISIG, Ctrl-C is a key, which the shell takes as "discard the
                    // line". Closing the terminal restores its settings.
                    Attributes attributes = terminal.getAttributes();
                    attributes.setLocalFlag(Attributes.LocalFlag.ISIG, false);
                    terminal.setAttributes(attributes);
                }
                Path file = history != null ? history : Path.of(System.getProperty("user.home"), ".qmp4j_history");
                return ShellInterpreter.interactive(connection.session(), terminal, Optional.of(file), options).run();
            }
        } finally {
            log.ifPresent(ShellLog::close);
        }
    }
}

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
@Command(name = "shell", description = {"An interactive QMP shell, like QEMU's qmp-shell.", "Type:",
    "  COMMAND key=value ...  or  COMMAND {json}   runs a QMP command",
    "  -H HMP-COMMAND         runs a human monitor command (-H info status)",
    "  help, quit             (quit ends QEMU too; Ctrl-D only leaves)",
    "Results print as JSON, events as they arrive; Tab completes command and",
    "argument names. With stdin not a terminal, runs the lines it reads:",
    "no prompt, no history, errors on stderr.",
    "Exit codes: 0 end of input or quit, 2 usage, 3 connection failed or lost,",
    "4 connect timeout."},
        mixinStandardHelpOptions = true, versionProvider = ToolVersion.class)
final class ShellCommand implements Callable<Integer> {
    @Mixin
    Endpoint endpoint;

    @Spec
    CommandSpec spec;

    @Option(names = "--history", paramLabel = "FILE",
            description = "History file (default: ~/.qmp4j_history); none when stdin is not a terminal.")
    Path history;

    @Override
    public Integer call() throws Exception {
        try (Connection connection = endpoint.open()) {
            // System.console() is there only when stdin and stdout are both terminals: otherwise
            // a script is talking, which wants neither a prompt nor echo in its output.
            if (System.console() == null) {
                return ShellInterpreter.piped(connection.session(), System.in, spec.commandLine().getOut(),
                        spec.commandLine().getErr(), endpoint.timeout()).run();
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
                return ShellInterpreter.interactive(connection.session(), terminal, Optional.of(file),
                        endpoint.timeout()).run();
            }
        }
    }
}

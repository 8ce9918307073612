package dev.qmp4j.samples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code qmp} command-line tool: run QMP commands, watch events, explore the schema,
 * benchmark, an interactive shell, and a guided demo.
 */
@Command(name = "qmp", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Talk to QEMU over the QEMU Machine Protocol.",
        footer = {"", "Every command but demo takes one endpoint: --socket PATH, --tcp HOST:PORT, --launch (a throwaway "
                + "QEMU; --qemu-binary, --qemu-arg) or --simulator (no QEMU needed); shell also takes an ADDRESS or "
                + "$QMP_SOCKET. 'qmp COMMAND --help' explains a command's options.",
            "Environment: " + ConnectOptions.QEMU_BINARY_VARIABLE + " the QEMU of --launch and demo (default "
                + "qemu-system-x86_64 on PATH); QMP_SOCKET the shell's address when none is given.",
            "Exit codes: 0 success, 1 QMP error (CLASS: desc on stderr), 2 usage, 3 connection or protocol failure "
                + "(also a refused negotiation), 4 timeout."},
        subcommands = {ExecCommand.class, EventsCommand.class, SchemaCommand.class, BenchCommand.class, DemoCommand.class, ShellCommand.class})
public final class QmpCli implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log every QMP message and print stack traces of errors.")
    boolean verbose;

    private QmpCli() {
    }

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the tool with the given output streams, without exiting.
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit code (see {@link ExitCodes})
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        QmpCli cli = new QmpCli();
        CommandLine commandLine = new CommandLine(cli).setOut(out).setErr(err)
                .setExecutionStrategy(parsed -> {
                    Logging.configure(cli.verbose);
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setExecutionExceptionHandler((failure, cmd, parsed) -> {
                    if (cli.verbose) {
                        StringWriter trace = new StringWriter();
                        failure.printStackTrace(new PrintWriter(trace));
                        err.print(trace);
                    }
                    if (failure instanceof IllegalArgumentException) {
                        // What was wrong with the arguments, in one line: the usage text would bury it.
                        err.println("qmp: " + failure.getMessage());
                        err.flush();
                        return ExitCodes.USAGE;
                    }
                    err.println(ExitCodes.describe(failure));
                    err.flush();
                    return ExitCodes.of(failure);
                });
        return commandLine.execute(args);
    }

    /** Without a subcommand: show the usage and fail as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
    }
}

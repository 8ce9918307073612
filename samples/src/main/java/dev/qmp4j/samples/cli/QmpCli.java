package dev.qmp4j.samples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
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
                + "(also a refused negotiation), 4 timeout."})
public final class QmpCli implements Runnable {
    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ExecCommand.class, EventsCommand.class, SchemaCommand.class,
            BenchCommand.class, DemoCommand.class, ShellCommand.class);

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
        Optional<ExecCommand> plainExec = PlainExec.parse(args);
        if (plainExec.isPresent()) {
            StartupWarmup.start(plainExec.get().endpoint.choice.tcp == null);
            Logging.configure(false);
            try {
                return plainExec.get().run(out);
            } catch (Exception e) {
                return failed(e, false, err);
            }
        }
        CommandLine commandLine = commandLine(args);
        QmpCli cli = commandLine.getCommand();
        commandLine.setOut(out).setErr(err)
                .setExecutionStrategy(parsed -> {
                    Logging.configure(cli.verbose);
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setExecutionExceptionHandler((failure, cmd, parsed) -> failed(failure, cli.verbose, err));
        return commandLine.execute(args);
    }

    /** Reports a command's failure on {@code err}; returns its exit code. */
    private static int failed(Exception failure, boolean verbose, PrintWriter err) {
        if (verbose) {
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
    }

    /**
     * The command line for these arguments. Picocli builds each command's model by reflection when
     * it is added, which takes a one-shot run a good part of its time: only the subcommand the
     * arguments name is added, or all of them when they name none (help, a typo).
     *
     * @param args the arguments
     * @return the command line, with the subcommands {@code args} may need
     */
    static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new QmpCli());
        Class<?> named = named(args);
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (named == null || named == subcommand) {
                commandLine.addSubcommand(subcommand);
            }
        }
        return commandLine;
    }

    /**
     * The subcommand that the first argument names, after any {@code --verbose}: any other top-level
     * option ({@code --help}, {@code -V}) is about the whole tool.
     */
    private static Class<?> named(String[] args) {
        for (String arg : args) {
            if (!arg.equals("--verbose")) {
                for (Class<?> subcommand : SUBCOMMANDS) {
                    if (subcommand.getAnnotation(Command.class).name().equals(arg)) {
                        return subcommand;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** Without a subcommand: show the usage and fail as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
    }
}

package dev.qmp4j.samples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code qmp exec} in its plain form, read without picocli:
 * {@code exec (--socket PATH | --tcp HOST:PORT | --simulator) [--timeout SECONDS] COMMAND [ARGS...]},
 * each option at most once and apart from its value, no word but the options starting with
 * {@code -} or {@code @}.
 *
 * <p>Picocli builds a command's model by reflection: even with its classes in the launcher's
 * class data archive, a one-shot command would spend longer on that than on connecting and
 * running. Any other command line ({@code --help}, {@code --verbose}, {@code --option=value}, an
 * {@code @file}, an option after COMMAND, a value that does not convert...) is left to picocli,
 * which reads the plain form the same way ({@code PlainExecTest} compares the two) and says what
 * is wrong with the others; so nothing here reports an error.
 */
final class PlainExec {
    private PlainExec() {
    }

    /**
     * Reads a command line in the plain form of {@code exec}.
     *
     * @param args the whole command line
     * @return the command ready to run, or empty for picocli to read the line
     */
    static Optional<ExecCommand> parse(String... args) {
        if (args.length < 2 || !args[0].equals("exec")) {
            return Optional.empty();
        }
        boolean simulator = false;
        String socket = null;
        String tcp = null;
        String timeout = null;
        int i = 1;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            String option = args[i];
            if (option.equals("--simulator") && !simulator) {
                simulator = true;
                continue;
            }
            if (i + 1 == args.length || !plain(args[i + 1])) {
                return Optional.empty();
            }
            String value = args[++i];
            if (option.equals("--socket") && socket == null) {
                socket = value;
            } else if (option.equals("--tcp") && tcp == null) {
                tcp = value;
            } else if (option.equals("--timeout") && timeout == null) {
                timeout = value;
            } else {
                return Optional.empty();
            }
        }
        int endpoints = (simulator ? 1 : 0) + (socket == null ? 0 : 1) + (tcp == null ? 0 : 1);
        if (endpoints != 1 || i == args.length) {
            return Optional.empty();
        }
        for (int word = i; word < args.length; word++) {
            if (!plain(args[word])) {
                return Optional.empty();
            }
        }
        ExecCommand exec = new ExecCommand();
        exec.endpoint = new Endpoint();
        exec.endpoint.choice = new EndpointChoice();
        exec.endpoint.choice.simulator = simulator;
        exec.endpoint.choice.tcp = tcp;
        exec.endpoint.options = new ConnectOptions();
        try {
            exec.endpoint.choice.socket = socket == null ? null : Path.of(socket);
            exec.endpoint.options.timeout = new Seconds().convert(timeout == null ? ConnectOptions.DEFAULT_TIMEOUT : timeout);
        } catch (RuntimeException e) {
            return Optional.empty(); // picocli says what is wrong with the value
        }
        exec.command = args[i];
        exec.arguments = new ArrayList<>(List.of(args).subList(i + 1, args.length));
        return Optional.of(exec);
    }

    /** A word that picocli takes as it is: no option, no {@code @file}, not empty. */
    private static boolean plain(String word) {
        return !word.isEmpty() && !word.startsWith("-") && !word.startsWith("@");
    }
}

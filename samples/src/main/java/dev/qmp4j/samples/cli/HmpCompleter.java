package dev.qmp4j.samples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion of human monitor commands, from the server's own {@code help} and {@code info}
 * output (asked once, through {@code human-monitor-command}, at the first completion): command
 * names for the first word, {@code info} subcommands after {@code info}, command names after
 * {@code help}. In QMP mode the same follows a leading {@code -H}.
 */
public final class HmpCompleter implements Completer {
    private final Function<String, String> humanMonitor;
    private final boolean afterDashH;
    private List<String> commands;       // guarded by this; null until asked
    private List<String> infoSubcommands; // guarded by this

    /**
     * A completer.
     *
     * @param humanMonitor runs a human monitor command line and returns its text
     * @param afterDashH whether lines start with {@code -H} (QMP mode) or are human monitor
     *     commands as they are ({@code qmp shell -H})
     */
    public HmpCompleter(Function<String, String> humanMonitor, boolean afterDashH) {
        this.humanMonitor = humanMonitor;
        this.afterDashH = afterDashH;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (afterDashH) {
            if (words.isEmpty() || !words.get(0).equals("-H") || index == 0) {
                return;
            }
            words = words.subList(1, words.size());
            index--;
        }
        if (index == 0) {
            commands().forEach(c -> candidates.add(new Candidate(c)));
        } else if (index == 1 && words.get(0).equals("info")) {
            infoSubcommands().forEach(c -> candidates.add(new Candidate(c)));
        } else if (index == 1 && words.get(0).equals("help")) {
            commands().forEach(c -> candidates.add(new Candidate(c)));
        }
    }

    /**
     * The command names of a {@code help} text: the first word of each line that starts a
     * command ("cont|c  -- resume emulation" gives {@code cont}, the long name).
     *
     * @param help what the human monitor's {@code help} printed
     * @return the names, in order
     */
    public static List<String> commandNames(String help) {
        List<String> names = new ArrayList<>();
        for (String line : help.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("[") || Character.isWhitespace(line.charAt(0))) {
                continue; // continued usage text
            }
            String name = line.split("\\s+")[0];
            String[] alternatives = name.split("\\|");
            names.add(alternatives.length > 1 && alternatives[0].length() == 1 ? alternatives[1] : alternatives[0]);
        }
        return names;
    }

    /**
     * The subcommands of an {@code info} text: the second word of each line
     * ("info status  -- show the current VM status" gives {@code status}).
     *
     * @param info what the human monitor's {@code info} printed
     * @return the subcommands, in order
     */
    public static List<String> infoSubcommands(String info) {
        List<String> names = new ArrayList<>();
        for (String line : info.split("\r?\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length > 1 && words[0].equals("info")) {
                names.add(words[1]);
            }
        }
        return names;
    }

    private synchronized List<String> commands() {
        if (commands == null) {
            commands = ask("help").map(HmpCompleter::commandNames).orElse(List.of());
        }
        return commands;
    }

    private synchronized List<String> infoSubcommands() {
        if (infoSubcommands == null) {
            infoSubcommands = ask("info").map(HmpCompleter::infoSubcommands).orElse(List.of());
        }
        return infoSubcommands;
    }

    private Optional<String> ask(String commandLine) {
        try {
            return Optional.ofNullable(humanMonitor.apply(commandLine));
        } catch (RuntimeException e) {
            return Optional.empty(); // completion must never break the line being typed
        }
    }
}

package dev.qmp4j.samples.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmp4j.samples.cli.HmpCompleter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jline.reader.Candidate;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

/** Completion of human monitor commands from the server's {@code help} and {@code info} texts. */
class HmpCompleterTest {
    private final AtomicInteger asked = new AtomicInteger();
    private final Function<String, String> monitor = line -> {
        asked.incrementAndGet();
        return line.equals("help") ? ShellServer.HELP : ShellServer.INFO;
    };

    @Test
    void readsCommandNamesFromHelpTakingTheLongNameOfTwo() {
        assertEquals(List.of("announce_self", "block_job_cancel", "cont", "help", "info", "quit", "stop"),
                HmpCompleter.commandNames(ShellServer.HELP));
    }

    @Test
    void readsInfoSubcommands() {
        assertEquals(List.of("balloon", "block", "status"), HmpCompleter.infoSubcommands(ShellServer.INFO));
    }

    @Test
    void completesCommandsThenInfoSubcommandsThenCommandsAfterHelp() {
        HmpCompleter completer = new HmpCompleter(monitor, false);
        assertEquals(Set.of("cont"), complete(completer, "co"));
        assertEquals(Set.of("status"), complete(completer, "info st"));
        assertEquals(Set.of("stop"), complete(completer, "help sto"));
        assertEquals(Set.of(), complete(completer, "stop now"));
        assertEquals(2, asked.get(), "help and info are asked once each");
    }

    @Test
    void inQmpModeCompletesOnlyAfterDashH() {
        HmpCompleter completer = new HmpCompleter(monitor, true);
        assertEquals(Set.of("info"), complete(completer, "-H in"));
        assertEquals(Set.of("balloon", "block"), complete(completer, "-H info b"));
        assertEquals(Set.of(), complete(completer, "info "));
        assertEquals(Set.of(), complete(completer, "-"));
    }

    @Test
    void offersNothingWhenTheMonitorFails() {
        HmpCompleter completer = new HmpCompleter(line -> {
            throw new IllegalStateException("no monitor");
        }, false);
        assertEquals(Set.of(), complete(completer, ""));
    }

    /** The candidates JLine would show for a line, the cursor at its end. */
    static Set<String> complete(HmpCompleter completer, String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE), candidates);
        String word = line.endsWith(" ") ? "" : line.substring(line.lastIndexOf(' ') + 1);
        Set<String> values = new TreeSet<>();
        candidates.stream().map(Candidate::value).filter(v -> v.startsWith(word)).forEach(values::add);
        return values;
    }
}

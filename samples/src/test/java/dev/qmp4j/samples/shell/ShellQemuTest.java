package dev.qmp4j.samples.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.samples.cli.ExitCodes;
import dev.qmp4j.samples.cli.HmpCompleter;
import dev.qmp4j.samples.cli.ShellCompleter;
import dev.qmp4j.samples.cli.ShellInterpreter;
import dev.qmp4j.samples.cli.ShellRequest;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/** {@code qmp shell} against each real QEMU: skipped without one, failed with QMP4J_REQUIRE_QEMU=1 and none. */
@ForEachQemu
class ShellQemuTest {

    @Test
    @WithQemu
    void runsCommandsHumanMonitorCommandsAndQuit(BlockingQmpSession session, QemuProcess qemu) throws Exception {
        ShellRun shell = ShellRun.of(session, "query-status\n-H info status\nno-such-command\nquit\n");
        assertEquals(ExitCodes.QMP_ERROR, shell.exitCode(), "in batch mode the failed line decides: " + shell.err());
        assertTrue(shell.out().contains("\"status\": \"prelaunch\""), shell.out());
        assertTrue(shell.out().contains("VM status: paused (prelaunch)"), shell.out());
        assertTrue(shell.out().contains("\"event\":\"SHUTDOWN\""), shell.out());
        assertTrue(shell.err().lines().anyMatch(line -> line.matches("CommandNotFound: .*\\bno-such-command\\b.*")), shell.err());
        assertEquals(0, qemu.onExit().get(10, TimeUnit.SECONDS), "QEMU quit");
    }

    @Test
    @WithQemu
    void completesFromQemusSchema(BlockingQmpSession session) {
        ShellCompleter completer = new ShellCompleter(session::schema);
        assertTrue(values(completer, "query-st").contains("query-status"));
        assertTrue(values(completer, "device_del ").contains("id="));
        Set<String> file = values(completer, "blockdev-add driver=file ");
        assertTrue(file.containsAll(Set.of("filename=", "node-name=", "aio=")), file.toString()); // the union's file case
        assertTrue(values(completer, "blockdev-add driver=").contains("driver=qcow2"));
    }

    @Test
    @WithQemu
    void runsTransactionsInBothFormsWithDottedKeys(BlockingQmpSession session) {
        ShellRun shell = ShellRun.of(session, "blockdev-add driver=raw node-name=r0 file.driver=null-co file.size=1048576\n"
                + "transaction(\n"
                + "block-dirty-bitmap-add node=r0 name=b0\n"
                + "block-dirty-bitmap-add node=r0 name=b1\n"
                + ")\n"
                + "transaction( block-dirty-bitmap-remove node=r0 name=b0 )\n"
                + "transaction( block-dirty-bitmap-remove node=r0 name=b0 )\n"
                + "block-dirty-bitmap-remove node=r0 name=b1\n");
        assertEquals(ExitCodes.QMP_ERROR, shell.exitCode(), shell.err()); // the second removal of b0
        assertEquals(List.of("{}", "{}", "{}", "{}"), shell.out().lines().toList(), shell.out());
        List<String> errors = shell.err().lines().toList();
        assertEquals(1, errors.size(), shell.err());
        assertTrue(errors.get(0).matches("GenericError: .*\\bb0\\b.*"), shell.err()); // QEMU's words, whichever version
    }

    @Test
    @WithQemu
    void completesHumanMonitorCommandsFromQemusHelp(BlockingQmpSession session) {
        HmpCompleter completer = new HmpCompleter(line -> session.execute("human-monitor-command",
                ShellRequest.human(line).arguments()).getAsString(), true);
        assertTrue(HmpCompleterTest.complete(completer, "-H ").containsAll(Set.of("info", "stop", "cont", "quit")));
        assertTrue(HmpCompleterTest.complete(completer, "-H info ").containsAll(Set.of("status", "version", "block")));
    }

    @Test
    @WithQemu
    void theBannerNamesThisQemu(BlockingQmpSession session, QemuBinary qemu) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        DumbTerminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), screen);
        ShellInterpreter shell = ShellInterpreter.interactive(session, terminal, Optional.empty(), Duration.ofSeconds(10));
        assertEquals(ExitCodes.OK, shell.run());
        List<String> lines = screen.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(1).startsWith("Connected to QEMU " + qemu.version().orElseThrow() + " "), lines.get(1));
        assertTrue(lines.get(1).endsWith("; capabilities offered " + session.greeting().capabilities() + ", enabled "
                + session.enabledCapabilities() + "."), lines.get(1));
    }

    private static Set<String> values(ShellCompleter completer, String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE), candidates);
        Set<String> values = new TreeSet<>();
        candidates.forEach(c -> values.add(c.value()));
        return values;
    }

    /** The command line of the brief: {@code printf 'query-status\nquit\n' | qmp shell --launch}, in a real process. */
    @Test
    void launchesQemuWithPipedInput(QemuBinary qemu) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.qmp4j.samples.cli.QmpCli", "shell", "--launch", "--qemu-binary", qemu.path().toString())).start();
        process.getOutputStream().write("query-status\n-H info status\nquit\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the shell ended");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), err);
        assertTrue(out.contains("\"status\": \"prelaunch\""), out);
        assertTrue(out.contains("VM status: paused (prelaunch)"), out);
        assertTrue(out.contains("\"event\":\"SHUTDOWN\""), out);
    }
}

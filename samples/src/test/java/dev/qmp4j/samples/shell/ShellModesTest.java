package dev.qmp4j.samples.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.samples.cli.ExitCodes;
import dev.qmp4j.samples.cli.ShellInterpreter;
import dev.qmp4j.samples.cli.ShellLog;
import dev.qmp4j.samples.cli.ShellOptions;
import dev.qmp4j.testkit.ReceivedCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell as qmp-shell users expect it: dotted keys, human monitor mode, compact output, the
 * log of commands and responses, the banner, and errors in typed JSON.
 */
class ShellModesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final ShellServer server = new ShellServer();

    @Test
    void dottedKeysBuildNestedObjectsAndAKeySetTwiceIsAnError() {
        ShellRun shell = ShellRun.of(server.session(), "echo driver=raw file.driver=null-co cache.direct=false\n"
                + "echo id=a id=b\n");
        assertEquals(ExitCodes.USAGE, shell.exitCode());
        assertEquals("qmp: 'id' is set more than once\n", shell.err());
        List<ReceivedCommand> echoes = received("echo");
        assertEquals(1, echoes.size(), "the line with a key set twice sent nothing");
        assertEquals(JsonParser.parseString("{\"driver\":\"raw\",\"file\":{\"driver\":\"null-co\"},\"cache\":{\"direct\":false}}"),
                echoes.get(0).arguments());
    }

    @Test
    void malformedJsonSaysWhereInTheLine() {
        ShellRun shell = ShellRun.of(server.session(), "echo {\"id\": \"a\" \"b\": 1}\n");
        assertEquals("qmp: the arguments object is not valid JSON at column 17: expected ',' or '}'\n", shell.err());
    }

    @Test
    void humanMonitorModeRunsEveryLineAsAHumanMonitorCommand() {
        ShellRun shell = ShellRun.of(server.session(), "info status\nquery-status\n",
                ShellOptions.of(TIMEOUT).withHumanMonitor(true));
        assertEquals(ExitCodes.OK, shell.exitCode(), shell.err());
        assertEquals("VM status: running\nunknown command: 'query-status'\n", shell.out());
        assertEquals(List.of("info status", "query-status"), received("human-monitor-command").stream()
                .map(c -> c.arguments().get("command-line").getAsString()).toList());
    }

    @Test
    void compactResultsTakeOneLineEach() {
        ShellRun shell = ShellRun.of(server.session(), "query-status\necho a.b=1\n", ShellOptions.of(TIMEOUT).withPretty(false));
        assertEquals(List.of("{\"status\":\"running\",\"singlestep\":false,\"running\":true}", "{\"a\":{\"b\":1}}"),
                shell.out().lines().toList());
    }

    @Test
    void theLogHoldsEachCommandWithItsResponse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("qmp.log");
        try (ShellLog log = ShellLog.open(file)) {
            ShellRun.of(server.session(), "echo id=usb1\nno-such-command\n-H info status\n",
                    ShellOptions.of(TIMEOUT).withLog(log));
        }
        assertEquals(List.of(
                JsonParser.parseString("{\"execute\":\"echo\",\"arguments\":{\"id\":\"usb1\"},\"return\":{\"id\":\"usb1\"}}"),
                JsonParser.parseString("{\"execute\":\"no-such-command\",\"arguments\":{},\"error\":{\"class\":\"CommandNotFound\","
                        + "\"desc\":\"The command no-such-command has not been found\"}}"),
                JsonParser.parseString("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info status\"},"
                        + "\"return\":\"VM status: running\\r\\n\"}")),
                Files.readAllLines(file).stream().map(JsonParser::parseString).toList());
    }

    @Test
    void theBannerNamesQemuAndTheCapabilities() throws Exception {
        List<String> lines = screenOfAnEmptySession(ShellOptions.of(TIMEOUT)).lines().toList();
        assertTrue(lines.get(0).matches("Welcome to the QMP shell of qmp4j \\S+, like QEMU's qmp-shell\\."), lines.get(0));
        assertEquals("Connected to QEMU 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18) at " + server.session().endpoint()
                + "; capabilities offered [oob], enabled [oob].", lines.get(1));
        assertEquals("Type help for help. Tab completes; Ctrl-D leaves.", lines.get(2));
    }

    @Test
    void humanMonitorModeHasABannerOfItsOwn() throws Exception {
        String text = screenOfAnEmptySession(ShellOptions.of(TIMEOUT).withHumanMonitor(true));
        assertTrue(text.startsWith("Welcome to the HMP shell of qmp4j "), text);
        assertTrue(text.contains("Every line is a human monitor command"), text);
    }

    /** What a shell on a terminal shows when the input ends at once. */
    private String screenOfAnEmptySession(ShellOptions options) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        DumbTerminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), screen);
        ShellInterpreter shell = ShellInterpreter.interactive(server.session(), terminal, Optional.empty(), options);
        assertEquals(ExitCodes.OK, CompletableFuture.supplyAsync(shell::run).get(30, TimeUnit.SECONDS));
        return screen.toString(StandardCharsets.UTF_8);
    }

    /** What the server received by name; the shell has closed its session by now. */
    private List<ReceivedCommand> received(String name) {
        return server.simulator().awaitSession(TIMEOUT).received().stream().filter(c -> c.name().equals(name)).toList();
    }
}

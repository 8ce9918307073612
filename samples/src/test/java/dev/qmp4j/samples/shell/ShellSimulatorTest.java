package dev.qmp4j.samples.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.samples.cli.ExitCodes;
import dev.qmp4j.samples.cli.ShellInterpreter;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code qmp shell} driven in-process against the simulator. */
class ShellSimulatorTest {
    @RegisterExtension
    final ShellServer server = new ShellServer();
    private QmpSimulator simulator;
    private BlockingQmpSession session;

    @BeforeEach
    void connect() {
        simulator = server.simulator();
        session = server.session();
    }

    @Test
    void runsCommandsAndPrintsResultsAsPrettyJson() {
        ShellRun shell = ShellRun.of(session, "query-status\n");
        assertEquals(0, shell.exitCode());
        JsonObject status = JsonParser.parseString(shell.out()).getAsJsonObject();
        assertEquals("running", status.get("status").getAsString());
        assertTrue(shell.out().contains("\n  \"status\": \"running\""), shell.out()); // pretty: one member a line
        assertEquals("", shell.err());
    }

    @Test
    void takesKeyValueAndJsonArguments() {
        ShellRun shell = ShellRun.of(session, "echo id=usb1 size=1024 on=true name=\"a b\" list=[1, 2]\n"
                + "echo\t{\"id\": \"x\", \"nested\": {\"k\": [1, 2]}}\n"); // a tab is white space
        assertEquals(0, shell.exitCode(), shell.err());
        var received = simulator.awaitSession(Duration.ofSeconds(10)).received(); // closed by now: the shell ends its session
        JsonObject first = received.stream().filter(c -> c.name().equals("echo")).findFirst().orElseThrow().arguments();
        assertEquals(JsonParser.parseString("{\"id\":\"usb1\",\"size\":1024,\"on\":true,\"name\":\"a b\",\"list\":[1,2]}"), first);
        JsonObject second = received.stream().filter(c -> c.name().equals("echo")).skip(1).findFirst().orElseThrow().arguments();
        assertEquals(JsonParser.parseString("{\"id\":\"x\",\"nested\":{\"k\":[1,2]}}"), second);
    }

    @Test
    void printsServerErrorsAsClassAndDescAndGoesOn() {
        ShellRun shell = ShellRun.of(session, "no-such-command\nquery-status extra\nquery-status x\nquery-status\n");
        assertEquals(ExitCodes.QMP_ERROR, shell.exitCode(), "in batch mode the first failed line decides");
        assertTrue(shell.err().contains("CommandNotFound: The command no-such-command has not been found"), shell.err());
        assertTrue(shell.err().contains("qmp: expected key=value or one JSON object, got 'extra'"), shell.err());
        assertTrue(shell.out().contains("\"running\""), shell.out()); // the last line still ran
    }

    @Test
    void runsHumanMonitorCommandsAndPrintsTheirText() {
        ShellRun shell = ShellRun.of(session, "-H info status\n-H\n");
        assertEquals(ExitCodes.USAGE, shell.exitCode(), "a line it could not read");
        assertEquals("VM status: running\n", shell.out());
        assertTrue(shell.err().contains("-H takes a human monitor command"), shell.err());
    }

    @Test
    void printsEventsAsTheyArrive() throws IOException {
        PipedOutputStream typing = new PipedOutputStream();
        ShellRun shell = ShellRun.start(session, new PipedInputStream(typing));
        typing.write("query-status\n".getBytes(StandardCharsets.UTF_8));
        ShellRun.await(() -> shell.out().contains("\"running\""), shell::out); // the shell has subscribed by now
        simulator.pushEvent(SimulatedEvent.of("SPICE_CONNECTED"));             // while it waits for input
        ShellRun.await(() -> shell.out().contains("\"event\":\"SPICE_CONNECTED\""), shell::out);
        typing.write("stop\n".getBytes(StandardCharsets.UTF_8));
        ShellRun.await(() -> shell.out().contains("\"event\":\"STOP\""), shell::out);
        typing.close();
        assertEquals(0, shell.exitCode());
        assertTrue(shell.out().contains("{\"timestamp\":{\"seconds\":"), shell.out()); // as QEMU writes events
    }

    @Test
    void quitRunsQmpQuitAndEndsWithZero() {
        ShellRun shell = ShellRun.of(session, "quit\nquery-status\n");
        assertEquals(0, shell.exitCode(), shell.err());
        assertTrue(simulator.hasQuit());
        assertFalse(shell.out().contains("running"), shell.out()); // nothing after quit ran
        assertEquals("", shell.err());
    }

    @Test
    void endOfInputEndsWithZero() {
        ShellRun shell = ShellRun.of(session, "");
        assertEquals(0, shell.exitCode());
        assertFalse(simulator.hasQuit()); // Ctrl-D leaves QEMU running
    }

    @Test
    void lostConnectionEndsWithThreeAndSaysWhy() throws IOException {
        PipedOutputStream typing = new PipedOutputStream();
        ShellRun shell = ShellRun.start(session, new PipedInputStream(typing));
        simulator.awaitSession(Duration.ofSeconds(10)).close(); // QEMU goes away while the shell waits for input
        assertEquals(3, shell.exitCode());
        assertTrue(shell.err().startsWith("qmp: "), shell.err());
        typing.close();
    }

    @Test
    void lostConnectionDuringACommandEndsWithThree() {
        simulator.addHandler("crash", request -> {
            request.session().close();
            return QmpReply.none();
        });
        ShellRun shell = ShellRun.of(session, "crash\nquery-status\n");
        assertEquals(3, shell.exitCode());
        assertTrue(shell.err().startsWith("qmp: "), shell.err());
        assertEquals(1, shell.err().lines().count(), shell.err()); // said once, by whichever thread saw it first
    }

    @Test
    void helpListsTheUsage() {
        ShellRun shell = ShellRun.of(session, "help\n?\n");
        assertTrue(shell.out().contains("-H HMP-COMMAND"), shell.out());
        assertTrue(shell.out().contains("quit"), shell.out());
    }

    @Test
    void interactiveModePromptsAndPrintsEventsAboveTheLine(@TempDir Path dir) throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path history = dir.resolve("history");
        DumbTerminal terminal = new DumbTerminal(new PipedInputStream(typing), screen);
        ShellInterpreter shell = ShellInterpreter.interactive(session, terminal, Optional.of(history), Duration.ofSeconds(10));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(shell::run);
        typing.write("query-status\n".getBytes(StandardCharsets.UTF_8));
        ShellRun.await(() -> screen(screen).contains("\"running\""), () -> screen(screen));
        simulator.pushEvent(SimulatedEvent.of("POWERDOWN"));
        ShellRun.await(() -> screen(screen).contains("\"event\":\"POWERDOWN\""), () -> screen(screen));
        typing.close();
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        String text = screen(screen);
        assertTrue(text.startsWith("Welcome to the QMP shell of qmp4j "), text); // the banner, then the prompt
        assertTrue(text.contains("\n" + ShellInterpreter.PROMPT), text);
        assertTrue(text.indexOf("POWERDOWN") < text.lastIndexOf(ShellInterpreter.PROMPT), text); // prompt redrawn below
        assertTrue(Files.readString(history).contains("query-status"), "history saved");
    }

    private static String screen(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }
}

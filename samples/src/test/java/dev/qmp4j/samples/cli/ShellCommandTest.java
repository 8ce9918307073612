package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedRunState;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qmp shell} as a user runs it, in a process of its own with stdin no terminal: where it
 * connects (ADDRESS, {@code $QMP_SOCKET}, {@code --simulator}), its options, and its exit codes.
 */
@Timeout(120)
class ShellCommandTest {
    private static String socket(QmpSimulator simulator) {
        return simulator.endpoint().unixPath().orElseThrow().toString();
    }

    /** The environment without {@code QMP_SOCKET}, whatever the test's own has. */
    private static Map<String, String> noSocketVariable() {
        Map<String, String> environment = new HashMap<>();
        environment.put(ShellEndpoint.SOCKET_VARIABLE, null);
        return environment;
    }

    @Test
    void theSimulatorNeedsNoQemu() throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(), "query-status\nquit\n", "shell", "--simulator").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"status\": \"prelaunch\"") && r.out().contains("\"event\":\"SHUTDOWN\""), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void takesASocketPathAsItsArgument() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.start()) {
            assertRuns(CliProcess.run(noSocketVariable(), "query-status\n", "shell", socket(simulator)));
        }
    }

    @Test
    void takesHostColonPortAsItsArgument() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.builder().listenOnTcp().start()) {
            int port = ((InetSocketAddress) simulator.endpoint().socketAddress()).getPort();
            assertRuns(CliProcess.run(noSocketVariable(), "query-status\n", "shell", "127.0.0.1:" + port));
        }
    }

    @Test
    void connectsToQmpSocketWithoutAnAddress() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.start()) {
            assertRuns(CliProcess.run(Map.of(ShellEndpoint.SOCKET_VARIABLE, socket(simulator)), "query-status\n", "shell"));
        }
    }

    @Test
    void anAddressBeatsQmpSocket(@TempDir Path dir) throws Exception {
        try (QmpSimulator simulator = QmpSimulator.start()) {
            assertRuns(CliProcess.run(Map.of(ShellEndpoint.SOCKET_VARIABLE, dir.resolve("none.sock").toString()),
                    "query-status\n", "shell", socket(simulator)));
        }
    }

    /** The shell ran query-status on the simulator, paused as QEMU with -S. */
    private static void assertRuns(CliRun.Result r) {
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"prelaunch\""), r::toString);
    }

    @Test
    void noEndpointAtAllIsAUsageError() throws Exception {
        CliRun.Result r = CliProcess.run(noSocketVariable(), "", "shell").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: no endpoint: give ADDRESS (a socket path or HOST:PORT), set $QMP_SOCKET, or use --socket, "
                + "--tcp, --launch or --simulator", r.err().strip());
    }

    @Test
    void anAddressAndAnEndpointOptionAreAUsageError() throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(), "", "shell", "--simulator", "/tmp/qmp.sock").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: give ADDRESS or one of --socket"), r::toString);
    }

    @Test
    void aPortThatIsNoNumberIsAUsageError() throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(), "", "shell", "localhost:qmp").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: ADDRESS port must be a number, got 'localhost:qmp'", r.err().strip());
    }

    @Test
    void aRefusedNegotiationIsAConnectionFailure() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.builder().failNegotiation("GenericError", "not today").start()) {
            CliRun.Result r = CliProcess.run(Map.of(), "query-status\n", "shell", socket(simulator)).withoutStackTrace();
            assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
            assertEquals("qmp: the server refused QMP capabilities negotiation: GenericError: not today", r.err().strip());
        }
    }

    @Test
    void aFailedLineMakesTheExitCodeNonZero() throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(), "nope\nquery-status\n", "shell", "--simulator").withoutStackTrace();
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        assertEquals("CommandNotFound: The command nope has not been found", r.err().strip());
        assertTrue(r.out().contains("\"prelaunch\""), "the next line ran: " + r);
    }

    @Test
    void logsEveryCommandAndResponse(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("qmp.log");
        CliRun.Result r = CliProcess.run(Map.of(), "query-status\nnope\n", "shell", "--simulator", "-l", log.toString());
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), lines::toString);
        assertEquals(JsonParser.parseString("{\"execute\":\"query-status\",\"arguments\":{},\"return\":{\"status\":\"prelaunch\","
                + "\"singlestep\":false,\"running\":false}}"), JsonParser.parseString(lines.get(0)));
        assertEquals("CommandNotFound", JsonParser.parseString(lines.get(1)).getAsJsonObject().getAsJsonObject("error")
                .get("class").getAsString());
    }

    @Test
    void aLogItCannotWriteIsAUsageErrorBeforeConnecting(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(), "", "shell", "--simulator", "--logfile",
                dir.resolve("no-such-dir").resolve("qmp.log").toString()).withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: cannot write the log "), r::toString);
    }

    @Test
    void noPrettyPrintsEachResultOnOneLine() throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(), "query-status\n", "shell", "--simulator", "--no-pretty");
        assertEquals("{\"status\":\"prelaunch\",\"singlestep\":false,\"running\":false}\n", r.out());
        CliRun.Result pretty = CliProcess.run(Map.of(), "query-status\n", "shell", "--simulator", "-p");
        assertTrue(pretty.out().startsWith("{\n  \"status\": \"prelaunch\","), pretty::toString);
    }

    @Test
    void humanMonitorModeSendsEveryLineAsAHumanMonitorCommand() throws Exception {
        // The simulator has no human monitor: its answer shows where the line went.
        CliRun.Result r = CliProcess.run(Map.of(), "info status\n", "shell", "--simulator", "-H").withoutStackTrace();
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        assertEquals("CommandNotFound: The command human-monitor-command has not been found", r.err().strip());
    }

    @Test
    void withReconnectTheShellGoesOnAcrossARestartOfTheServer(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("qmp.sock");
        QmpSimulator first = QmpSimulator.builder().listenOnUnixSocket(path).start();
        QmpSimulator second = null;
        try (CliProcess.Live shell = CliProcess.live(noSocketVariable(), "shell", "--reconnect", "--no-pretty",
                path.toString())) {
            shell.write("query-status\n");
            shell.awaitOut("\"status\":\"prelaunch\"");
            first.close();
            shell.awaitErr("qmp: disconnected: connection to unix:" + path + " closed by the server (EOF); reconnecting\n");
            shell.write("query-status\n"); // waits for the connection
            second = QmpSimulator.builder().listenOnUnixSocket(path).initialRunState(SimulatedRunState.RUNNING).start();
            shell.awaitOut("\"status\":\"running\"");
            CliRun.Result r = shell.end().withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals(List.of("qmp: disconnected: connection to unix:" + path + " closed by the server (EOF); reconnecting",
                    "qmp: reconnected to QEMU 7.2.22"), r.err().lines().toList());
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void reconnectGoesWithASocketOrTcpOnly() throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(), "", "shell", "--simulator", "--reconnect").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: --reconnect goes with --socket, --tcp or ADDRESS"), r::toString);
    }

    @Test
    void helpExplainsTheShell() throws Exception {
        CliRun.Result r = CliRun.run("shell", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        for (String part : List.of("ADDRESS", "QMP_SOCKET", "--hmp", "--[no-]pretty", "--logfile", "transaction(",
                "--simulator", "--qemu-arg", "batch mode", "--reconnect")) {
            assertTrue(r.out().contains(part), part + " in:\n" + r.out());
        }
    }

    /** Against each real QEMU, started by {@code --launch}; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        @Test
        void humanMonitorModeRunsEveryLine(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliProcess.run(Map.of(), "info status\nquit\n", "shell", "-H", "--launch", "--qemu-binary",
                    qemu.path().toString()).withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertTrue(r.out().startsWith("VM status: paused (prelaunch)\n"), r::toString); // human monitor text, then quit
        }

        @Test
        void withReconnectTheShellGoesOnWhenQemuIsKilledAndStartedAgain(QemuBinary binary, @TempDir Path dir)
                throws Exception {
            Path socket = dir.resolve("qmp.sock");
            QemuLauncher launcher = QemuLauncher.builder().binary(binary.path()).arguments("-machine", "none",
                    "-nodefaults", "-display", "none", "-S", "-qmp", "unix:" + socket + ",server=on,wait=off").build();
            try (QmpClient client = QmpClient.create()) {
                QemuProcess first = launcher.launch(client).get(60, TimeUnit.SECONDS);
                CliProcess.Live shell;
                try {
                    shell = CliProcess.live(noSocketVariable(), "shell", "--reconnect", "--no-pretty", socket.toString());
                    shell.write("cont\nquery-status\n");
                    shell.awaitOut("\"status\":\"running\"");
                } finally {
                    first.close(); // SIGKILL
                }
                try (shell) {
                    shell.awaitErr("qmp: disconnected: ");
                    QemuProcess second = launcher.launch(client).get(60, TimeUnit.SECONDS);
                    try {
                        shell.write("query-status\ncont\n");
                        shell.awaitOut("\"status\":\"prelaunch\""); // a new QEMU
                        CliRun.Result r = shell.end().withoutStackTrace();
                        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
                        assertEquals(2, r.out().lines().filter(line -> line.contains("\"event\":\"RESUME\"")).count(),
                                "the RESUME of each QEMU: " + r);
                        assertTrue(r.err().contains("qmp: reconnected to QEMU " + binary.version().orElse("")), r::toString);
                    } finally {
                        second.close();
                    }
                }
            }
        }

        @Test
        void qemuArgumentsReachTheShellsQemu(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliProcess.run(Map.of(), "query-name\n", "shell", "--no-pretty", "--launch", "--qemu-binary",
                    qemu.path().toString(), "--qemu-arg=-name", "--qemu-arg=shell-vm").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals("{\"name\":\"shell-vm\"}\n", r.out());
        }
    }
}

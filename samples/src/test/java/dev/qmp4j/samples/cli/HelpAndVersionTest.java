package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code qmp --help} says everything in full; {@code qmp -V} is the artifact's own version. */
class HelpAndVersionTest {
    @Test
    void topLevelHelpGivesEachCommandsWholeSummary() throws Exception {
        CliRun.Result r = CliRun.run("--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        String help = r.out().replaceAll("\\s+", " ");
        CommandLine cli = QmpCli.commandLine();
        for (CommandLine sub : cli.getSubcommands().values()) {
            String summary = sub.getCommandSpec().usageMessage().description()[0];
            assertFalse(summary.endsWith(":"), sub.getCommandName() + "'s summary stops short: " + summary);
            assertTrue(help.contains(sub.getCommandName() + " " + summary), () -> sub.getCommandName() + ": " + r);
        }
    }

    @Test
    void topLevelHelpNamesTheEndpointsTheEnvironmentAndTheExitCodes() throws Exception {
        String help = CliRun.run("--help").out().replaceAll("\\s+", " ");
        for (String part : List.of("--socket", "--tcp", "--launch", "--simulator", "--qemu-binary", "--qemu-arg",
                "QMP4J_QEMU_BINARY", "QMP_SOCKET", "Exit codes: 0 success, 1 QMP error", "3 connection or protocol failure",
                "4 timeout")) {
            assertTrue(help.contains(part), part + " in:\n" + help);
        }
    }

    @Test
    void aCommandLineHasOnlyTheSubcommandItRuns() {
        assertEquals(List.of("exec"), List.copyOf(QmpCli.commandLine("exec", "--socket", "s", "query-status")
                .getSubcommands().keySet()));
        assertEquals(List.of("bench"), List.copyOf(QmpCli.commandLine("--verbose", "bench", "--help")
                .getSubcommands().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "-V", "--help exec", "--verbose --help exec", "exce", "--verbose"})
    void withoutASubcommandFirstEveryOneIsThere(String args) {
        String[] words = args.isEmpty() ? new String[0] : args.split(" ");
        assertEquals(List.of("exec", "events", "schema", "bench", "demo", "shell"),
                List.copyOf(QmpCli.commandLine(words).getSubcommands().keySet()));
    }

    @Test
    void helpBeforeACommandListsEveryCommand() throws Exception {
        CliRun.Result r = CliRun.run("--help", "exec");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        for (String command : List.of("exec", "events", "schema", "bench", "demo", "shell")) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " in:\n" + r.out());
        }
    }

    @Test
    void aMistypedCommandGetsASuggestion() throws Exception {
        CliRun.Result r = CliRun.run("exce", "--simulator", "query-status");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Did you mean: qmp exec?"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-V", "--version"})
    void versionIsTheArtifactsVersion(String option) throws Exception {
        String expected = System.getProperty("qmp4j.projectVersion");
        assertNotNull(expected, "the build passes the project version to the tests");
        CliRun.Result r = CliRun.run(option);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("qmp (qmp4j) " + expected + "\n", r.out());
    }

    @Test
    void everyCommandsVersionIsTheSame() throws Exception {
        for (String command : List.of("exec", "events", "schema", "bench", "demo", "shell")) {
            assertEquals(CliRun.run("-V").out(), CliRun.run(command, "-V").out(), command);
        }
    }
}

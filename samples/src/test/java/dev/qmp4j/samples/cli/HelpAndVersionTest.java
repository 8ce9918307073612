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
        CommandLine cli = new CommandLine(QmpCli.class);
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

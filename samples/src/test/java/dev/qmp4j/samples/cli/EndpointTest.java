package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint options every command shares: {@code --simulator}, the QEMU of {@code --launch}
 * ({@code --qemu-binary}, {@code $QMP4J_QEMU_BINARY}, {@code --qemu-arg}) and a refused
 * capabilities negotiation.
 */
@Timeout(120)
class EndpointTest {
    @Test
    void simulatorNeedsNoQemu() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--simulator", "query-version").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(7, JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("qemu").get("major").getAsInt());
    }

    @Test
    void aRefusedNegotiationIsAConnectionFailureInTheServersWords() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.builder().failNegotiation("GenericError", "capabilities are off today")
                .start()) {
            CliRun.Result r = CliRun.run("exec", "--socket", simulator.endpoint().unixPath().orElseThrow().toString(),
                    "query-status").withoutStackTrace();
            assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
            assertEquals("qmp: the server refused QMP capabilities negotiation: GenericError: capabilities are off today",
                    r.err().strip());
        }
    }

    @Test
    void qemuArgumentsWithoutLaunchAreAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--simulator", "--qemu-arg=-name", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: --qemu-arg goes with --launch", r.err().strip());
    }

    @Test
    void theEnvironmentNamesTheQemuOfLaunch(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-qemu");
        CliRun.Result r = CliProcess.run(Map.of(ConnectOptions.QEMU_BINARY_VARIABLE, missing.toString()), "",
                "exec", "--launch", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertEquals("qmp: QEMU binary " + missing + " is not an executable file", r.err().strip());
    }

    @Test
    void theEnvironmentsQemuIsNoConcernOfOtherEndpoints(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(ConnectOptions.QEMU_BINARY_VARIABLE, dir.resolve("no-qemu").toString()),
                "", "exec", "--simulator", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
    }

    /** Against each real QEMU, started by {@code --launch}; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        @Test
        void qemuArgumentsComeAfterTheDefaults(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(),
                    "--qemu-arg=-name", "--qemu-arg", "qmp4j-vm", "query-name").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals("qmp4j-vm", JsonParser.parseString(r.out()).getAsJsonObject().get("name").getAsString());
        }

        @Test
        void aLaterMachineOptionWins(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(),
                    "--qemu-arg=-machine", "--qemu-arg=pc", "--qemu-arg=-accel", "--qemu-arg=tcg",
                    "human-monitor-command", "command-line=info qtree").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertTrue(JsonParser.parseString(r.out()).getAsString().contains("bus: pci"), r::toString); // -machine none has none
        }

        @Test
        void anArgumentQemuRejectsFailsWithQemusWords(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(),
                    "--qemu-arg=-no-such-option", "query-status").withoutStackTrace();
            assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("qmp: QEMU exited with code 1 before connecting: ")
                    && r.err().contains("-no-such-option"), r::toString);
        }

        @Test
        void theEnvironmentsQemuIsLaunched(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliProcess.run(Map.of(ConnectOptions.QEMU_BINARY_VARIABLE, qemu.path().toString()), "",
                    "exec", "--launch", "query-version").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            var version = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("qemu");
            assertEquals(qemu.version().orElseThrow(), version.get("major") + "." + version.get("minor") + "."
                    + version.get("micro"));
        }

        @Test
        void qemuBinaryOverridesTheEnvironment(QemuBinary qemu, @TempDir Path dir) throws Exception {
            CliRun.Result r = CliProcess.run(Map.of(ConnectOptions.QEMU_BINARY_VARIABLE, dir.resolve("no-qemu").toString()),
                    "", "exec", "--launch", "--qemu-binary", qemu.path().toString(), "query-status").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        }
    }
}

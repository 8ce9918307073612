package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --timeout}: a positive number of seconds or a usage error; what runs out of time exits 4 and says so in seconds. */
@Timeout(120)
class TimeoutOptionTest {
    @ParameterizedTest
    @ValueSource(strings = {"exec --launch query-status", "events --launch", "schema --launch", "bench --launch",
        "shell --launch", "demo"})
    void zeroIsAUsageError(String commandLine) throws Exception {
        CliRun.Result r = CliRun.run((commandLine + " --timeout 0").split(" ")).withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Invalid value for option '--timeout': must be more than 0 seconds, got 0"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "ten", "NaN", "1e30"})
    void anythingButAPositiveNumberOfSecondsIsAUsageError(String timeout) throws Exception {
        CliRun.Result r = CliRun.run("exec", "--simulator", "--timeout", timeout, "query-status").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Invalid value for option '--timeout': "), r::toString);
    }

    @Test
    void aFractionIsTaken() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--simulator", "--timeout", "0.25", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
    }

    @Test
    void noGreetingInTimeSaysHowLongInSeconds() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.builder().stallBeforeGreeting(true).start()) {
            CliRun.Result r = CliRun.run("exec", "--socket", simulator.endpoint().unixPath().orElseThrow().toString(),
                    "--timeout", "0.5", "query-status").withoutStackTrace();
            assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
            assertTrue(r.err().contains(" within 0.5 s "), r::toString);
            assertFalse(r.err().contains("PT"), r::toString);
        }
    }

    @Test
    void noReplyInTimeSaysHowLongInSeconds() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.builder()
                .handler("hang", request -> QmpReply.later(new CompletableFuture<>())).start()) {
            CliRun.Result r = CliRun.run("exec", "--socket", simulator.endpoint().unixPath().orElseThrow().toString(),
                    "--timeout", "2", "hang").withoutStackTrace();
            assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("qmp: command hang got no reply within 2 s "), r::toString);
        }
    }

    /** Against each real QEMU; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        @Test
        void aQemuThatDoesNotConnectInTimeExitsFour(QemuBinary qemu) throws Exception {
            // No QEMU starts and connects within a millisecond.
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(), "--timeout", "0.001",
                    "query-status").withoutStackTrace();
            assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("qmp: QEMU did not connect within 0.001 s"), r::toString);
        }
    }
}

package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code qmp bench} end to end: the result line of both modes and failures. Not a timing test. */
@Timeout(120)
class BenchCommandTest {
    private static final String LAST_LINE = "^\\d+ commands in \\d+ ms: \\d+/s$";

    private QmpSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private String socket() {
        simulator = QmpSimulator.start();
        return simulator.endpoint().unixPath().orElseThrow().toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "pipelined"})
    void runsCountCommandsAndEndsWithTheRate(String mode) throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "300", "--mode", mode).withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.lastLine().matches(LAST_LINE), r::toString);
        assertTrue(r.lastLine().startsWith("300 commands in "), r::toString);
        SimulatedSession session = simulator.awaitSession(CliRun.WAIT);
        long statuses = session.received().stream().filter(c -> c.name().equals("query-status")).count();
        assertEquals(300, statuses);
        assertTrue(session.maxInBandOutstanding() <= 8, "stayed within QEMU's queue");
    }

    @Test
    void pipelinedKeepsSeveralInFlightButAtMostEight() throws Exception {
        // Replies come 2 ms late, so pipelined commands pile up at the server while it "works".
        simulator = QmpSimulator.builder().replyDelay(java.time.Duration.ofMillis(2)).start();
        String socket = simulator.endpoint().unixPath().orElseThrow().toString();
        CliRun.Result r = CliRun.run("bench", "--socket", socket, "--count", "100", "--mode", "pipelined");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        int outstanding = simulator.awaitSession(CliRun.WAIT).maxInBandOutstanding();
        assertTrue(outstanding > 1 && outstanding <= 8, "in flight at the server at most: " + outstanding);
    }

    @Test
    void runsTheGivenCommand() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "20", "--command", "query-version");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(20, simulator.awaitSession(CliRun.WAIT).received().stream()
                .filter(c -> c.name().equals("query-version")).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "pipelined"})
    void failedCommandsExitOneWithTheFirstError(String mode) throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "10", "--mode", mode, "--command", "nope")
                .withoutStackTrace();
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        assertEquals("qmp: 10 of 10 commands failed, the first with:\n"
                + "CommandNotFound: The command nope has not been found", r.err().strip());
    }

    @Test
    void aCommandWithoutReplyTimesOut() throws Exception {
        String socket = socket();
        simulator.addHandler("hang", request -> QmpReply.later(new CompletableFuture<>()));
        CliRun.Result r = CliRun.run("bench", "--socket", socket, "--count", "3", "--command", "hang", "--timeout", "0.5")
                .withoutStackTrace();
        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
    }

    @Test
    void badModeIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", "/tmp/none", "--mode", "parallel").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    }

    @Test
    void helpExplainsTheOptions() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        for (String option : new String[] {"--count", "--mode", "--command", "default: 1000", "query-status"}) {
            assertTrue(r.out().contains(option), option + "\n" + r.out());
        }
    }

    /** Against each real QEMU, started by {@code --launch}; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        @ParameterizedTest
        @ValueSource(strings = {"sequential", "pipelined"})
        void bench(String mode, QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("bench", "--launch", "--qemu-binary", qemu.path().toString(), "--count", "500",
                    "--mode", mode).withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertTrue(r.lastLine().matches(LAST_LINE) && r.lastLine().startsWith("500 commands in "), r::toString);
        }
    }
}

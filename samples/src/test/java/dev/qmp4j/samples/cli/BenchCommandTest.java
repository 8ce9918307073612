package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import dev.qmp4j.testkit.SimulatedSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code qmp bench} end to end: the warm-up, the latency line and the result line of both modes,
 * and failures. Not a timing test: the only bound on a time is the server's own reply delay.
 */
@Timeout(120)
class BenchCommandTest {
    private static final String LAST_LINE = "^\\d+ commands in \\d+ ms: \\d+/s$";
    private static final Pattern LATENCY_LINE =
            Pattern.compile("^latency, send to reply: p50 (\\d+\\.\\d{3}) ms, p99 (\\d+\\.\\d{3}) ms$");

    private static final Pattern OOB_LINE = Pattern.compile("^out of band, \\S+ while up to 1000 in-band commands "
            + "waited: (\\d+) round trips, p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms$");

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
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "300", "--warmup", "20", "--mode", mode)
                .withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.lastLine().matches(LAST_LINE), r::toString);
        assertTrue(r.lastLine().startsWith("300 commands in "), r::toString);
        assertTrue(r.lines()[0].startsWith("bench: 300 x query-status (after 20 untimed), " + mode + ", QEMU "), r::toString);
        SimulatedSession session = simulator.awaitSession(CliRun.WAIT);
        long statuses = session.received().stream().filter(c -> c.name().equals("query-status")).count();
        assertEquals(320, statuses, "the warm-up's commands are sent too");
        assertTrue(session.maxInBandOutstanding() <= 8, "stayed within QEMU's queue");
    }

    @Test
    void warmsUpWithFiveHundredCommandsByDefault() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "10");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.lastLine().startsWith("10 commands in "), r::toString);
        assertEquals(510, simulator.awaitSession(CliRun.WAIT).received().stream()
                .filter(c -> c.name().equals("query-status")).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "pipelined"})
    void printsTheLatencyPercentilesJustBeforeTheRate(String mode) throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "200", "--warmup", "0", "--mode", mode);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        String[] lines = r.lines();
        assertEquals(3, lines.length, r::toString);
        Matcher latency = LATENCY_LINE.matcher(lines[1]);
        assertTrue(latency.matches(), r::toString);
        double p50 = Double.parseDouble(latency.group(1));
        double p99 = Double.parseDouble(latency.group(2));
        assertTrue(0 < p50 && p50 <= p99, r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "pipelined"})
    void latencyRunsFromSendingToTheReply(String mode) throws Exception {
        // Every reply comes at least 3 ms after its command: so must every latency.
        simulator = QmpSimulator.builder().replyDelay(java.time.Duration.ofMillis(3)).start();
        String socket = simulator.endpoint().unixPath().orElseThrow().toString();
        CliRun.Result r = CliRun.run("bench", "--socket", socket, "--count", "40", "--warmup", "5", "--mode", mode);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        Matcher latency = LATENCY_LINE.matcher(r.lines()[1]);
        assertTrue(latency.matches(), r::toString);
        assertTrue(Double.parseDouble(latency.group(1)) >= 3.0, r::toString);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertEquals(50, BenchCommand.percentile(hundred, 50));
        assertEquals(99, BenchCommand.percentile(hundred, 99));
        assertEquals(100, BenchCommand.percentile(hundred, 100));
        assertEquals(7, BenchCommand.percentile(new long[] {7}, 50));
        assertEquals(7, BenchCommand.percentile(new long[] {7}, 99));
        assertEquals(1, BenchCommand.percentile(new long[] {1, 2}, 50));
        assertEquals(2, BenchCommand.percentile(new long[] {1, 2}, 99));
    }

    @Test
    void pipelinedKeepsSeveralInFlightButAtMostEight() throws Exception {
        // Replies come 2 ms late, so pipelined commands pile up at the server while it "works".
        simulator = QmpSimulator.builder().replyDelay(java.time.Duration.ofMillis(2)).start();
        String socket = simulator.endpoint().unixPath().orElseThrow().toString();
        CliRun.Result r = CliRun.run("bench", "--socket", socket, "--count", "100", "--warmup", "0", "--mode", "pipelined");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        int outstanding = simulator.awaitSession(CliRun.WAIT).maxInBandOutstanding();
        assertTrue(outstanding > 1 && outstanding <= 8, "in flight at the server at most: " + outstanding);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "pipelined"})
    void byDefaultInBandCommandsGoWithoutIdAndWithInBandIdsWithOne(String mode) throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "200", "--warmup", "0", "--mode", mode);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.lastLine().startsWith("200 commands in "), r::toString);
        List<ReceivedCommand> statuses = simulator.awaitSession(CliRun.WAIT).received().stream()
                .filter(c -> c.name().equals("query-status")).toList();
        assertEquals(200, statuses.size());
        assertTrue(statuses.stream().allMatch(c -> c.id().isEmpty()), statuses::toString);
        simulator.close();
        CliRun.Result withIds = CliRun.run("bench", "--socket", socket(), "--count", "5", "--warmup", "0", "--mode", mode,
                "--in-band-ids");
        assertEquals(ExitCodes.OK, withIds.exitCode(), withIds::toString);
        assertTrue(simulator.awaitSession(CliRun.WAIT).received().stream().allMatch(c -> c.id().isPresent()),
                "ids with --in-band-ids");
    }

    @Test
    void runsTheGivenCommand() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "20", "--warmup", "0", "--command", "query-version");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(20, simulator.awaitSession(CliRun.WAIT).received().stream()
                .filter(c -> c.name().equals("query-version")).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "pipelined"})
    void failedCommandsExitOneWithTheFirstError(String mode) throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "10", "--warmup", "0", "--mode", mode,
                "--command", "nope").withoutStackTrace();
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        assertEquals("qmp: 10 of 10 commands failed, the first with:\n"
                + "CommandNotFound: The command nope has not been found", r.err().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "pipelined"})
    void aFailedWarmupEndsTheRunBeforeTheTimedCommands(String mode) throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "10", "--warmup", "4", "--mode", mode,
                "--command", "nope").withoutStackTrace();
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        assertEquals("qmp: 4 of 4 warm-up commands failed, the first with:\n"
                + "CommandNotFound: The command nope has not been found", r.err().strip());
        assertEquals(4, simulator.awaitSession(CliRun.WAIT).received().stream()
                .filter(c -> c.name().equals("nope")).count());
        assertFalse(r.out().contains("commands in"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--count=0", "--warmup=-1"})
    void countBelowOneOrNegativeWarmupIsAUsageError(String option) throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", "/tmp/none", option).withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        String name = option.substring(0, option.indexOf('='));
        assertEquals("qmp: " + name + " must be at least " + (name.equals("--count") ? 1 : 0) + ", got "
                + option.substring(option.indexOf('=') + 1), r.err().strip());
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
    void anOobProbeRunsOutOfBandAllThroughThePipelinedRunAndPrintsItsRoundTrips() throws Exception {
        // In-band replies come 1 ms late, so in-band commands wait at the server and in the client meanwhile.
        simulator = QmpSimulator.builder().replyDelay(java.time.Duration.ofMillis(1))
                .oobHandler("fast", request -> QmpReply.success(new com.google.gson.JsonObject())).start();
        String socket = simulator.endpoint().unixPath().orElseThrow().toString();
        CliRun.Result r = CliRun.run("bench", "--socket", socket, "--count", "300", "--warmup", "0", "--mode", "pipelined",
                "--oob-probe", "fast").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.lastLine().startsWith("300 commands in "), r::toString);
        Matcher probe = OOB_LINE.matcher(r.lines()[r.lines().length - 2]);
        assertTrue(probe.matches(), r::toString);
        List<ReceivedCommand> received = simulator.awaitSession(CliRun.WAIT).received();
        List<ReceivedCommand> probes = received.stream().filter(ReceivedCommand::outOfBand).toList();
        assertEquals(Integer.parseInt(probe.group(1)), probes.size(), r::toString);
        assertTrue(probes.stream().allMatch(c -> c.name().equals("fast")), probes::toString);
        long lastStatus = received.stream().filter(c -> c.name().equals("query-status"))
                .mapToLong(ReceivedCommand::sequence).max().orElseThrow();
        assertTrue(probes.get(0).sequence() < lastStatus, "the probe went while in-band commands were still sent");
    }

    @Test
    void anOobProbeThatFailsFailsTheBench() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", socket(), "--count", "50", "--warmup", "0", "--mode", "pipelined",
                "--oob-probe", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: 1 of 1 out-of-band commands failed, the first with:\n"), r::toString);
        assertTrue(r.err().contains("OOB"), r::toString);
    }

    @Test
    void anOobProbeWithoutNameIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", "/tmp/none", "--mode", "pipelined", "--oob-probe", " ")
                .withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: --oob-probe needs a command name", r.err().strip());
    }

    @Test
    void anOobProbeNeedsThePipelinedMode() throws Exception {
        CliRun.Result r = CliRun.run("bench", "--socket", "/tmp/none", "--oob-probe", "query-yank").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: --oob-probe needs --mode pipelined", r.err().strip());
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
        String help = r.out().replaceAll("\\s+", " ");
        for (String option : new String[] {"--count", "--warmup", "--mode", "--command", "--oob-probe", "default: 1000",
            "default: 500", "query-status", "p50", "p99"}) {
            assertTrue(help.contains(option), option + "\n" + r.out());
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
            Matcher latency = LATENCY_LINE.matcher(r.lines()[1]);
            assertTrue(latency.matches(), r::toString);
            assertTrue(Double.parseDouble(latency.group(1)) <= Double.parseDouble(latency.group(2)), r::toString);
        }

        @Test
        void oobProbe(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("bench", "--launch", "--qemu-binary", qemu.path().toString(), "--count", "2000",
                    "--mode", "pipelined", "--oob-probe", "query-yank").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            Matcher probe = OOB_LINE.matcher(r.lines()[r.lines().length - 2]);
            assertTrue(probe.matches() && Integer.parseInt(probe.group(1)) >= 1, r::toString);
        }
    }
}

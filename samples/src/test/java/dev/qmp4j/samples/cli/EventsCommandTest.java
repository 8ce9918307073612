package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qmp events} end to end. The tool subscribes only once it is connected, so the tests
 * keep causing events (pushing them, or stop/cont on QEMU) until the tool has what it waits for,
 * instead of guessing when it listens.
 */
@Timeout(120)
class EventsCommandTest {
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

    private static SimulatedEvent tick(int n) {
        JsonObject data = new JsonObject();
        data.addProperty("n", n);
        return SimulatedEvent.of("TICK", data);
    }

    /** Calls {@code action} with 0, 1, 2, ... until {@code until} holds, pausing on the run in between. */
    static void drive(CliRun.Running run, BooleanSupplier until, IntConsumer action) {
        for (int i = 0; !until.getAsBoolean(); i++) {
            action.accept(i);
            run.awaitUpTo(50);
        }
    }

    @Test
    void printsCountEventsAsCompactJsonLines() throws Exception {
        CliRun.Running run = CliRun.start("events", "--socket", socket(), "--count", "3");
        SimulatedSession session = simulator.awaitSession(CliRun.WAIT);
        drive(run, run::done, i -> session.pushEvent(tick(i)));
        CliRun.Result r = run.await().withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        String[] lines = r.lines();
        assertEquals(3, lines.length, r::toString);
        int first = JsonParser.parseString(lines[0]).getAsJsonObject().getAsJsonObject("data").get("n").getAsInt();
        for (int i = 0; i < 3; i++) {
            assertTrue(lines[i].matches("\\{\"event\":\"TICK\",\"data\":\\{\"n\":" + (first + i)
                    + "},\"timestamp\":\\{\"seconds\":\\d+,\"microseconds\":\\d+}}"), lines[i]);
        }
    }

    @Test
    void filtersByNameAndOmitsEmptyData() throws Exception {
        CliRun.Running run = CliRun.start("events", "--socket", socket(), "--count", "2", "STOP");
        SimulatedSession session = simulator.awaitSession(CliRun.WAIT);
        drive(run, run::done, i -> {
            session.pushEvent(tick(i));
            session.pushEvent(SimulatedEvent.of("STOP"));
        });
        CliRun.Result r = run.await().withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(2, r.lines().length, r::toString);
        for (String line : r.lines()) {
            assertTrue(line.matches("\\{\"event\":\"STOP\",\"timestamp\":\\{[^}]*}}"), line);
        }
    }

    @Test
    void exitsZeroWhenTheServerCloses() throws Exception {
        CliRun.Running run = CliRun.start("events", "--socket", socket());
        SimulatedSession session = simulator.awaitSession(CliRun.WAIT);
        drive(run, () -> !run.out().toString().isEmpty() || run.done(), i -> session.pushEvent(tick(i)));
        session.close();
        CliRun.Result r = run.await().withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.lines().length >= 1 && r.lines()[0].contains("\"TICK\""), r::toString);
        assertEquals("", r.err());
    }

    /**
     * Causes events until the run has printed one more line: a pause of up to a second after each,
     * so that the next comes only when the one before was lost (the tool was not listening yet).
     */
    static void causeOneLine(CliRun.Running run, IntConsumer cause) {
        long lines = run.out().toString().lines().count();
        for (int i = 0; run.out().toString().lines().count() == lines && !run.done(); i++) {
            cause.accept(i);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (run.out().toString().lines().count() == lines && !run.done() && System.nanoTime() < deadline) {
                run.awaitUpTo(10);
            }
        }
    }

    @Test
    void withReconnectGoesOnAcrossARestartOfTheServer(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("qmp.sock");
        simulator = QmpSimulator.builder().listenOnUnixSocket(path).start();
        CliRun.Running run = CliRun.start("events", "--socket", path.toString(), "--reconnect", "--count", "3", "TICK");
        SimulatedSession first = simulator.awaitSession(CliRun.WAIT);
        causeOneLine(run, i -> first.pushEvent(tick(i)));
        simulator.close();
        run.awaitErr("qmp: disconnected: connection to unix:" + path + " closed by the server (EOF); reconnecting\n");
        simulator = QmpSimulator.builder().listenOnUnixSocket(path).version(10, 0, 2).start();
        run.awaitErr("qmp: reconnected to QEMU 10.0.2\n");
        drive(run, run::done, i -> simulator.pushEvent(tick(1000 + i)));

        CliRun.Result r = run.await().withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        String[] lines = r.lines();
        assertEquals(3, lines.length, r::toString);
        assertTrue(n(lines[0]) < 1000, "the first from the first server: " + r);
        assertTrue(n(lines[2]) >= 1000, "the last from the second: " + r);
        assertEquals(2, r.err().lines().count(), r::toString);
    }

    @Test
    void reconnectGoesWithASocketOrTcpOnly() throws Exception {
        CliRun.Result r = CliRun.run("events", "--simulator", "--reconnect").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: --reconnect goes with --socket, --tcp or ADDRESS: what --launch or --simulator starts does not"
                + " come back once it has ended", r.err().strip());
    }

    private static int n(String line) {
        return JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("data").get("n").getAsInt();
    }

    @Test
    void exitsFourWhenNoEventComesInTime() throws Exception {
        CliRun.Result r = CliRun.run("events", "--socket", socket(), "--timeout", "0.5").withoutStackTrace();
        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
        assertEquals("qmp: no event within 0.5 s", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void countBelowOneIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("events", "--socket", "/tmp/none", "--count", "0").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    }

    @Test
    void missingSocketIsAConnectionFailure(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliRun.run("events", "--socket", dir.resolve("none.sock").toString()).withoutStackTrace();
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
    }

    @Test
    void helpExplainsTimeoutAndCount() throws Exception {
        CliRun.Result r = CliRun.run("events", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("--count") && r.out().contains("FIRST event") && r.out().contains("EVENT"),
                r::toString);
    }

    /** Against each real QEMU; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        /**
         * Starts QEMU with a second QMP monitor on {@code events.sock} for the tool; the test drives
         * QEMU through the launcher's own monitor. QEMU sends events to every monitor.
         */
        private QemuProcess launch(QemuBinary qemu, QmpClient client, Path dir) throws Exception {
            return QemuLauncher.builder().binary(qemu.path()).arguments("-machine", "none", "-nodefaults",
                    "-display", "none", "-S", "-qmp", "unix:" + dir.resolve("events.sock") + ",server=on,wait=off")
                    .build().launch(client).get(60, TimeUnit.SECONDS);
        }

        /** cont on even steps, stop on odd ones: each causes an event (RESUME, STOP). */
        private void stopOrCont(QemuProcess qemu, int i) {
            try {
                qemu.session().execute(i % 2 == 0 ? "cont" : "stop").get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void printsCountEvents(QemuBinary binary, @TempDir Path dir) throws Exception {
            try (QmpClient client = QmpClient.create(); QemuProcess qemu = launch(binary, client, dir)) {
                CliRun.Running run = CliRun.start("events", "--socket", dir.resolve("events.sock").toString(),
                        "--count", "2", "STOP", "RESUME");
                drive(run, run::done, i -> stopOrCont(qemu, i));
                CliRun.Result r = run.await().withoutStackTrace();
                assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
                assertEquals(2, r.lines().length, r::toString);
                for (String line : r.lines()) {
                    assertTrue(line.matches("\\{\"event\":\"(STOP|RESUME)\",\"timestamp\":\\{[^}]*}}"), line);
                }
            }
        }

        @Test
        void exitsZeroWhenQemuQuits(QemuBinary binary, @TempDir Path dir) throws Exception {
            try (QmpClient client = QmpClient.create(); QemuProcess qemu = launch(binary, client, dir)) {
                CliRun.Running run = CliRun.start("events", "--socket", dir.resolve("events.sock").toString());
                drive(run, () -> !run.out().toString().isEmpty() || run.done(), i -> stopOrCont(qemu, i));
                assertEquals(0, qemu.shutdown(Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS));
                CliRun.Result r = run.await().withoutStackTrace();
                assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
                assertTrue(r.lastLine().startsWith("{\"event\":\"SHUTDOWN\",\"data\":{"), r::toString);
                assertFalse(r.err().contains("qmp:"), r::toString);
            }
        }

        @Test
        void withReconnectGoesOnWhenQemuIsKilledAndStartedAgain(QemuBinary binary, @TempDir Path dir) throws Exception {
            try (QmpClient client = QmpClient.create()) {
                CliRun.Running run;
                try (QemuProcess qemu = launch(binary, client, dir)) {
                    run = CliRun.start("events", "--socket", dir.resolve("events.sock").toString(), "--reconnect",
                            "--count", "3", "STOP", "RESUME");
                    causeOneLine(run, i -> stopOrCont(qemu, i));
                } // SIGKILL
                run.awaitErr("qmp: disconnected: ");
                try (QemuProcess qemu = launch(binary, client, dir)) {
                    run.awaitErr("qmp: reconnected to QEMU " + binary.version().orElse(""));
                    drive(run, run::done, i -> stopOrCont(qemu, i));
                    CliRun.Result r = run.await().withoutStackTrace();
                    assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
                    assertEquals(3, r.lines().length, r::toString);
                    assertEquals(2, r.err().lines().count(), r::toString);
                }
            }
        }

        @Test
        void exitsFourWhenNoEventComes(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("events", "--launch", "--qemu-binary", qemu.path().toString(), "--timeout", "3")
                    .withoutStackTrace();
            assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
            assertEquals("qmp: no event within 3 s", r.err().strip());
        }
    }
}

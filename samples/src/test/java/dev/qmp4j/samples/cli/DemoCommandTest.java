package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import dev.qmp4j.testkit.junit5.QemuExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code qmp demo}: the narration mentions every step, in order, and nothing is left running. */
@Timeout(120)
class DemoCommandTest {
    /** What each step's line starts with (after its number), in order. */
    private static final List<String> STEPS = List.of("Greeting: QEMU ", "Negotiation: qmp_capabilities enabled [oob]",
            "query-status -> {", "Subscribed to STOP, RESUME and SHUTDOWN", "cont -> {}, event: {\"event\":\"RESUME\"",
            "stop -> {}, event: {\"event\":\"STOP\"", "Typed: queryStatus() -> StatusInfo with status RunState.PAUSED",
            "Typed: queryVersion() -> VersionInfo ", "quit -> {}, event: {\"event\":\"SHUTDOWN\",\"data\":{",
            "The server closed the connection");

    static void assertNarration(CliRun.Result r) {
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        String[] lines = r.lines();
        int at = 0;
        for (String step : STEPS) {
            while (at < lines.length && !lines[at].matches("\\d+\\. " + java.util.regex.Pattern.quote(step) + ".*")) {
                at++;
            }
            assertTrue(at < lines.length, () -> "no step '" + step + "' in order:\n" + r);
        }
        assertTrue(r.out().contains("\"capabilities\":[\"oob\"]"), "the greeting's JSON:\n" + r);
        assertTrue(r.out().contains("reason host-qmp-quit"), r::toString);
        assertEquals("Done.", r.lastLine(), r::toString);
    }

    private static Set<String> qmp4jThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("qmp4j-io") || n.startsWith("qmp-simulator-")).collect(Collectors.toCollection(java.util.HashSet::new));
    }

    @Test
    void narratesTheLifeCycleOnTheSimulator() throws Exception {
        CliRun.Result r = CliRun.run("demo", "--simulator").withoutStackTrace();
        assertTrue(r.lines().length > 0 && r.lines()[0].startsWith("Using the embedded QMP simulator"), r::toString);
        assertNarration(r);
        assertTrue(r.out().contains("The simulator has quit: true."), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void leavesNoThreadsBehind() throws Exception {
        Set<String> before = qmp4jThreads();
        assertEquals(ExitCodes.OK, CliRun.run("demo", "--simulator").exitCode());
        Set<String> after = qmp4jThreads();
        after.removeAll(before);
        assertEquals(Set.of(), after, "threads the demo started and left running");
    }

    @Test
    void qemuModeWithoutQemuExitsThree(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliRun.run("demo", "--qemu", "--qemu-binary", dir.resolve("no-qemu").toString())
                .withoutStackTrace();
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: --qemu needs QEMU, but "), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void fallsBackToTheSimulatorWithoutQemu(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliRun.run("demo", "--qemu-binary", dir.resolve("no-qemu").toString()).withoutStackTrace();
        assertEquals("QEMU binary " + dir.resolve("no-qemu") + " is not an executable file: using the embedded QMP "
                + "simulator, which answers like QEMU 7.2.", r.lines()[0], r::toString);
        assertNarration(r);
    }

    /** With nothing on PATH the reason is said once: "qemu-system-x86_64 was not found on PATH", not twice over. */
    @Test
    void saysOnceWhyItFallsBack(@TempDir Path emptyPath) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", emptyPath.toString());
        environment.put(ConnectOptions.QEMU_BINARY_VARIABLE, null);
        CliRun.Result r = CliProcess.run(environment, "", "demo").withoutStackTrace();
        assertEquals("qemu-system-x86_64 was not found on PATH: using the embedded QMP simulator, which answers like "
                + "QEMU 7.2.", r.lines()[0], r::toString);
        assertNarration(r);
    }

    @Test
    void theEnvironmentNamesTheQemu(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliProcess.run(Map.of(ConnectOptions.QEMU_BINARY_VARIABLE, dir.resolve("no-qemu").toString()),
                "", "demo", "--qemu").withoutStackTrace();
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertEquals("qmp: --qemu needs QEMU, but QEMU binary " + dir.resolve("no-qemu") + " is not an executable file",
                r.err().strip());
    }

    @Test
    void bothModesAreAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("demo", "--qemu", "--simulator").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    }

    @Test
    void helpExplainsTheOptions() throws Exception {
        CliRun.Result r = CliRun.run("demo", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        for (String option : new String[] {"--simulator", "--qemu", "--qemu-binary", "--timeout"}) {
            assertTrue(r.out().contains(option), option);
        }
    }

    /** Against each real QEMU; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        @Test
        void narratesTheLifeCycleOnQemu(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("demo", "--qemu", "--qemu-binary", qemu.path().toString()).withoutStackTrace();
            assertTrue(r.lines().length > 0 && r.lines()[0].startsWith("Using a real QEMU: " + qemu.path() + " "), r::toString);
            assertNarration(r);
            assertTrue(r.out().contains("QEMU exited with code 0."), r::toString);
        }
    }

    /** Without {@code --qemu-binary} the demo starts qemu-system-x86_64 from PATH, whichever QEMU that is. */
    @Nested
    @ExtendWith(QemuExtension.class)
    class QemuOnPath {
        @Test
        void defaultsToQemu() throws Exception {
            assumeTrue(onPath(), "no qemu-system-x86_64 on PATH, where the default looks");
            CliRun.Result r = CliRun.run("demo").withoutStackTrace();
            assertTrue(r.lines()[0].startsWith("Using a real QEMU: "), r::toString);
            assertNarration(r);
        }

        private static boolean onPath() {
            try {
                QemuLauncher.builder().build().resolveBinary();
                return true;
            } catch (QemuLaunchException e) {
                return false;
            }
        }
    }
}

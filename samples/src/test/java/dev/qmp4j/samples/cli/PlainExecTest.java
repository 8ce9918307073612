package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.testkit.QmpSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The plain form of {@code qmp exec} is read without picocli, exactly as picocli reads it; every
 * other command line is left to picocli; and a plain one-shot loads no picocli.
 */
@Timeout(120)
class PlainExecTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "exec --socket /tmp/q.sock query-status",
        "exec --tcp localhost:4444 query-version",
        "exec --simulator query-status",
        "exec --timeout 0.5 --socket relative/q.sock stop",
        "exec --socket /tmp/q.sock --timeout 3 device_del id=usb1",
        "exec --tcp host:1 blockdev-add driver=null-co node-name=n0 cache.direct=false",
        "exec --simulator qom-get {\"path\":\"/machine\",\"property\":\"type\"}",
        "exec --tcp nonsense query-status",
        "exec --socket /tmp/q.sock exec",
        "exec --socket /tmp/q.sock query-status a=-1 b=@c",
    })
    void thePlainFormIsReadAsPicocliReadsIt(String line) {
        String[] args = line.split(" ");
        ExecCommand plain = PlainExec.parse(args).orElseThrow(() -> new AssertionError("not plain: " + line));
        CommandLine.ParseResult parsed = QmpCli.commandLine(args).parseArgs(args);
        ExecCommand picocli = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(describe(picocli), describe(plain), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "exec", "exec --socket /tmp/q.sock", "exec query-status", "--verbose exec --socket /tmp/q.sock query-status",
        "exec --help", "exec -h --socket s query-status", "exec -V", "exec --socket=/tmp/q.sock query-status",
        "exec --socket /tmp/q.sock query-status --timeout 3", "exec --socket /tmp/q.sock --socket /tmp/r.sock stop",
        "exec --socket /tmp/q.sock --tcp h:1 stop", "exec --simulator --simulator stop", "exec --simulator --launch stop",
        "exec --launch query-status", "exec --launch --qemu-arg=-m --qemu-arg=64 stop",
        "exec --socket /tmp/q.sock --qemu-binary /usr/bin/qemu stop", "exec --socket /tmp/q.sock -- query-status",
        "exec --socket @args query-status", "exec @args", "exec --socket /tmp/q.sock @args",
        "exec --socket /tmp/q.sock query-status -1", "exec --socket -x query-status", "exec --timeout 0 --simulator stop",
        "exec --timeout soon --simulator stop", "exec --timeout --simulator stop", "exec --simulator --timeout",
        "exec --simulator= stop", "exec --Socket /tmp/q.sock stop", "events --socket /tmp/q.sock",
        "bench --simulator", "schema --simulator query-status",
    })
    void everyOtherCommandLineIsLeftToPicocli(String line) {
        assertTrue(PlainExec.parse(line.split(" ")).isEmpty(), line);
    }

    @Test
    void anEmptyWordIsLeftToPicocli() {
        assertTrue(PlainExec.parse("exec", "--socket", "", "query-status").isEmpty());
        assertTrue(PlainExec.parse("exec", "--simulator", "query-status", "").isEmpty());
        assertTrue(PlainExec.parse("exec", "--socket", "nul\0in/path", "query-status").isEmpty());
    }

    @Test
    void aPlainOneShotLoadsNoPicocli(@TempDir Path temp) throws Exception {
        try (QmpSimulator simulator = QmpSimulator.start()) {
            String socket = simulator.endpoint().unixPath().orElseThrow().toString();
            Path plain = temp.resolve("plain.classes");
            CliRun.Result r = runLoggingClasses(plain, "exec", "--socket", socket, "--timeout", "5", "query-status");
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals("prelaunch", JsonParser.parseString(r.out()).getAsJsonObject().get("status").getAsString());
            String classes = Files.readString(plain);
            assertTrue(classes.contains(" dev.qmp4j.samples.cli.ExecCommand "), "the log names the classes");
            assertFalse(classes.contains(" picocli.CommandLine "), "picocli's model was built");
            // The same command, not plain: picocli reads it, which the log shows.
            Path verbose = temp.resolve("verbose.classes");
            assertEquals(ExitCodes.OK, runLoggingClasses(verbose, "--verbose", "exec", "--socket", socket, "query-status")
                    .exitCode());
            assertTrue(Files.readString(verbose).contains(" picocli.CommandLine "));
        }
    }

    private static CliRun.Result runLoggingClasses(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log, "-cp", System.getProperty("java.class.path"), QmpCli.class.getName()));
        command.addAll(List.of(args));
        return CliProcess.run(command, log.getParent(), Map.of(), "");
    }

    /** What a parsed {@code exec} will do, as one string. */
    private static String describe(ExecCommand exec) {
        EndpointChoice choice = exec.endpoint.choice;
        ConnectOptions options = exec.endpoint.options;
        return "socket=" + choice.socket + " tcp=" + choice.tcp + " launch=" + choice.launch + " simulator="
                + choice.simulator + " timeout=" + options.timeout + " qemuBinary=" + options.qemuBinary
                + " qemuArguments=" + options.qemuArguments + " command=" + exec.command + " arguments=" + exec.arguments;
    }
}

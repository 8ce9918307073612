package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code qmp exec} end to end, and every exit code of the tool. */
@Timeout(120)
class ExecCommandTest {
    private QmpSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private String socket(QmpSimulator started) {
        simulator = started;
        return started.endpoint().unixPath().orElseThrow().toString();
    }

    @Test
    void printsTheReturnValueAndExitsZero() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--socket", socket(QmpSimulator.start()), "query-status").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("prelaunch", JsonParser.parseString(r.out()).getAsJsonObject().get("status").getAsString());
    }

    @Test
    void worksOverTcp() throws Exception {
        simulator = QmpSimulator.builder().listenOnTcp().start();
        InetSocketAddress address = (InetSocketAddress) simulator.endpoint().socketAddress();
        CliRun.Result r = CliRun.run("exec", "--tcp", "127.0.0.1:" + address.getPort(), "query-version");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"major\": 7"), r::toString);
    }

    @Test
    void sendsKeyValueArguments() throws Exception {
        String socket = socket(QmpSimulator.start());
        simulator.addHandler("echo", request -> QmpReply.success(request.arguments()));
        CliRun.Result r = CliRun.run("exec", "--socket", socket, "echo", "id=usb1", "size=1024", "on=true");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(JsonParser.parseString("{\"id\":\"usb1\",\"size\":1024,\"on\":true}"), JsonParser.parseString(r.out()));
    }

    @Test
    void serverErrorExitsOneWithClassAndDescription() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--socket", socket(QmpSimulator.start()), "nope").withoutStackTrace();
        assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
        assertEquals("CommandNotFound: The command nope has not been found", r.err().strip());
    }

    @Test
    void noEndpointIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("exec", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--socket"), r::toString);
    }

    @Test
    void twoEndpointsAreAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--socket", "/tmp/a", "--tcp", "localhost:4444", "query-status")
                .withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("mutually exclusive"), r::toString);
    }

    @Test
    void badKeyValueIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--socket", socket(QmpSimulator.start()), "device_del", "usb1")
                .withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("expected key=value or one JSON object, got 'usb1'"), r::toString);
        assertTrue(simulator.sessions().isEmpty(), "nothing was sent");
    }

    @Test
    void qemuBinaryWithoutLaunchIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--socket", "/tmp/a", "--qemu-binary", "/usr/bin/qemu-system-x86_64",
                "query-status").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: --qemu-binary goes with --launch"), r::toString);
    }

    @Test
    void launchingAMissingQemuBinaryIsAConnectionFailure(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", dir.resolve("no-qemu").toString(),
                "query-status").withoutStackTrace();
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertTrue(r.err().strip().endsWith("no-qemu is not an executable file"), r::toString);
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--socket", "/tmp/a", "--frobnicate", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--frobnicate"), r::toString);
    }

    @Test
    void missingSocketIsAConnectionFailure(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliRun.run("exec", "--socket", dir.resolve("none.sock").toString(), "query-status")
                .withoutStackTrace();
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: ") && r.err().strip().lines().count() == 1, r::toString);
    }

    @Test
    void garbageGreetingIsAProtocolFailure() throws Exception {
        String socket = socket(QmpSimulator.builder().rawGreeting("garbage\r\n").start());
        CliRun.Result r = CliRun.run("exec", "--socket", socket, "query-status").withoutStackTrace();
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("qmp: "), r::toString);
    }

    @Test
    void stackTraceOnlyWithVerbose() throws Exception {
        String socket = socket(QmpSimulator.builder().rawGreeting("garbage\r\n").start());
        CliRun.Result r = CliRun.run("--verbose", "exec", "--socket", socket, "query-status");
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("\tat "), r::toString);
    }

    @Test
    void noGreetingInTimeExitsFour() throws Exception {
        String socket = socket(QmpSimulator.builder().stallBeforeGreeting(true).start());
        CliRun.Result r = CliRun.run("exec", "--socket", socket, "--timeout", "0.5", "query-status").withoutStackTrace();
        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
    }

    @Test
    void noReplyInTimeExitsFour() throws Exception {
        String socket = socket(QmpSimulator.start());
        simulator.addHandler("hang", request -> QmpReply.later(new CompletableFuture<>()));
        CliRun.Result r = CliRun.run("exec", "--socket", socket, "--timeout", "0.5", "hang").withoutStackTrace();
        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
    }

    @Test
    void quitExitsZeroWhenTheServerClosesBeforeReplying() throws Exception {
        String socket = socket(QmpSimulator.builder().quitWithoutReply(true).start());
        CliRun.Result r = CliRun.run("exec", "--socket", socket, "quit").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(simulator.hasQuit());
    }

    @Test
    void fdSendsTheFilesWithTheCommand(@TempDir Path dir) throws Exception {
        String socket = socket(QmpSimulator.start());
        CompletableFuture<String> fdname = new CompletableFuture<>();
        simulator.addHandler("getfd", request -> {
            fdname.complete(request.arguments().get("fdname").getAsString());
            return QmpReply.success();
        });
        Path file = Files.writeString(dir.resolve("disk.img"), "data");
        CliRun.Result r = CliRun.run("exec", "--socket", socket, "--fd", file.toString(), "--fd", file.toString(),
                "getfd", "fdname=disk").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("disk", fdname.getNow("not received"));
    }

    @Test
    void fdOverTcpIsAUsageErrorAndSendsNothing(@TempDir Path dir) throws Exception {
        simulator = QmpSimulator.builder().listenOnTcp().start();
        InetSocketAddress address = (InetSocketAddress) simulator.endpoint().socketAddress();
        Path file = Files.writeString(dir.resolve("disk.img"), "data");
        CliRun.Result r = CliRun.run("exec", "--tcp", "127.0.0.1:" + address.getPort(), "--fd", file.toString(),
                "getfd", "fdname=disk").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: --fd needs a UNIX socket (--socket, --launch or --simulator): file descriptors cannot"
                + " travel over TCP", r.err().strip());
        assertTrue(simulator.sessions().isEmpty(), "nothing was sent");
    }

    @Test
    void aMissingFdFileIsAUsageErrorAndSendsNothing(@TempDir Path dir) throws Exception {
        String socket = socket(QmpSimulator.start());
        Path missing = dir.resolve("missing.img");
        CliRun.Result r = CliRun.run("exec", "--socket", socket, "--fd", missing.toString(), "getfd", "fdname=disk")
                .withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: --fd " + missing + ": no such file", r.err().strip());
        assertTrue(simulator.sessions().isEmpty(), "nothing was sent");
    }

    @Test
    void helpExplainsTheOptions() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        for (String option : new String[] {"--socket", "--tcp", "--launch", "--qemu-binary", "--timeout", "--fd", "COMMAND",
            "ARGS"}) {
            assertTrue(r.out().contains(option), option);
        }
    }

    /** Against each real QEMU, started by {@code --launch}; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        @Test
        void queryStatus(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(), "query-status")
                    .withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals("prelaunch", JsonParser.parseString(r.out()).getAsJsonObject().get("status").getAsString());
        }

        @Test
        void serverError(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(), "nope")
                    .withoutStackTrace();
            assertEquals(ExitCodes.QMP_ERROR, r.exitCode(), r::toString);
            assertTrue(r.err().strip().matches("CommandNotFound: [^\\n]*\\bnope\\b[^\\n]*"), r::toString); // QEMU's class and text
        }

        @Test
        void addFdWithAFile(QemuBinary qemu, @TempDir Path dir) throws Exception {
            Path image = Files.write(dir.resolve("disk.img"), new byte[4096]);
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(),
                    "--fd", image.toString(), "add-fd", "opaque=disk").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            // QEMU answers add-fd with the set and its own descriptor only when one came with the command.
            JsonObject added = JsonParser.parseString(r.out()).getAsJsonObject();
            assertTrue(added.get("fdset-id").getAsInt() >= 0 && added.get("fd").getAsInt() > 2, r::toString);
        }

        @Test
        void quit(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("exec", "--launch", "--qemu-binary", qemu.path().toString(), "quit")
                    .withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        }
    }
}

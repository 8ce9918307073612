package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real QEMU for integration tests: found on PATH or at QMP4J_QEMU_BINARY, started with QMP in
 * accept mode (the test listens first, QEMU connects: no polling), always killed and cleaned up.
 * Without QEMU the test is skipped with a reason, or fails when QMP4J_REQUIRE_QEMU=1.
 */
final class RealQemu implements AutoCloseable {
    static final String[] NO_MACHINE = {"-machine", "none"};
    static final String[] PC_MACHINE = {"-machine", "pc", "-accel", "tcg", "-m", "64"};

    private final Path dir;
    private final Process process;
    private final QmpListener listener;
    final QmpSession session;

    private RealQemu(Path dir, Process process, QmpListener listener, QmpSession session) {
        this.dir = dir;
        this.process = process;
        this.listener = listener;
        this.session = session;
    }

    /** The QEMU binary, or skips (fails when QMP4J_REQUIRE_QEMU=1) when there is none. */
    static Path binary() {
        String configured = System.getenv("QMP4J_QEMU_BINARY");
        Optional<Path> found = configured != null && !configured.isBlank()
                ? Optional.of(Path.of(configured)).filter(Files::isExecutable)
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(p -> Path.of(p, "qemu-system-x86_64")).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String reason = configured != null && !configured.isBlank()
                    ? "QMP4J_QEMU_BINARY=" + configured + " is not an executable file"
                    : "qemu-system-x86_64 is not on PATH (set QMP4J_QEMU_BINARY to use another binary)";
            if ("1".equals(System.getenv("QMP4J_REQUIRE_QEMU"))) {
                fail("QMP4J_REQUIRE_QEMU=1 but " + reason);
            }
            Assumptions.abort("real-QEMU test skipped: " + reason);
        }
        return found.get();
    }

    /** Starts QEMU paused ({@code -S}, no devices) with {@code machine} arguments and returns its session. */
    static RealQemu start(QmpClient client, String... machine) throws Exception {
        Path binary = binary();
        Path dir = Files.createTempDirectory("qmp4j-it-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("qmp.sock");
        QmpListener listener = client.listen(QmpEndpoint.unix(socket));
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(machine));
        command.addAll(List.of("-nodefaults", "-display", "none", "-S", "-qmp", "unix:" + socket));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            QmpSession session = listener.accept().get(30, TimeUnit.SECONDS);
            return new RealQemu(dir, process, listener, session);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String log = Files.readString(dir.resolve("qemu.log"), StandardCharsets.UTF_8);
            listener.close();
            deleteTree(dir);
            throw new AssertionError("QEMU did not connect: " + e + "; QEMU said: " + log, e);
        }
    }

    /** Waits for QEMU to exit by itself; true when it did. */
    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        session.close();
        listener.close();
        if (!process.waitFor(0, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code qmp} in a process of its own, as a user's shell does: with an environment of the
 * test's choosing ({@code QMP_SOCKET}, {@code QMP4J_QEMU_BINARY}) and stdin that is no terminal.
 */
final class CliProcess {
    private CliProcess() {
    }

    /**
     * Runs {@code qmp} to its end.
     *
     * @param environment variables to set, or to remove where the value is null
     * @param input what stdin reads, then its end
     * @param args the command line
     * @return exit code and output
     */
    static CliRun.Result run(Map<String, String> environment, String input, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), QmpCli.class.getName()));
        command.addAll(List.of(args));
        return run(command, Path.of("."), environment, input);
    }

    /**
     * Runs a command to its end.
     *
     * @param command the program and its arguments
     * @param directory the working directory
     * @param environment variables to set, or to remove where the value is null
     * @param input what stdin reads, then its end
     * @return exit code and output
     */
    static CliRun.Result run(List<String> command, Path directory, Map<String, String> environment, String input)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        boolean ended = process.waitFor(CliRun.WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, command.get(0) + " ended");
        return new CliRun.Result(process.exitValue(), out.join(), err.join());
    }

    /** Reads a stream to its end on a thread of its own, so that a full pipe never stalls the process. */
    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread reader = new Thread(task, "qmp-process-output");
            reader.setDaemon(true);
            reader.start();
        });
    }
}

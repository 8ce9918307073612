package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
        return run(qmp(args), Path.of("."), environment, input);
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
        Process process = start(command, directory, environment);
        CompletableFuture<String> out = copy(process.getInputStream(), new StringBuffer());
        CompletableFuture<String> err = copy(process.getErrorStream(), new StringBuffer());
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        return new CliRun.Result(awaitEnd(process, command.get(0)), out.join(), err.join());
    }

    /**
     * Starts {@code qmp} with stdin open, to be fed a line at a time while its output is watched.
     *
     * @param environment variables to set, or to remove where the value is null
     * @param args the command line
     * @return the running process
     */
    static Live live(Map<String, String> environment, String... args) throws IOException {
        return new Live(start(qmp(args), Path.of("."), environment));
    }

    /** The command line that runs {@code qmp} with this JVM and class path. */
    private static List<String> qmp(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), QmpCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static Process start(List<String> command, Path directory, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.start();
    }

    private static int awaitEnd(Process process, String name) throws InterruptedException {
        boolean ended = process.waitFor(CliRun.WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, name + " ended");
        return process.exitValue();
    }

    /** A {@code qmp} process fed a line at a time, with its output so far. */
    static final class Live implements AutoCloseable {
        private final Process process;
        private final StringBuffer out = new StringBuffer();
        private final StringBuffer err = new StringBuffer();
        private final CompletableFuture<String> outEnd;
        private final CompletableFuture<String> errEnd;

        private Live(Process process) {
            this.process = process;
            this.outEnd = copy(process.getInputStream(), out);
            this.errEnd = copy(process.getErrorStream(), err);
        }

        /** Writes to stdin. */
        void write(String text) throws IOException {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        /** Waits until stdout holds {@code text}; fails when the process ends first or after a while. */
        void awaitOut(String text) {
            await(out, text, "stdout");
        }

        /** Waits until stderr holds {@code text}; fails when the process ends first or after a while. */
        void awaitErr(String text) {
            await(err, text, "stderr");
        }

        /** Closes stdin and waits for the end. */
        CliRun.Result end() throws IOException, InterruptedException {
            process.getOutputStream().close();
            int code = awaitEnd(process, "qmp");
            return new CliRun.Result(code, outEnd.join(), errEnd.join());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }

        private void await(StringBuffer output, String text, String name) {
            long deadline = System.nanoTime() + CliRun.WAIT.toNanos();
            while (!text(output).contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("no " + text + " on " + name + (process.isAlive() ? "" : " (qmp ended)")
                            + "; stdout:\n" + text(out) + "\nstderr:\n" + text(err));
                }
                try {
                    process.waitFor(10, TimeUnit.MILLISECONDS); // a bounded pause, cut short when the process ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static String text(StringBuffer output) {
        synchronized (output) {
            return output.toString();
        }
    }

    /**
     * Copies a stream into {@code into} as it comes, on a thread of its own, so that a full pipe
     * never stalls the process; completes with all of it at the end.
     */
    private static CompletableFuture<String> copy(InputStream stream, StringBuffer into) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] chunk = new byte[8192];
            try {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int n; (n = stream.read(chunk)) >= 0; ) {
                    all.write(chunk, 0, n);
                    synchronized (into) { // whole characters only, however the bytes were cut
                        into.setLength(0);
                        into.append(all.toString(StandardCharsets.UTF_8));
                    }
                }
                return all.toString(StandardCharsets.UTF_8);
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

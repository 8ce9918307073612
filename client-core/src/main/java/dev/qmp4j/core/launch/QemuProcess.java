package dev.qmp4j.core.launch;

import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.internal.Durations;
import dev.qmp4j.core.internal.launch.LiveProcesses;
import dev.qmp4j.core.internal.launch.OutputTail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QEMU started by {@link QemuLauncher}, with its QMP session in command mode. Stop it with
 * {@link #shutdown(Duration)} (asks QEMU to quit, then kills it if it does not) or
 * {@link #close()} (kills it). Either way its socket directory is removed, and a JVM shutdown
 * hook kills any QEMU still running when the JVM exits.
 */
public final class QemuProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QemuProcess.class);
    private static final long KILL_WAIT_MILLIS = 10_000;

    private final Process process;
    private final List<String> command;
    private final Path directory;
    private final OutputTail output;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile QmpSession session;
    private volatile boolean stopping;

    QemuProcess(Process process, List<String> command, Path directory, OutputTail output) {
        this.process = process;
        this.command = List.copyOf(command);
        this.directory = directory;
        this.output = output;
        LiveProcesses.add(this);
        process.onExit().thenRun(this::exited);
    }

    void connected(QmpSession session) {
        this.session = session;
    }

    Process process() {
        return process;
    }

    /** A launch failure that quotes QEMU's last output line. */
    QemuLaunchException launchFailure(String message, Throwable cause) {
        if (!process.isAlive()) {
            output.awaitEnd(2000);
        }
        String last = output.lastLine();
        return new QemuLaunchException(message + (last.isEmpty() ? " (no output)" : ": " + last)
                + "; command: " + String.join(" ", command), output.text(), cause);
    }

    /**
     * The QMP session, in command mode when the launch completed.
     *
     * @return the session
     */
    public QmpSession session() {
        return session;
    }

    /**
     * The operating system's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The full command line, including the {@code -qmp} option the launcher added.
     *
     * @return the command
     */
    public List<String> command() {
        return command;
    }

    /**
     * The private directory holding the QMP socket; removed when the process is stopped.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Whether QEMU is still running.
     *
     * @return true while the process lives
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * QEMU's exit code, once it has exited.
     *
     * @return the code, or empty while it runs
     */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * What QEMU printed on stdout and stderr: the last bytes, up to the launcher's output limit.
     *
     * @return the output, possibly empty
     */
    public String output() {
        return output.text();
    }

    /**
     * A future completing with the exit code when QEMU exits, for whatever reason.
     *
     * @return the exit future
     */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Stops QEMU gracefully: sends {@code quit} and waits for the process to exit; kills it if
     * it has not exited within {@code timeout}. Then removes the socket directory.
     *
     * @param timeout how long QEMU may take to quit
     * @return the exit code (from QEMU, or of the kill)
     */
    public CompletableFuture<Integer> shutdown(Duration timeout) {
        stopping = true;
        QmpSession s = session;
        if (s != null && process.isAlive()) {
            // quit's failure does not matter here: the exit is what counts.
            s.execute("quit", null, timeout).exceptionally(e -> null);
        }
        return process.onExit()
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApplyAsync(exited -> { // not on the JDK's shared timer thread: close() may wait
                    if (exited == null) {
                        log.warn("QEMU pid {} did not quit within {}; killing it", pid(), Durations.text(timeout));
                    }
                    close();
                    return process.exitValue();
                });
    }

    /**
     * Kills QEMU if it still runs, waits for it to end, closes the session and removes the
     * socket directory. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        QmpSession s = session;
        if (s != null) {
            s.close();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("QEMU pid {} did not end within {} of SIGKILL", pid(), Durations.millis(KILL_WAIT_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.awaitEnd(KILL_WAIT_MILLIS);
        deleteTree(directory);
        LiveProcesses.remove(this);
    }

    @Override
    public String toString() {
        return "QemuProcess[pid " + pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue()) + "]";
    }

    private void exited() {
        if (!stopping && session != null && process.exitValue() != 0) {
            output.awaitEnd(2000);
            log.warn("QEMU pid {} exited with code {}: {}", pid(), process.exitValue(), output.lastLine());
        }
        deleteTree(directory); // the socket is gone already; nothing else lives there
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            if (Files.exists(dir)) {
                throw new UncheckedIOException("cannot remove " + dir, e);
            }
        }
    }
}

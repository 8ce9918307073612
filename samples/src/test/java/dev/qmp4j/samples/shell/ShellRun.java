package dev.qmp4j.samples.shell;

import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.samples.cli.ShellInterpreter;
import dev.qmp4j.samples.cli.ShellOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs a piped shell in-process and keeps what it printed. */
final class ShellRun {
    /** The time each command may take, unless a test's options say otherwise. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit;

    private ShellRun(BlockingQmpSession session, InputStream in, ShellOptions options) {
        ShellInterpreter shell = ShellInterpreter.piped(session, in, new PrintWriter(out, true), new PrintWriter(err, true),
                options);
        exit = CompletableFuture.supplyAsync(shell::run);
    }

    /** Starts a shell reading {@code in}; it runs on another thread. */
    static ShellRun start(BlockingQmpSession session, InputStream in) {
        return new ShellRun(session, in, ShellOptions.of(TIMEOUT));
    }

    /** Runs a shell over the given lines to the end. */
    static ShellRun of(BlockingQmpSession session, String input) {
        return of(session, input, ShellOptions.of(TIMEOUT));
    }

    /** Runs a shell with options over the given lines to the end. */
    static ShellRun of(BlockingQmpSession session, String input, ShellOptions options) {
        ShellRun run = new ShellRun(session, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), options);
        run.exitCode();
        return run;
    }

    int exitCode() {
        try {
            return exit.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the shell did not end: " + e, e);
        }
    }

    String out() {
        synchronized (out) {
            return out.toString();
        }
    }

    String err() {
        synchronized (err) {
            return err.toString();
        }
    }

    /** Waits until a condition on the output holds (events come on their own thread). */
    static void await(Supplier<Boolean> condition, Supplier<String> what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting; output so far: " + what.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition, briefly
        }
    }
}

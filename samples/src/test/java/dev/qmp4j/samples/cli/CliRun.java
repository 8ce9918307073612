package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code qmp} in-process with captured output, as a test sees it. */
final class CliRun {
    /** Generous: a real QEMU may be slow to start on a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(120);

    private CliRun() {
    }

    /**
     * What one run produced.
     *
     * @param exitCode the exit code
     * @param out standard output
     * @param err standard error
     */
    record Result(int exitCode, String out, String err) {
        /** Standard output's lines. */
        String[] lines() {
            return out.isEmpty() ? new String[0] : out.split("\\R");
        }

        /** The last line of standard output. */
        String lastLine() {
            String[] lines = lines();
            return lines.length == 0 ? "" : lines[lines.length - 1];
        }

        /** Fails when stderr holds a stack trace (allowed only with --verbose). */
        Result withoutStackTrace() {
            assertFalse(err.contains("\tat "), () -> "stack trace on stderr:\n" + err);
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /**
     * A run in progress on its own thread.
     *
     * @param result completes when the run ends
     * @param out the live standard output
     * @param err the live standard error
     */
    record Running(CompletableFuture<Result> result, StringWriter out, StringWriter err) {
        /** Whether the run has ended. */
        boolean done() {
            return result.isDone();
        }

        /** Waits for the end. */
        Result await() throws Exception {
            return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** Waits until standard error holds {@code text}; fails when the run ends first or after {@link #WAIT}. */
        void awaitErr(String text) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!err.toString().contains(text)) {
                if (done() || System.nanoTime() > deadline) {
                    throw new AssertionError("no " + text + " on stderr" + (done() ? " (the run ended)" : "")
                            + "; stdout:\n" + out + "\nstderr:\n" + err);
                }
                awaitUpTo(10);
            }
        }

        /** Waits up to {@code millis} for the end: a bounded pause between actions that drive the run. */
        void awaitUpTo(long millis) {
            try {
                result.get(millis, TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                // still running (or failed, which await() reports)
            }
        }
    }

    /**
     * Runs {@code qmp} and waits for it to end.
     *
     * @param args the command line
     * @return exit code and output
     */
    static Result run(String... args) throws Exception {
        return start(args).await();
    }

    /**
     * Starts {@code qmp} on a new thread.
     *
     * @param args the command line
     * @return the run, with its live output
     */
    static Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                PrintWriter o = new PrintWriter(out, true);
                PrintWriter e = new PrintWriter(err, true);
                int code = QmpCli.run(args, o, e);
                o.flush();
                e.flush();
                result.complete(new Result(code, out.toString(), err.toString()));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "qmp-cli-test");
        thread.setDaemon(true);
        thread.start();
        return new Running(result, out, err);
    }
}

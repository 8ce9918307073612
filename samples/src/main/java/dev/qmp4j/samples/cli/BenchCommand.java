package dev.qmp4j.samples.cli;

import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qmp bench}: runs one command many times and reports the rate. Its last line is always
 * {@code N commands in T ms: R/s}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {"Run one command (without arguments) many times and print the rate.",
            "sequential: one command at a time, each waiting for its reply. pipelined: up to " + BenchCommand.WINDOW
                + " commands in flight in the client (refilled " + BenchCommand.REFILL + " at a time), as many at the "
                + "server as the protocol allows (8 in-band with oob, QEMU's queue length; the client queues the rest).",
            "First runs --warmup commands the same way, untimed: the first commands of a run pay for loading "
                + "and compiling the client's code.",
            "With --oob-probe NAME (pipelined only), a second thread runs NAME out of band, one at a time, all "
                + "through the timed run, while up to " + BenchCommand.WINDOW + " in-band commands wait; its round "
                + "trips are printed before the last line.",
            "Prints a header line, the latency of a command from sending it to its reply (p50 and p99, in ms; "
                + "in pipelined mode it includes the wait behind the commands ahead of it), then as its last line: "
                + "N commands in T ms: R/s (T and R whole numbers). Connecting is not timed. Every reply is "
                + "checked; --timeout applies to each command.",
            "Exit codes: 0 all succeeded, 1 a command failed (the first error is shown), 2 usage, "
                + "3 connection or protocol, 4 timeout."})
final class BenchCommand implements Callable<Integer> {
    /** Commands in flight at most in pipelined mode: well within the core's pending limit (4096). */
    static final int WINDOW = 1000;
    /** How many replies free the window before more commands go, in pipelined mode. */
    static final int REFILL = 100;

    /** How commands are sent. */
    enum Mode {
        /** One at a time. */
        sequential,
        /** Many in flight. */
        pipelined
    }

    @Mixin
    Endpoint endpoint;

    @Spec
    CommandSpec spec;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "How many commands to run (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "500",
            description = "How many untimed commands to run first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "sequential",
            description = "sequential or pipelined (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--command", paramLabel = "NAME", defaultValue = "query-status",
            description = "The command to run (default: ${DEFAULT-VALUE}).")
    String command;

    @Option(names = "--oob-probe", paramLabel = "NAME",
            description = "With --mode pipelined: also run NAME out of band during the timed run, one at a time "
                    + "(a command that allows exec-oob, such as query-yank), and print its round-trip latency.")
    String oobProbe;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be at least 0, got " + warmup);
        }
        if (oobProbe != null && mode != Mode.pipelined) {
            throw new IllegalArgumentException("--oob-probe needs --mode pipelined");
        }
        if (oobProbe != null && oobProbe.isBlank()) {
            throw new IllegalArgumentException("--oob-probe needs a command name");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = endpoint.open()) {
            BlockingQmpSession session = connection.session();
            out.println("bench: " + count + " x " + command + " (after " + warmup + " untimed), " + mode + ", QEMU "
                    + session.greeting().version() + " at " + session.endpoint() + ", capabilities "
                    + session.enabledCapabilities());
            out.flush();
            Run warmupRun = run(session, warmup, null);
            if (warmupRun.failed()) {
                return report(warmupRun, "warm-up ");
            }
            OobProbe probe = oobProbe == null ? null : new OobProbe(session.async(), oobProbe, endpoint.timeout());
            Run run = run(session, count, probe);
            if (run.failed()) {
                return report(run, "");
            }
            if (probe != null && probe.failure != null) {
                Run failed = new Run(probe.latencies.size() + 1);
                failed.fail(probe.failure);
                return report(failed, "out-of-band ");
            }
            long[] latencies = run.latencies.clone();
            Arrays.sort(latencies);
            out.println(String.format(Locale.ROOT, "latency, send to reply: p50 %.3f ms, p99 %.3f ms",
                    percentile(latencies, 50) / 1e6, percentile(latencies, 99) / 1e6));
            if (probe != null) {
                long[] oob = probe.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                out.println(String.format(Locale.ROOT, "out of band, %s while up to %d in-band commands waited: %d round "
                        + "trips, p50 %.3f ms, p99 %.3f ms, max %.3f ms", oobProbe, WINDOW, oob.length,
                        percentile(oob, 50) / 1e6, percentile(oob, 99) / 1e6, oob[oob.length - 1] / 1e6));
            }
            out.println(count + " commands in " + Math.round(run.nanos / 1e6) + " ms: "
                    + Math.round(count * 1e9 / Math.max(1, run.nanos)) + "/s");
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** Runs {@code n} commands in the chosen mode, with {@code probe} (or null) going meanwhile. */
    private Run run(BlockingQmpSession session, int n, OobProbe probe) throws InterruptedException {
        Run run = new Run(n);
        Thread prober = probe == null ? null : new Thread(probe, "qmp-bench-oob-probe");
        long start = System.nanoTime();
        if (prober != null) {
            prober.start();
        }
        if (mode == Mode.sequential) {
            sequential(session, run);
        } else {
            pipelined(session.async(), run);
        }
        run.nanos = System.nanoTime() - start;
        if (prober != null) {
            probe.done = true;
            prober.join();
        }
        return run;
    }

    /** Runs one command out of band again and again, one at a time, until told to stop or one fails. */
    private static final class OobProbe implements Runnable {
        final List<Long> latencies = new ArrayList<>();
        final QmpSession session;
        final String name;
        final Duration timeout;
        volatile boolean done;
        Throwable failure;

        OobProbe(QmpSession session, String name, Duration timeout) {
            this.session = session;
            this.name = name;
            this.timeout = timeout;
        }

        @Override
        public void run() {
            do { // at least one, however short the run
                long sent = System.nanoTime();
                try {
                    session.executeOutOfBand(name, null, timeout).join();
                } catch (RuntimeException e) { // a failed reply, or a refusal on this thread
                    failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    return;
                }
                latencies.add(System.nanoTime() - sent);
            } while (!done);
        }
    }

    private void sequential(BlockingQmpSession session, Run run) {
        Duration timeout = endpoint.timeout();
        for (int i = 0; i < run.latencies.length; i++) {
            long sent = System.nanoTime();
            try {
                session.execute(command, null, timeout);
                run.latencies[i] = System.nanoTime() - sent;
            } catch (RuntimeException e) {
                run.fail(e);
                if (!(e instanceof dev.qmp4j.core.QmpCommandException)) {
                    break; // a lost connection or a timeout will not get better
                }
            }
        }
    }

    private void pipelined(QmpSession session, Run run) {
        Duration timeout = endpoint.timeout();
        // The window is refilled in batches: this thread wakes once per REFILL replies, not for each.
        AtomicInteger inFlight = new AtomicInteger();
        Thread sender = Thread.currentThread();
        CompletableFuture<?>[] replies = new CompletableFuture<?>[run.latencies.length];
        for (int i = 0; i < replies.length; i++) {
            while (inFlight.get() >= WINDOW) {
                LockSupport.park(this); // the reply that brings inFlight down to WINDOW - REFILL unparks it
            }
            inFlight.incrementAndGet();
            int index = i;
            long sent = System.nanoTime();
            replies[i] = session.execute(command, null, timeout).whenComplete((reply, error) -> {
                run.latencies[index] = System.nanoTime() - sent;
                if (inFlight.decrementAndGet() == WINDOW - REFILL) {
                    LockSupport.unpark(sender);
                }
                if (error != null) {
                    run.fail(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                }
            });
        }
        CompletableFuture.allOf(replies).exceptionally(e -> null).join();
    }

    /** Says how many commands of a run failed and how the first did; returns the exit code of that failure. */
    private int report(Run run, String phase) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("qmp: " + run.failures.get() + " of " + run.latencies.length + " " + phase
                + "commands failed, the first with:");
        err.println(ExitCodes.describe(run.firstFailure.get()));
        err.flush();
        return ExitCodes.of(run.firstFailure.get());
    }

    /**
     * The nearest-rank percentile: the smallest value that at least {@code p} percent of the values
     * do not exceed.
     *
     * @param sorted the values, in ascending order, at least one
     * @param p the percentile, 1 to 100
     * @return the value
     */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** One run of commands: each one's latency in nanoseconds, the whole run's time, and the failures. */
    private static final class Run {
        final long[] latencies;
        final AtomicInteger failures = new AtomicInteger();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long nanos;

        Run(int n) {
            latencies = new long[n];
        }

        void fail(Throwable failure) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, failure);
        }

        boolean failed() {
            return failures.get() > 0;
        }
    }
}

package dev.qmp4j.samples.cli;

import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
                + " commands in flight in the client, as many at the server as the protocol allows (8 in-band with "
                + "oob, QEMU's queue length; the client queues the rest).",
            "Prints a header line, then as its last line: N commands in T ms: R/s (T and R whole numbers). "
                + "Connecting is not timed. Every reply is checked; --timeout applies to each command.",
            "Exit codes: 0 all succeeded, 1 a command failed (the first error is shown), 2 usage, "
                + "3 connection or protocol, 4 timeout."})
final class BenchCommand implements Callable<Integer> {
    /** Commands in flight at most in pipelined mode: well within the core's pending limit (4096). */
    static final int WINDOW = 1000;

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

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "sequential",
            description = "sequential or pipelined (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--command", paramLabel = "NAME", defaultValue = "query-status",
            description = "The command to run (default: ${DEFAULT-VALUE}).")
    String command;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = endpoint.open()) {
            BlockingQmpSession session = connection.session();
            out.println("bench: " + count + " x " + command + ", " + mode + ", QEMU " + session.greeting().version()
                    + " at " + session.endpoint() + ", capabilities " + session.enabledCapabilities());
            out.flush();
            long start = System.nanoTime();
            Failures failures = mode == Mode.sequential ? sequential(session) : pipelined(session.async());
            long nanos = System.nanoTime() - start;
            if (failures.count.get() > 0) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("qmp: " + failures.count.get() + " of " + count + " commands failed, the first with:");
                err.println(ExitCodes.describe(failures.first.get()));
                err.flush();
                return ExitCodes.of(failures.first.get());
            }
            out.println(count + " commands in " + Math.round(nanos / 1e6) + " ms: "
                    + Math.round(count * 1e9 / Math.max(1, nanos)) + "/s");
            out.flush();
            return ExitCodes.OK;
        }
    }

    private Failures sequential(BlockingQmpSession session) {
        Failures failures = new Failures();
        Duration timeout = endpoint.timeout();
        for (int i = 0; i < count; i++) {
            try {
                session.execute(command, null, timeout);
            } catch (RuntimeException e) {
                failures.add(e);
                if (!(e instanceof dev.qmp4j.core.QmpCommandException)) {
                    break; // a lost connection or a timeout will not get better
                }
            }
        }
        return failures;
    }

    private Failures pipelined(QmpSession session) throws InterruptedException {
        Failures failures = new Failures();
        Duration timeout = endpoint.timeout();
        Semaphore window = new Semaphore(WINDOW);
        CompletableFuture<?>[] replies = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            window.acquire();
            replies[i] = session.execute(command, null, timeout).whenComplete((reply, error) -> {
                window.release();
                if (error != null) {
                    failures.add(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                }
            });
        }
        CompletableFuture.allOf(replies).exceptionally(e -> null).join();
        return failures;
    }

    /** Failed commands: how many, and the first failure. */
    private static final class Failures {
        final AtomicInteger count = new AtomicInteger();
        final AtomicReference<Throwable> first = new AtomicReference<>();

        void add(Throwable failure) {
            count.incrementAndGet();
            first.compareAndSet(null, failure);
        }
    }
}

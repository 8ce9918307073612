package dev.qmp4j.benchmarks;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many sessions in one JVM: opens them all from one {@link QmpClient}, runs one command on each,
 * then counts the client's threads and the heap each session keeps. The server runs in a child
 * JVM ({@link InstantQmpServer#main}), so that its sockets and its heap are not counted here and
 * each process needs one file descriptor per session, not two.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.qmp4j.benchmarks.SessionScale [SESSIONS]}
 * (default {@value #DEFAULT_SESSIONS}); {@code ulimit -n} must allow about SESSIONS + 100 open
 * files in each process.
 */
public final class SessionScale {
    /** Sessions opened when no count is given. */
    public static final int DEFAULT_SESSIONS = 10_000;
    /** File descriptors a process needs beyond one per session: jars, selectors, pipes, the listener. */
    private static final int SPARE_FILE_DESCRIPTORS = 100;
    /** Connections under way at once, below the listener's backlog. */
    private static final int CONNECT_BATCH = 500;
    private static final int WARM_UP_SESSIONS = 200;
    private static final long WAIT_SECONDS = 60;

    private SessionScale() {
    }

    /**
     * What one run found.
     *
     * @param sessions sessions that were open (and had each run a command) when measured
     * @param sdkThreads the names of the live threads of qmp4j ({@code qmp4j-*})
     * @param retainedHeapBytes heap in use after GC with every session open, less heap in use after GC before
     * @param openTime the time to connect, negotiate and run one command on every session
     * @param maxFileDescriptors this process's limit on open files
     */
    public record Result(int sessions, List<String> sdkThreads, long retainedHeapBytes, Duration openTime,
            long maxFileDescriptors) {

        /**
         * The heap each session keeps.
         *
         * @return bytes per session
         */
        public double retainedBytesPerSession() {
            return (double) retainedHeapBytes / sessions;
        }

        /**
         * The result as lines of a Markdown table, ready to copy.
         *
         * @return the table
         */
        public String markdown() {
            return String.format(Locale.ROOT, "| metric | value |%n|---|---|%n"
                    + "| sessions open in one JVM (UNIX sockets) | %,d |%n"
                    + "| qmp4j threads | %d (%s) |%n"
                    + "| heap retained per session | %.1f KiB (%,d bytes in all, after GC) |%n"
                    + "| time to open them and run one command on each | %.2f s |%n",
                    sessions, sdkThreads.size(), String.join(", ", sdkThreads), retainedBytesPerSession() / 1024,
                    retainedHeapBytes, openTime.toMillis() / 1000.0);
        }
    }

    /**
     * Runs the measurement and prints its table.
     *
     * @param args the number of sessions, optionally
     * @throws Exception when a session cannot be opened
     */
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_SESSIONS;
        Result result = measure(sessions);
        System.out.printf(Locale.ROOT, "open files allowed per process (ulimit -n): %,d%n", result.maxFileDescriptors());
        System.out.print(result.markdown());
    }

    /**
     * Starts a server in a child JVM, opens {@code sessions} sessions to it and measures.
     * Everything is closed before this returns.
     *
     * @param sessions how many sessions to open
     * @return what was measured
     * @throws Exception when the server does not start or a session fails
     * @throws IllegalStateException when the file limit is too low for that many sessions
     */
    public static Result measure(int sessions) throws Exception {
        long maxFiles = maxFileDescriptors();
        if (maxFiles < (long) sessions + SPARE_FILE_DESCRIPTORS) {
            throw new IllegalStateException(sessions + " sessions need about " + (sessions + SPARE_FILE_DESCRIPTORS)
                    + " open files per process, but this one may open " + maxFiles + " (raise ulimit -n)");
        }
        Process server = startServer();
        try {
            Path socket = awaitListening(server);
            try (QmpClient client = QmpClient.create()) {
                QmpEndpoint endpoint = QmpEndpoint.unix(socket);
                QmpSession[] open = new QmpSession[Math.max(sessions, WARM_UP_SESSIONS)];
                openAll(client, endpoint, open, WARM_UP_SESSIONS); // loads and compiles what sessions use
                closeAll(open, WARM_UP_SESSIONS);

                long before = usedHeapAfterGc();
                long start = System.nanoTime();
                openAll(client, endpoint, open, sessions);
                Duration openTime = Duration.ofNanos(System.nanoTime() - start);
                long after = usedHeapAfterGc();
                List<String> threads = sdkThreads();
                closeAll(open, sessions);
                return new Result(sessions, threads, after - before, openTime, maxFiles);
            }
        } finally {
            stop(server);
        }
    }

    /** Opens {@code count} sessions into {@code open}, a batch at a time, and runs a command on each. */
    private static void openAll(QmpClient client, QmpEndpoint endpoint, QmpSession[] open, int count)
            throws Exception {
        for (int from = 0; from < count; from += CONNECT_BATCH) {
            int to = Math.min(count, from + CONNECT_BATCH);
            List<CompletableFuture<QmpSession>> connecting = new ArrayList<>();
            for (int i = from; i < to; i++) {
                connecting.add(client.connect(endpoint));
            }
            for (int i = from; i < to; i++) {
                open[i] = connecting.get(i - from).get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            List<CompletableFuture<?>> replies = new ArrayList<>();
            for (int i = from; i < to; i++) {
                replies.add(open[i].execute("query-status"));
            }
            for (CompletableFuture<?> reply : replies) {
                reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    private static void closeAll(QmpSession[] open, int count) {
        for (int i = 0; i < count; i++) {
            open[i].close();
            open[i] = null;
        }
    }

    /** The names of the live threads of qmp4j, sorted. */
    private static List<String> sdkThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("qmp4j-"))
                .sorted()
                .toList();
    }

    /** Heap in use after full collections, once two in a row agree within 64 KiB (at most ten). */
    private static long usedHeapAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    private static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
    }

    private static Process startServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Path.of(InstantQmpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return new ProcessBuilder(java, "-cp", classPath, InstantQmpServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static Path awaitListening(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening ")) {
            throw new IOException("the benchmark server did not start: it printed " + line);
        }
        return Path.of(line.substring("listening ".length()));
    }

    /** Ends the server by closing its input, forcibly if it has not ended within 10 seconds. */
    private static void stop(Process server) throws InterruptedException {
        try {
            server.getOutputStream().close();
        } catch (IOException e) {
            // it has ended already
        }
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package dev.qmp4j.e2e.fuzz;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.e2e.fuzz.FuzzFailure.Invariant;
import dev.qmp4j.testkit.QmpSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A batch of cases against two {@link QmpClient}s, one with in-band ids and one without (each case
 * says which it needs): workers, each with its own scripted server socket, run cases concurrently;
 * after every case a bystander session of each client, on a well-behaved {@link QmpSimulator},
 * must still answer. At the end, no qmp4j thread and no file
 * descriptor may be left over. When the bystander stops answering, each case that was in flight
 * is run again alone to find the one that did it, and the run goes on with a fresh client.
 */
final class FuzzRun {
    /** Short, so that a case that waits for a timeout costs little. */
    static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Small, so that huge and oversized messages are cheap. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    /** File descriptors the JVM may open meanwhile on its own (class files, jars). */
    private static final long FD_TOLERANCE = 4;
    /** Cases late under load that a run runs again alone, at most. */
    private static final int MAX_CONFIRMATIONS = 20;

    /** What a run did. */
    record Report(long ran, long valid, long skipped, Duration elapsed, List<FuzzFailure> failures) {
    }

    private final FuzzSettings settings;
    private final PrintStream log;
    private final List<FuzzFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nextIndex = new AtomicLong();
    private final AtomicLong ran = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong valid = new AtomicLong();
    private final Map<Thread, SessionScript> inFlight = new ConcurrentHashMap<>();
    /** Cases that failed only by being late, which a busy machine can cause too. */
    private final List<SessionScript> slowCases = Collections.synchronizedList(new ArrayList<>());
    /** The bystander's failure and the cases in flight then; set once, and the run stops. */
    private final AtomicReference<LoopDeath> loopDeath = new AtomicReference<>();

    private record LoopDeath(Throwable cause, List<SessionScript> suspects) {
    }

    FuzzRun(FuzzSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    Report run() throws Exception {
        long start = System.nanoTime();
        long deadline = settings.budget().isZero() ? Long.MAX_VALUE : start + settings.budget().toNanos();
        Path dir = Files.createTempDirectory("qmp4j-fuzz-");
        try {
            // After a loop death the run goes on with a fresh client, so that one bug does not hide the others.
            int deaths = 0;
            while (ran.get() < settings.cases() && nextIndex.get() < maxIndex() && System.nanoTime() < deadline) {
                loopDeath.set(null);
                Set<String> engineErrors;
                try (EngineErrors errors = new EngineErrors()) {
                    runCases(dir, deadline);
                    engineErrors = errors.distinct();
                }
                engineErrors.forEach(e -> log.println("the engine logged at ERROR: " + e));
                LoopDeath death = loopDeath.get();
                if (death == null) {
                    break;
                }
                blameLoopDeath(death, engineErrors);
                if (++deaths >= settings.maxLoopDeaths()) {
                    log.println("stopping after " + deaths + " loop deaths (qmp4j.fuzz.maxLoopDeaths)");
                    break;
                }
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        confirmAlone(slowCases);
        return new Report(ran.get(), valid.get(), skipped.get(), Duration.ofNanos(System.nanoTime() - start),
                List.copyOf(failures));
    }

    /** How many case numbers a run may draw, skipped ones included: bounded. */
    private long maxIndex() {
        return settings.singleSeed().isPresent() ? 1 : settings.cases() * 20;
    }

    private void runCases(Path dir, long deadline) throws Exception {
        Set<Thread> threadsBefore = LeakCheck.qmpThreads();
        long fdsBefore = LeakCheck.openFileDescriptors();
        try (QmpSimulator simulator = QmpSimulator.start()) {
            // Two clients: one sends in-band ids, as the cases whose server answers in any order need,
            // and one sends none (the default), for the cases whose server answers in order, as QEMU does.
            QmpClientOptions.Builder options = QmpClientOptions.builder().ioThreads(1).connectTimeout(TIMEOUT)
                    .commandTimeout(TIMEOUT).maxMessageBytes(MAX_MESSAGE_BYTES);
            QmpClient withIds = QmpClient.create(options.inBandCommandIds(true).build());
            QmpClient ordered = QmpClient.create(options.inBandCommandIds(false).build());
            try (QmpSession withIdsBystander = withIds.connect(simulator.endpoint()).get(10, TimeUnit.SECONDS);
                 QmpSession orderedBystander = ordered.connect(simulator.endpoint()).get(10, TimeUnit.SECONDS)) {
                List<QmpSession> bystanders = List.of(withIdsBystander, orderedBystander);
                int workers = settings.singleSeed().isPresent() ? 1 : settings.workers();
                List<ScriptedPeer> peers = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    peers.add(new ScriptedPeer(dir.resolve("w" + i + ".sock")));
                }
                bystandersAnswer(bystanders); // warm up before counting
                long fdsAtStart = LeakCheck.openFileDescriptors();
                List<Thread> threads = new ArrayList<>();
                for (ScriptedPeer peer : peers) {
                    Thread t = new Thread(() -> work(withIds, ordered, bystanders, peer, deadline),
                            "fuzz-worker-" + threads.size());
                    threads.add(t);
                    t.start();
                }
                for (Thread t : threads) {
                    t.join(); // each worker's loop is bounded by the case count and every wait by a deadline
                }
                long fdsAtEnd = LeakCheck.openFileDescriptors(); // the peers' listeners count in both
                for (ScriptedPeer peer : peers) {
                    peer.close();
                }
                if (fdsAtEnd > fdsAtStart + FD_TOLERANCE) {
                    runFailure(Invariant.FD_LEAK, "file descriptors", fdsAtStart + " open before the cases, " + fdsAtEnd
                            + " after");
                }
                if (loopDeath.get() == null && LeakCheck.qmpThreads().stream().filter(t -> !threadsBefore.contains(t)
                        && t.getName().startsWith("qmp4j-io-")).count() < 2) {
                    runFailure(Invariant.THREAD_LEAK, "I/O thread", "an I/O thread of the clients has ended");
                }
            } finally {
                withIds.close();
                ordered.close();
            }
        }
        Set<Thread> left = new HashSet<>(LeakCheck.qmpThreads());
        left.removeAll(threadsBefore);
        if (!left.isEmpty()) {
            runFailure(Invariant.THREAD_LEAK, "qmp4j threads", "still running after close(): " + left);
        }
        long fdsAfter = LeakCheck.openFileDescriptors();
        if (fdsAfter > fdsBefore + FD_TOLERANCE) {
            runFailure(Invariant.FD_LEAK, "file descriptors", fdsBefore + " open before the clients, " + fdsAfter
                    + " after they closed");
        }
    }

    /** Takes cases until there are none left, the time is up, or the bystander stopped answering. */
    private void work(QmpClient withIds, QmpClient ordered, List<QmpSession> bystanders, ScriptedPeer peer,
            long deadline) {
        long index;
        while (loopDeath.get() == null && System.nanoTime() < deadline
                && (index = nextIndex.getAndIncrement()) < maxIndex()) {
            long seed = settings.singleSeed().orElse(settings.caseSeed(index));
            SessionScript script = new SessionScript(seed, MAX_MESSAGE_BYTES);
            if (!settings.runs(script.families)) {
                skipped.incrementAndGet();
                continue;
            }
            if (ran.getAndIncrement() >= settings.cases()) {
                ran.decrementAndGet();
                break;
            }
            if (settings.singleSeed().isPresent()) {
                log.println("fuzz case " + script);
            }
            if (script.isValid()) {
                valid.incrementAndGet();
            }
            inFlight.put(Thread.currentThread(), script);
            List<FuzzFailure> found;
            boolean slowOnly = false;
            try {
                FuzzCase fuzzCase = new FuzzCase(script.inBandIds ? withIds : ordered, peer, script, settings.grace(),
                        settings.singleSeed().isPresent() ? log : null);
                found = fuzzCase.run();
                slowOnly = fuzzCase.failedOnlyBySlowness() && settings.singleSeed().isEmpty();
            } catch (IOException | RuntimeException e) {
                found = List.of(new FuzzFailure(seed, script.families, Invariant.WRONG_RESULT, "the fuzzer itself",
                        Excerpts.describe(e)));
            }
            Throwable bystanderFailure = bystandersAnswer(bystanders);
            if (bystanderFailure != null) {
                loopDeath.compareAndSet(null, new LoopDeath(bystanderFailure, List.copyOf(inFlight.values())));
            }
            // After a loop death, blameLoopDeath reruns each case in flight alone: the death may be why it failed.
            if (loopDeath.get() == null || settings.singleSeed().isPresent()) {
                if (slowOnly) {
                    slowCases.add(script); // run again alone at the end
                } else {
                    report(found);
                }
            }
            inFlight.remove(Thread.currentThread());
        }
    }


    /** Null when each bystander (one per client) answered, else why one did not. */
    private Throwable bystandersAnswer(List<QmpSession> bystanders) {
        for (QmpSession bystander : bystanders) {
            try {
                bystander.execute("query-status", null, Duration.ofSeconds(5))
                        .get(5_000 + settings.grace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (Exception e) {
                return e;
            }
        }
        return null;
    }

    /**
     * Reruns each case that was in flight alone, on a fresh client, and reports what it breaks
     * alone: the loop death of whichever did it, and the failures of the others, which the death
     * had hidden. Alone, a case is reported as it is.
     */
    private void blameLoopDeath(LoopDeath death, Set<String> engineErrors) throws Exception {
        if (settings.singleSeed().isPresent()) {
            SessionScript self = death.suspects().get(0);
            report(List.of(new FuzzFailure(self.seed, self.families, Invariant.BYSTANDER_UNANSWERED,
                    "query-status on the bystander", "the bystander got " + death.cause().getClass().getSimpleName()
                    + "; the engine logged " + engineErrors)));
            return;
        }
        boolean explained = false;
        for (SessionScript suspect : death.suspects()) {
            List<FuzzFailure> alone = new FuzzRun(settings.alone(suspect.seed),
                    new PrintStream(OutputStream.nullOutputStream())).run().failures();
            explained |= alone.stream().anyMatch(f -> f.invariant() == Invariant.BYSTANDER_UNANSWERED);
            report(alone);
        }
        if (!explained) {
            report(List.of(new FuzzFailure(settings.runSeed(), Set.of(), Invariant.BYSTANDER_UNANSWERED,
                    "query-status on the bystander", "no case in flight does it alone: "
                    + death.suspects().stream().map(s -> Long.toString(s.seed)).toList() + "; the engine logged "
                    + engineErrors)));
        }
    }

    /**
     * Runs cases that failed only by being late again, alone, on a fresh client: what fails again
     * is reported; the rest was the machine's doing (2 cores shared with other builds), and is only
     * logged.
     */
    private void confirmAlone(List<SessionScript> cases) throws Exception {
        for (SessionScript slow : cases.subList(0, Math.min(cases.size(), MAX_CONFIRMATIONS))) {
            List<FuzzFailure> alone = new FuzzRun(settings.alone(slow.seed),
                    new PrintStream(OutputStream.nullOutputStream())).run().failures();
            if (alone.isEmpty()) {
                log.println("late only under load, fine alone: case " + slow.seed + " " + slow.families);
            }
            report(alone);
        }
        if (cases.size() > MAX_CONFIRMATIONS) {
            log.println((cases.size() - MAX_CONFIRMATIONS) + " more cases were late only under load; not run again");
        }
    }

    private void runFailure(Invariant invariant, String what, String detail) {
        report(List.of(new FuzzFailure(settings.runSeed(), Set.of(), invariant, what, detail)));
    }

    private void report(List<FuzzFailure> found) {
        for (FuzzFailure f : found) {
            log.println("FUZZ FAILURE " + f);
        }
        failures.addAll(found);
    }
}

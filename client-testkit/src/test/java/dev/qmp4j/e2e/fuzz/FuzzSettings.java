package dev.qmp4j.e2e.fuzz;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How a fuzz run is set up, from system properties (the {@code fuzz} profile sets them):
 * {@code qmp4j.fuzz.cases}, {@code qmp4j.fuzz.seconds} (a time budget, 0 for none),
 * {@code qmp4j.fuzz.runSeed} (a number or {@code random}), {@code qmp4j.fuzz.seed} (rerun that one
 * case), {@code qmp4j.fuzz.workers}, {@code qmp4j.fuzz.families} (only cases with one of them),
 * {@code qmp4j.fuzz.graceMillis},
 * {@code qmp4j.fuzz.maxLoopDeaths} (after which a run stops; each costs a rerun of every case in flight).
 *
 * @param wanted a case must have one of these families; empty for any
 * @param excluded a case must have none of these
 */
record FuzzSettings(long cases, Duration budget, long runSeed, OptionalLong singleSeed, int workers,
        Set<Family> wanted, Set<Family> excluded, Duration grace, int maxLoopDeaths) {

    /** The normal test run's seed: the same cases every time, so that a failure is a change. */
    static final long DEFAULT_RUN_SEED = 0x51_4D_50_34_4A_46_5AL;

    static FuzzSettings fromSystemProperties() {
        String runSeed = System.getProperty("qmp4j.fuzz.runSeed", Long.toString(DEFAULT_RUN_SEED));
        String seed = System.getProperty("qmp4j.fuzz.seed", "");
        String families = System.getProperty("qmp4j.fuzz.families", "");
        Set<Family> wanted = families.isBlank() ? EnumSet.noneOf(Family.class)
                : EnumSet.copyOf(Arrays.stream(families.split(",")).map(String::trim).map(Family::valueOf).toList());
        Set<Family> excluded = EnumSet.noneOf(Family.class); // no family is skipped as a known bug today
        return new FuzzSettings(
                Long.getLong("qmp4j.fuzz.cases", 3_000),
                Duration.ofSeconds(Long.getLong("qmp4j.fuzz.seconds", 0)),
                runSeed.equals("random") ? new java.security.SecureRandom().nextLong() : Long.decode(runSeed),
                seed.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.decode(seed)),
                Integer.getInteger("qmp4j.fuzz.workers", 32),
                wanted, excluded,
                Duration.ofMillis(Long.getLong("qmp4j.fuzz.graceMillis", 2_000)),
                Integer.getInteger("qmp4j.fuzz.maxLoopDeaths", 3));
    }

    /** The same settings for running one case alone. */
    FuzzSettings alone(long seed) {
        return new FuzzSettings(1, Duration.ZERO, runSeed, OptionalLong.of(seed), 1, wanted, excluded, grace, 1);
    }

    /** Whether a case with these families runs; a case named by its seed always does. */
    boolean runs(Set<Family> families) {
        return singleSeed.isPresent() || ((wanted.isEmpty() || !Collections.disjoint(families, wanted))
                && Collections.disjoint(families, excluded));
    }

    /** The seed of case number {@code index} of the run (SplitMix64). */
    long caseSeed(long index) {
        long z = runSeed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

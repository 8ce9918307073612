package dev.qmp4j.e2e.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware socket fuzzing of the engine: thousands of scripted, mutated QMP servers
 * against one client (see {@link SessionScript} and {@link Family}). The normal run takes 3,000
 * cases of a fixed run seed; {@code mvn -Pfuzz} many more, of a random one (see
 * {@link FuzzSettings}). One case again, with a trace of what it did:
 * {@code -Dqmp4j.fuzz.seed=<the case seed printed>}.
 */
class SocketFuzzTest {

    @Test
    void noServerInputBreaksTheClient() throws Exception {
        FuzzSettings settings = FuzzSettings.fromSystemProperties();
        System.out.println("socket fuzzing: " + settings);
        FuzzRun.Report report = new FuzzRun(settings, System.out).run();
        long millis = Math.max(1, report.elapsed().toMillis());
        System.out.printf("socket fuzzing: %d cases (%d valid sessions checked exactly; %d skipped for known bugs or"
                + " filters) in %d ms, %.0f cases/s%n", report.ran(), report.valid(), report.skipped(), millis,
                report.ran() * 1e3 / millis);
        assertTrue(report.failures().isEmpty(), () -> summary(report.failures()));
    }

    /** One line per distinct failure, with up to three seeds that rerun it. */
    private static String summary(List<FuzzFailure> failures) {
        Map<String, List<FuzzFailure>> bySignature = failures.stream()
                .collect(Collectors.groupingBy(FuzzFailure::signature, LinkedHashMap::new, Collectors.toList()));
        StringBuilder b = new StringBuilder(failures.size() + " broken invariants, " + bySignature.size() + " distinct:");
        bySignature.forEach((signature, all) -> b.append("\n  ").append(all.size()).append(" x ").append(all.get(0))
                .append(all.size() > 1 ? "; also seeds " + all.stream().skip(1).limit(2).map(f -> Long.toString(f.seed()))
                        .collect(Collectors.joining(", ")) : ""));
        return b.toString();
    }
}

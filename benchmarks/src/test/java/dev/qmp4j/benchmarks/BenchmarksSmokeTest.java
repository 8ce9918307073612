package dev.qmp4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every benchmark runs once, briefly, in this JVM, and the many-sessions measurement runs with a
 * few sessions: so that the build keeps them compiling and working. Timings are not checked.
 */
class BenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsWithoutError() throws Exception {
        Options options = new OptionsBuilder()
                .include(BenchmarksSmokeTest.class.getPackageName() + "\\..*Benchmark\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String name = params.getBenchmark().substring(BenchmarksSmokeTest.class.getPackageName().length() + 1)
                    + params.getParamsKeys().stream().map(k -> " " + k + "=" + params.getParam(k)).reduce("", String::concat);
            ran.add(name);
            double score = result.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), name + " measured " + score);
        }
        assertEquals(new TreeSet<>(List.of(
                "EventDeliveryBenchmark.jobStatusChange",
                "EventDeliveryBenchmark.jobStatusChangeFlux",
                "PipelinedCommandsBenchmark.queryStatus capabilities=none",
                "PipelinedCommandsBenchmark.queryStatus capabilities=oob",
                "PipelinedCommandsBenchmark.rawClient",
                "SchemaDecodeBenchmark.fromText",
                "SchemaDecodeBenchmark.overSession",
                "SequentialCommandsBenchmark.asyncJoined",
                "SequentialCommandsBenchmark.blocking",
                "SequentialCommandsBenchmark.rawClient")), ran);
    }

    @Test
    void sessionScaleOpensEverySessionAndLeavesNothingBehind() throws Exception {
        SessionScale.Result result = SessionScale.measure(300);

        assertEquals(300, result.sessions());
        // The threads are found by the names the core gives them: if those change, this says so.
        assertTrue(result.sdkThreads().stream().anyMatch(name -> name.startsWith("qmp4j-io-")), result.sdkThreads()::toString);
        assertTrue(result.retainedHeapBytes() > 0, result::markdown);
        assertTrue(result.markdown().contains("| qmp4j threads | " + result.sdkThreads().size() + " ("), result::markdown);

        assertEquals(0, ProcessHandle.current().children().count(), "the server process has ended");
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("qmp4j-")).toList(), "threads of qmp4j still alive");
    }
}

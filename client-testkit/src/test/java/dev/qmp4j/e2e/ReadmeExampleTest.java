package dev.qmp4j.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.typed.TypedEventSubscription;
import dev.qmp4j.core.types.QmpCommands;
import dev.qmp4j.core.types.StatusInfo;
import dev.qmp4j.core.types.StopEvent;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpCommands;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedRunState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's "Example", copied as is (only the socket path differs: the simulator's, standing
 * in for a QEMU that was started with {@code -qmp unix:/tmp/vm1.qmp,server=on,wait=off} and is
 * running), and what its comments claim. Keep the body of {@link #readmeExample} in step with
 * the README; the same holds for the blocking and reactive examples below.
 */
@Timeout(60)
class ReadmeExampleTest {

    @Test
    void exampleRunsAndPrintsWhatItsCommentsSay() throws Exception {
        List<String> printed;
        try (QmpSimulator sim = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start()) {
            printed = capturingSystemOut(() -> readmeExample(sim.endpoint().unixPath().orElseThrow()));
            assertEquals(SimulatedRunState.PAUSED, sim.runState());
            assertEquals("stop", sim.awaitSession(Duration.ofSeconds(10)).received().get(1).name());
        }

        assertEquals(3, printed.size(), printed::toString);
        assertEquals("QEMU 7.2.22, enabled [oob]", printed.get(0));
        assertTrue(printed.get(1).startsWith("QmpEvent[name=STOP, "), printed.get(1)); // QmpEvent[name=STOP, ...]
        assertEquals("paused", printed.get(2));                                        // "paused"
    }

    /** The README's example; {@code vm1} replaces {@code Path.of("/tmp/vm1.qmp")}. */
    private static void readmeExample(Path vm1) throws Exception {
        try (QmpClient client = QmpClient.create();
             QmpSession session = client.connect(QmpEndpoint.unix(vm1)).get(10, SECONDS)) {
            System.out.println("QEMU " + session.greeting().version() + ", enabled " + session.enabledCapabilities());

            EventSubscription events = session.subscribe("STOP", "RESUME"); // subscribe before the command
            session.execute("stop").get(10, SECONDS);
            System.out.println(events.next().get(10, SECONDS));            // QmpEvent[name=STOP, ...]

            JsonObject status = session.execute("query-status").get(10, SECONDS).getAsJsonObject();
            System.out.println(status.get("status").getAsString());        // "paused"
        }
    }

    @Test
    void blockingExampleRunsAndPrintsWhatItsCommentsSay() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start()) {
            List<String> printed = capturingSystemOut(() -> blockingExample(sim.endpoint().unixPath().orElseThrow()));
            assertEquals(List.of("STOP", "paused"), printed);
        }
    }

    /** The README's blocking example. */
    private static void blockingExample(Path vm1) {
        try (BlockingQmpClient client = BlockingQmpClient.create();
             BlockingQmpSession session = client.connect(QmpEndpoint.unix(vm1));
             BlockingEventSubscription events = session.subscribe("STOP")) {
            session.execute("stop");
            System.out.println(events.next(Duration.ofSeconds(10)).name());   // STOP
            System.out.println(session.execute("query-status")
                    .getAsJsonObject().get("status").getAsString());           // paused
        }
    }

    @Test
    void reactiveExampleRunsAndPrintsWhatItsCommentsSay() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start()) {
            List<String> printed = capturingSystemOut(() -> reactiveExample(sim.endpoint().unixPath().orElseThrow()));
            assertEquals(List.of("STOP", "paused"), printed);
        }
    }

    /** The README's reactive example. */
    private static void reactiveExample(Path vm1) {
        try (ReactiveQmpClient client = ReactiveQmpClient.create()) {
            String status = client.connect(QmpEndpoint.unix(vm1))
                    .flatMap(session -> session
                            .executeAndAwaitEvent("stop", null, "STOP", event -> true, Duration.ofSeconds(10))
                            .doOnNext(event -> System.out.println(event.name()))          // STOP
                            .then(session.execute("query-status"))
                            .doFinally(signal -> session.close()))
                    .map(reply -> reply.getAsJsonObject().get("status").getAsString())
                    .block(Duration.ofSeconds(10));
            System.out.println(status);                                                     // paused
        }
    }

    @Test
    void typedExampleRunsAndPrintsWhatItsCommentsSay() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start()) {
            List<String> printed = capturingSystemOut(() -> typedExample(sim.endpoint().unixPath().orElseThrow()));
            assertEquals(List.of("running", "PAUSED", "PAUSED", "PAUSED"), printed);
        }
    }

    /** The README's typed example, in the three styles. */
    private static void typedExample(Path vm1) throws Exception {
        try (QmpClient client = QmpClient.create();
             QmpSession session = client.connect(QmpEndpoint.unix(vm1)).get(10, SECONDS)) {
            QmpCommands qmp = QmpCommands.of(session);
            StatusInfo status = qmp.queryStatus().get(10, SECONDS);
            System.out.println(status.status().wireName());                         // running
            try (TypedEventSubscription<StopEvent> stops = session.subscribe(StopEvent.TYPE)) {
                qmp.stop().get(10, SECONDS);
                stops.next().get(10, SECONDS);
            }
            System.out.println(qmp.queryStatus().get(10, SECONDS).status().known()); // PAUSED

            BlockingQmpCommands blocking = BlockingQmpCommands.of(BlockingQmpSession.of(session));
            System.out.println(blocking.queryStatus().status().known());            // PAUSED

            ReactiveQmpCommands reactive = ReactiveQmpCommands.of(ReactiveQmpSession.of(session));
            System.out.println(reactive.queryStatus().map(s -> s.status().known())
                    .block(Duration.ofSeconds(10)));                                 // PAUSED
        }
    }

    @FunctionalInterface
    private interface Example {
        void run() throws Exception;
    }

    /** Runs the example with {@code System.out} captured; returns the lines it printed. */
    private static List<String> capturingSystemOut(Example example) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        original.print(text); // still show it in the test output
        return text.lines().toList();
    }
}

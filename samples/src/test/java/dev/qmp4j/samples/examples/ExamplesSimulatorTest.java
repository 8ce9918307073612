package dev.qmp4j.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedRunState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Every example, run against the simulator (which starts in prelaunch, as QEMU with -S). */
class ExamplesSimulatorTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private QmpSimulator simulator;
    private QmpClient client;
    private QmpSession session;

    @BeforeEach
    void connect() throws Exception {
        simulator = QmpSimulator.builder()
                // QEMU removes a USB device at once: the event can come before the reply.
                .handler("device_del", request -> {
                    String id = request.arguments().get("id").getAsString();
                    request.session().pushEvent(deleted(null, "/machine/peripheral/" + id + "/child"));
                    request.session().pushEvent(deleted(id, "/machine/peripheral/" + id));
                    return QmpReply.success();
                })
                .start();
        client = QmpClient.create();
        session = client.connect(simulator.endpoint()).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        session.close();
        client.close();
        simulator.close();
    }

    @Test
    void asyncFirstSteps() throws Exception {
        try (QmpSimulator running = QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING).start()) {
            AsyncFirstSteps.run(running.endpoint().unixPath().orElseThrow(), out);
            assertEquals(String.join("\n", "QEMU 7.2.22, enabled [oob]", "STOP", "paused", ""), printed());
        }
    }

    @Test
    void blockingLifecycle() {
        BlockingLifecycle.run(BlockingQmpSession.of(session), out);
        assertEquals(String.join("\n", "status prelaunch", "cont -> RESUME, status running", "stop -> STOP, status paused",
                "system_reset -> RESET, status prelaunch", "quit -> SHUTDOWN", ""), printed());
        assertTrue(simulator.hasQuit());
    }

    @Test
    void reactiveEventWatcherStopsAfterTheLimit() {
        StepVerifier.create(ReactiveEventWatcher.watch(ReactiveQmpSession.of(session), 2))
                .then(() -> simulator.pushEvent(SimulatedEvent.of("RESUME")))
                .assertNext(line -> assertTrue(line.endsWith(" RESUME {}"), line))
                .then(() -> simulator.pushEvent(SimulatedEvent.of("STOP")))
                .assertNext(line -> assertTrue(line.endsWith(" STOP {}"), line))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void reactiveEventWatcherStopsWhenQemuCloses() {
        StepVerifier.create(ReactiveEventWatcher.watch(ReactiveQmpSession.of(session), Long.MAX_VALUE))
                .then(() -> session.execute("quit"))
                .assertNext(line -> assertTrue(line.contains(" SHUTDOWN {\"guest\":false"), line))
                .assertNext(line -> assertTrue(line.startsWith("connection closed: "), line))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void reconnectingWatcherGoesOnAcrossARestart(@TempDir Path dir) {
        Path socket = dir.resolve("qmp.sock");
        QmpSimulator[] running = {QmpSimulator.builder().listenOnUnixSocket(socket).start()};
        try (ReactiveQmpClient reconnecting = ReactiveQmpClient.create(ReconnectingWatcher.options())) {
            ReactiveQmpSession watched = reconnecting.connect(QmpEndpoint.unix(socket)).block(Duration.ofSeconds(10));
            StepVerifier.create(ReconnectingWatcher.watch(watched, 5))
                    .assertNext(line -> assertEquals("-- CONNECTED to QEMU 7.2.22", line))
                    .then(() -> running[0].pushEvent(SimulatedEvent.of("STOP")))
                    .assertNext(line -> assertEquals("STOP {}", line))
                    .then(running[0]::close)
                    .assertNext(line -> assertEquals("-- DISCONNECTED: connection to unix:" + socket
                            + " closed by the server (EOF)", line))
                    .then(() -> running[0] = QmpSimulator.builder().listenOnUnixSocket(socket).version(10, 0, 2).start())
                    .assertNext(line -> assertTrue(line.startsWith("-- RECONNECTED to QEMU 10.0.2 after "), line))
                    .then(() -> running[0].pushEvent(SimulatedEvent.of("RESUME")))
                    .assertNext(line -> assertEquals("RESUME {}", line))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        } finally {
            running[0].close();
        }
    }

    @Test
    void typedCommands() throws Exception {
        TypedCommands.run(session, out);
        assertEquals(String.join("\n", "status prelaunch", "resumed, status RUNNING",
                "QEMU 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)", ""), printed());
    }

    @Test
    void hotUnplugWaitsForTheEventOfThatDevice() {
        QmpEvent deleted = HotUnplug.unplug(BlockingQmpSession.of(session), "tablet0", out);
        assertEquals("tablet0", deleted.data().get("device").getAsString());
        assertEquals("deleted tablet0 at /machine/peripheral/tablet0\n", printed());
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static SimulatedEvent deleted(String device, String path) {
        JsonObject data = new JsonObject();
        if (device != null) {
            data.addProperty("device", device);
        }
        data.addProperty("path", path);
        return SimulatedEvent.of("DEVICE_DELETED", data);
    }
}

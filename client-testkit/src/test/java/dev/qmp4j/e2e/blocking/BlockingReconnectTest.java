package dev.qmp4j.e2e.blocking;

import static dev.qmp4j.e2e.ReconnectTesting.quick;
import static dev.qmp4j.e2e.ReconnectTesting.reconnecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingConnectionChanges;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.ConnectionChange.Kind;
import dev.qmp4j.core.DisconnectedCalls;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.e2e.ReconnectTesting.RestartingServer;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedRunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reconnection through the blocking API: reading the connection's changes, events across a gap, giving up. */
@Timeout(60)
class BlockingReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private RestartingServer server;
    private BlockingQmpClient client;

    @BeforeEach
    void start() {
        server = new RestartingServer(dir);
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private BlockingQmpSession connect(ReconnectOptions reconnect) {
        client = BlockingQmpClient.create(reconnecting(reconnect));
        return client.connect(server.endpoint());
    }

    private static SimulatedEvent tick(int n) {
        JsonObject data = new JsonObject();
        data.addProperty("n", n);
        return SimulatedEvent.of("TICK", data);
    }

    @Test
    void changesAndEventsAcrossAGapThenIterationEndsOnClose() {
        BlockingQmpSession session = connect(quick().build());
        try (BlockingConnectionChanges changes = session.connectionChanges();
             BlockingEventSubscription ticks = session.subscribe("TICK")) {
            assertEquals(Kind.CONNECTED, changes.next(WAIT).kind());
            server.running().pushEvent(tick(1));
            assertEquals(1, ticks.next(WAIT).data().get("n").getAsInt());
            server.start(); // stops the first: the connection is lost
            assertEquals(Kind.DISCONNECTED, changes.next(WAIT).kind());
            assertEquals(Kind.RECONNECTED, changes.next(WAIT).kind());
            server.running().pushEvent(tick(2));
            assertEquals(2, ticks.next(WAIT).data().get("n").getAsInt());
            assertThrows(QmpTimeoutException.class, () -> changes.next(Duration.ZERO), "nothing more to tell");

            session.close();
            List<ConnectionChange> rest = new ArrayList<>();
            changes.forEach(rest::add);
            assertEquals(List.of(), rest, "iteration ends normally after a close");
            assertFalse(ticks.iterator().hasNext());
        }
    }

    @Test
    void aBlockingCallFailsFastInAGapByDefault() {
        BlockingQmpSession session = connect(quick().initialDelay(Duration.ofHours(1)).maxDelay(Duration.ofHours(1)).build());
        try (BlockingConnectionChanges changes = session.connectionChanges()) {
            assertEquals(Kind.CONNECTED, changes.next(WAIT).kind());
            server.stop();
            QmpException lost = changes.next(WAIT).cause().orElseThrow();
            QmpConnectionException failure = assertThrows(QmpConnectionException.class,
                    () -> session.execute("query-status"));
            assertSame(lost, failure.getCause());
        }
    }

    @Test
    void aBlockingCallWaitsForTheNextConnection() throws Exception {
        BlockingQmpSession session = connect(quick().disconnectedCalls(DisconnectedCalls.WAIT).build());
        try (BlockingConnectionChanges changes = session.connectionChanges()) {
            assertEquals(Kind.CONNECTED, changes.next(WAIT).kind());
            server.stop();
            assertEquals(Kind.DISCONNECTED, changes.next(WAIT).kind());
            CompletableFuture<JsonElement> status = CompletableFuture.supplyAsync(() -> session.execute("query-status"));
            server.start(QmpSimulator.builder().initialRunState(SimulatedRunState.RUNNING));
            assertEquals("running", status.get(WAIT.toSeconds(), TimeUnit.SECONDS).getAsJsonObject().get("status")
                    .getAsString());
        }
    }

    @Test
    void afterGivingUpWhenClosedAndIterationThrowTheCause() {
        BlockingQmpSession session = connect(quick().maxAttempts(1).build());
        try (BlockingConnectionChanges changes = session.connectionChanges()) {
            assertEquals(Kind.CONNECTED, changes.next(WAIT).kind());
            server.stop();
            assertEquals(Kind.DISCONNECTED, changes.next(WAIT).kind());
            ConnectionChange gaveUp = changes.next(WAIT);
            assertEquals(Kind.GAVE_UP, gaveUp.kind());
            assertEquals(1, gaveUp.attempts());
            QmpConnectionException thrown = assertThrows(QmpConnectionException.class, () -> session.whenClosed(WAIT));
            assertSame(gaveUp.cause().orElseThrow(), thrown);
            assertSame(thrown, assertThrows(QmpConnectionException.class, () -> changes.iterator().hasNext()));
        }
    }
}

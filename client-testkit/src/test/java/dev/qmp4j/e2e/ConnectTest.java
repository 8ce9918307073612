package dev.qmp4j.e2e;

import dev.qmp4j.core.*;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import dev.qmp4j.testkit.SimulatedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting: greeting, negotiation and everything that can go wrong before command mode. */
class ConnectTest {
    private QmpClient client = QmpClient.create();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void greetingIsParsedAndOobEnabledByDefault() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().version(8, 1, 3).packageName("v8.1.3-test").start();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            QmpGreeting greeting = session.greeting();
            assertEquals(new QmpVersion(8, 1, 3), greeting.version());
            assertEquals("v8.1.3-test", greeting.packageName());
            assertEquals(List.of("oob"), greeting.capabilities());
            assertEquals(Set.of("oob"), session.enabledCapabilities());
            assertEquals(QmpSessionState.READY, session.state());
            assertEquals(Set.of("oob"), sim.awaitSession(Duration.ofSeconds(5)).enabledCapabilities());
        }
    }

    @Test
    void onlyCapabilitiesBothOfferedAndWantedAreEnabled() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().offeredCapabilities(List.of("future-cap")).start();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            assertEquals(Set.of(), session.enabledCapabilities());
            ReceivedCommand negotiation = sim.awaitSession(Duration.ofSeconds(5)).received().get(0);
            assertEquals("qmp_capabilities", negotiation.name());
            assertEquals(new JsonObject(), negotiation.arguments(), "nothing to enable: no arguments");
        }
    }

    @Test
    void capabilitiesCanBeTurnedOff() throws Exception {
        client.close();
        client = QmpClient.create(QmpClientOptions.builder().capabilities(Set.of()).build());
        try (QmpSimulator sim = QmpSimulator.start();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            assertEquals(Set.of(), session.enabledCapabilities());
            QmpException e = awaitFailure(session.executeOutOfBand("yank", null, Duration.ofSeconds(5)), QmpException.class);
            assertTrue(e.getMessage().contains("'oob' capability was not negotiated"), e.getMessage());
            assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
        }
    }

    @Test
    void refusedNegotiationFailsConnectWithTheServersError() {
        try (QmpSimulator sim = QmpSimulator.builder().failNegotiation("GenericError", "not today").start()) {
            QmpCommandException e = awaitFailure(client.connect(sim.endpoint()), QmpCommandException.class);
            assertEquals("qmp_capabilities", e.command());
            assertEquals(QmpErrorClass.GENERIC_ERROR, e.errorClass());
            assertEquals("not today", e.description());
        }
    }

    @Test
    void noServerIsAConnectionError(@TempDir Path dir) {
        QmpConnectionException e = awaitFailure(client.connect(QmpEndpoint.unix(dir.resolve("absent.sock"))),
                QmpConnectionException.class);
        assertTrue(e.getMessage().startsWith("cannot connect to unix:"), e.getMessage());
    }

    @Test
    void aServerThatNeverGreetsTimesOut() {
        client.close();
        client = QmpClient.create(QmpClientOptions.builder().connectTimeout(Duration.ofMillis(300)).build());
        try (QmpSimulator sim = QmpSimulator.builder().stallBeforeGreeting(true).start()) {
            QmpTimeoutException e = awaitFailure(client.connect(sim.endpoint()), QmpTimeoutException.class);
            assertTrue(e.getMessage().contains("GREETING"), e.getMessage());
            assertTrue(e.getMessage().contains(" within 0.3 s "), e.getMessage()); // seconds, as every duration reads
            sim.awaitSession(Duration.ofSeconds(5)).awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void aServerThatClosesAtOnceIsAConnectionError() {
        try (QmpSimulator sim = QmpSimulator.builder().closeOnAccept(true).start()) {
            QmpConnectionException e = awaitFailure(client.connect(sim.endpoint()), QmpConnectionException.class);
            assertTrue(e.getMessage().contains("closed by the server (EOF) while in state GREETING"), e.getMessage());
        }
    }

    @Test
    void aGreetingWithoutVersionIsAProtocolError() {
        try (QmpSimulator sim = QmpSimulator.builder().rawGreeting("{\"QMP\": {\"capabilities\": []}}\r\n").start()) {
            QmpProtocolException e = awaitFailure(client.connect(sim.endpoint()), QmpProtocolException.class);
            assertTrue(e.getMessage().contains("malformed QMP greeting"), e.getMessage());
        }
    }

    @Test
    void eventsAroundNegotiationDoNotConfuseIt() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder()
                .eventBeforeGreeting(SimulatedEvent.of("RESUME"))
                .eventDuringNegotiation(SimulatedEvent.of("STOP"))
                .start();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            assertEquals(QmpSessionState.READY, session.state());
            assertEquals(Set.of("oob"), session.enabledCapabilities());
        }
    }

    @Test
    void cancellingAConnectClosesItsSocket() {
        try (QmpSimulator sim = QmpSimulator.builder().stallBeforeGreeting(true).start()) {
            var connecting = client.connect(sim.endpoint());
            var serverSide = sim.awaitSession(Duration.ofSeconds(5));
            assertTrue(connecting.cancel(false));
            serverSide.awaitClosed(Duration.ofSeconds(5)); // long before the 10 s connect timeout
        }
    }

    @Test
    void closingTheClientLeavesNoThreadAliveWhenItReturns() throws Exception {
        try (QmpSimulator sim = QmpSimulator.start()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            for (int i = 0; i < 20; i++) {
                QmpClient c = QmpClient.create();
                await(await(c.connect(sim.endpoint())).execute("query-status"));
                c.close();
                assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !before.contains(t) && t.getName().startsWith("qmp4j-"))
                        .map(Thread::getName).toList());
            }
        }
    }

    @Test
    void connectsOverTcp() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().listenOnTcp().start();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            assertTrue(session.endpoint().toString().startsWith("tcp:"), session.endpoint().toString());
            assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
        }
    }

    @Test
    void closingTheClientFailsAConnectInProgress() {
        try (QmpSimulator sim = QmpSimulator.builder().stallBeforeGreeting(true).start()) {
            var connecting = client.connect(sim.endpoint());
            var serverSide = sim.awaitSession(Duration.ofSeconds(5));
            client.close();
            awaitFailure(connecting, QmpClosedException.class);
            serverSide.awaitClosed(Duration.ofSeconds(5));
            awaitFailure(client.connect(sim.endpoint()), QmpClosedException.class);
        }
    }

    @Test
    void listenerAcceptsAConnectionFromTheServerSide(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (QmpListener listener = client.listen(QmpEndpoint.unix(socket))) {
            assertTrue(Files.exists(socket));
            var accepted = listener.accept();
            try (FakeQemu qemu = FakeQemu.connect(socket)) {
                qemu.negotiate();
                QmpSession session = await(accepted);
                assertEquals(Set.of("oob"), session.enabledCapabilities());
                var status = session.execute("query-status");
                JsonObject command = qemu.receive();
                qemu.send("{\"return\": {\"status\": \"running\"}" + FakeQemu.idMember(command) + "}\r\n");
                assertEquals("running", await(status).getAsJsonObject().get("status").getAsString());
                session.close();
            }
        }
        assertFalse(Files.exists(socket), "closing the listener removes its socket file");
    }

    @Test
    void listenerOnTcpTakesOneConnectionPerAccept() throws Exception {
        try (QmpListener listener = client.listen(QmpEndpoint.tcp("127.0.0.1", 0))) {
            assertTrue(listener.endpoint().toString().matches("tcp:127\\.0\\.0\\.1:[1-9][0-9]*"),
                    listener.endpoint().toString());
            for (int i = 0; i < 2; i++) {
                var accepted = listener.accept();
                try (FakeQemu qemu = FakeQemu.connect(listener.endpoint().socketAddress())) {
                    qemu.negotiate();
                    QmpSession session = await(accepted);
                    assertEquals(QmpSessionState.READY, session.state());
                    session.close();
                }
            }
        }
    }

    @Test
    void listenerCloseFailsWaitingAcceptsAndABusyPathIsAClearError(@TempDir Path dir) {
        Path socket = dir.resolve("qmp.sock");
        QmpListener listener = client.listen(QmpEndpoint.unix(socket));
        QmpConnectionException busy = org.junit.jupiter.api.Assertions.assertThrows(QmpConnectionException.class,
                () -> client.listen(QmpEndpoint.unix(socket)));
        assertTrue(busy.getMessage().startsWith("cannot listen on unix:"), busy.getMessage());
        var waiting = listener.accept();
        listener.close();
        listener.close();
        awaitFailure(waiting, QmpClosedException.class);
        awaitFailure(listener.accept(), QmpClosedException.class);
        assertFalse(Files.exists(socket));
    }
}

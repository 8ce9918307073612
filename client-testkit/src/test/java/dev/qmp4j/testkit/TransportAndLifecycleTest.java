package dev.qmp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** UNIX and TCP listening, many sessions at once, and a clean close. */
@Timeout(20)
class TransportAndLifecycleTest {

    @Test
    void tcpOnEphemeralPort() {
        try (QmpSimulator sim = QmpSimulator.builder().listenOnTcp().start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            assertTrue(sim.endpoint().unixPath().isEmpty());
            assertFalse(sim.endpoint().toString().endsWith(":0"), sim.endpoint()::toString);
            assertTrue(client.call("{\"execute\": \"query-status\"}").has("return"));
        }
    }

    @Test
    void unixSocketAtGivenPathIsDeletedOnClose(@TempDir Path dir) {
        Path socket = dir.resolve("given.sock");
        try (QmpSimulator sim = QmpSimulator.builder().listenOnUnixSocket(socket).start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            assertEquals(socket, sim.endpoint().unixPath().orElseThrow());
            assertTrue(client.call("{\"execute\": \"query-status\"}").has("return"));
        }
        assertFalse(Files.exists(socket));
    }

    @Test
    void twoHundredConcurrentSessions() {
        try (QmpSimulator sim = QmpSimulator.start()) {
            List<RawQmpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    RawQmpClient client = RawQmpClient.connect(sim.endpoint());
                    clients.add(client);
                    client.send("{\"execute\": \"qmp_capabilities\"}{\"execute\": \"query-status\", \"id\": " + i + "}");
                }
                for (int i = 0; i < clients.size(); i++) {
                    RawQmpClient client = clients.get(i);
                    assertTrue(client.next().has("QMP"));
                    assertTrue(client.next().has("return"));
                    assertEquals(i, client.next().get("id").getAsInt());
                }
                assertEquals(200, sim.sessions().size());
            } finally {
                clients.forEach(RawQmpClient::close);
            }
        }
    }

    @Test
    void closeLeavesNoThreadOrFileBehind() {
        QmpSimulator sim = QmpSimulator.builder().byteByByteWrites(Duration.ofMillis(1)).start();
        Path socket = sim.endpoint().unixPath().orElseThrow();
        RawQmpClient client = RawQmpClient.connect(sim.endpoint());
        sim.awaitSession(Duration.ofSeconds(5));
        assertTrue(simulatorThreads() >= 1); // the timer thread starts with the first delay
        sim.close();
        sim.close(); // idempotent
        client.readToEof(); // the close reached the client
        client.close();
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(socket.getParent()), "private temp dir removed");
        assertEquals(0, simulatorThreads());
    }

    static long simulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("qmp-simulator-") && t.isAlive()).count();
    }
}

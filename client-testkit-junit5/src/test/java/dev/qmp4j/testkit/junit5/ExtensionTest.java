package dev.qmp4j.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit extension: injection into methods and constructors, options, and closing after each test. */
class ExtensionTest {
    private static final List<QmpSimulator> SEEN = new ArrayList<>();

    @AfterAll
    static void everySimulatorWasClosed() {
        assertEquals(4, SEEN.size());
        for (QmpSimulator sim : SEEN) {
            assertThrows(IOException.class, () -> SocketChannel.open(sim.endpoint().socketAddress()).close(), sim::toString);
            sim.endpoint().unixPath().ifPresent(p -> assertFalse(Files.exists(p), p + " left behind"));
        }
    }

    @Nested
    @ExtendWith(QmpSimulatorExtension.class)
    class Declarative {
        private final QmpSimulator fromConstructor;

        Declarative(QmpSimulator sim) {
            this.fromConstructor = sim;
        }

        @Test
        void constructorAndMethodGetTheSameRunningSimulator(QmpSimulator sim) throws Exception {
            assertSame(fromConstructor, sim);
            SEEN.add(sim);
            assertTrue(execute(sim, "query-status").getAsJsonObject().has("status"));
        }

        @Test
        void eachTestGetsItsOwn(QmpSimulator sim) {
            SEEN.add(sim);
            assertTrue(SEEN.stream().filter(s -> s == sim).count() == 1);
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Programmatic {
        @RegisterExtension
        final QmpSimulatorExtension extension = QmpSimulatorExtension.withOptions(QmpSimulator.builder().listenOnTcp().vmName("ext"));

        @Test
        @Order(1)
        void usesTheOptions(QmpSimulator sim) throws Exception {
            assertSame(extension.simulator(), sim);
            SEEN.add(sim);
            assertTrue(sim.endpoint().unixPath().isEmpty());
            assertEquals("ext", execute(sim, "query-name").getAsJsonObject().get("name").getAsString());
        }

        @Test
        @Order(2)
        void previousSimulatorWasClosed() {
            QmpSimulator previous = SEEN.get(SEEN.size() - 1);
            assertNotSame(previous, extension.simulator());
            SEEN.add(extension.simulator());
            assertThrows(IOException.class, () -> SocketChannel.open(previous.endpoint().socketAddress()).close());
        }
    }

    /** The return value of a command sent to the simulator by a client of its own. */
    private static JsonElement execute(QmpSimulator sim, String command) throws Exception {
        try (QmpClient client = QmpClient.create();
             QmpSession session = client.connect(sim.endpoint()).get(10, TimeUnit.SECONDS)) {
            return session.execute(command).get(10, TimeUnit.SECONDS);
        }
    }
}

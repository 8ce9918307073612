package dev.qmp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
            assertThrows(UncheckedIOException.class, () -> RawQmpClient.connect(sim.endpoint()), sim::toString);
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
        void constructorAndMethodGetTheSameRunningSimulator(QmpSimulator sim) {
            assertSame(fromConstructor, sim);
            SEEN.add(sim);
            try (RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
                assertTrue(client.call("{\"execute\": \"query-status\"}").has("return"));
            }
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
        void usesTheOptions(QmpSimulator sim) {
            assertSame(extension.simulator(), sim);
            SEEN.add(sim);
            assertTrue(sim.endpoint().unixPath().isEmpty());
            try (RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
                assertEquals("ext", client.call("{\"execute\": \"query-name\"}").getAsJsonObject("return").get("name").getAsString());
            }
        }

        @Test
        @Order(2)
        void previousSimulatorWasClosed() {
            QmpSimulator previous = SEEN.get(SEEN.size() - 1);
            assertNotSame(previous, extension.simulator());
            SEEN.add(extension.simulator());
            assertThrows(UncheckedIOException.class, () -> RawQmpClient.connect(previous.endpoint()));
        }
    }
}

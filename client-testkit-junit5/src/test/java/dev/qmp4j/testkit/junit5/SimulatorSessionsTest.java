package dev.qmp4j.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.google.gson.JsonElement;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link QmpSimulatorExtension} injects a session connected to the test's simulator, in command
 * mode, in each style ({@code QmpSession}, {@code ReactiveQmpSession}, {@code BlockingQmpSession})
 * as {@code @WithQemu} does for a real QEMU; all of a test's sessions are one connection, closed
 * with its client after the test.
 */
@Timeout(60)
class SimulatorSessionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The core session of every test here, checked closed once all are done. */
    private static final List<QmpSession> SEEN = new CopyOnWriteArrayList<>();

    @AfterAll
    static void everySessionWasClosedWithItsClient() {
        assertEquals(7, SEEN.size(), "each test that took a session recorded it");
        for (QmpSession session : SEEN) {
            assertEquals(QmpSessionState.CLOSED, session.state(), session::toString);
        }
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("qmp4j-") || name.startsWith("qmp-simulator-")).toList(),
                "client or simulator threads left running");
    }

    /** The one command the test sent through its session, as this test's simulator received it. */
    private static String lastCommand(QmpSimulator sim) {
        List<ReceivedCommand> received = sim.awaitSession(WAIT).awaitReceived(2, WAIT);
        assertEquals("qmp_capabilities", received.get(0).name());
        return received.get(received.size() - 1).name();
    }

    private static String status(JsonElement result) {
        return result.getAsJsonObject().get("status").getAsString();
    }

    @Nested
    @ExtendWith(QmpSimulatorExtension.class)
    class EachStyle {
        @Test
        void core(QmpSimulator sim, QmpSession session) throws Exception {
            SEEN.add(session);
            assertEquals(QmpSessionState.READY, session.state());
            assertEquals("prelaunch", status(session.execute("query-status").get(10, TimeUnit.SECONDS)));
            assertEquals("query-status", lastCommand(sim));
        }

        @Test
        void reactive(QmpSimulator sim, ReactiveQmpSession session) {
            SEEN.add(session.async());
            assertEquals(QmpSessionState.READY, session.state());
            assertEquals("prelaunch", status(session.execute("query-status").block(WAIT)));
            assertEquals("query-status", lastCommand(sim));
        }

        @Test
        void blocking(QmpSimulator sim, BlockingQmpSession session) {
            SEEN.add(session.async());
            assertEquals(QmpSessionState.READY, session.state());
            assertEquals("prelaunch", status(session.execute("query-status")));
            assertEquals("query-status", lastCommand(sim));
        }

        @Test
        void theStylesOfOneTestShareItsConnection(QmpSimulator sim, QmpSession core, ReactiveQmpSession reactive,
                BlockingQmpSession blocking) {
            SEEN.add(core);
            assertSame(core, reactive.async());
            assertSame(core, blocking.async());
            assertEquals(1, sim.sessions().size());
        }

        @Test
        void aTestThatTakesNoSessionGetsNoConnection(QmpSimulator sim) {
            assertEquals(List.of(), sim.sessions());
        }

        @Test
        void aTestMayCloseItsSessionItself(BlockingQmpSession session) {
            SEEN.add(session.async());
            session.close();
            assertEquals(QmpSessionState.CLOSED, session.state());
        }
    }

    @Nested
    @ExtendWith(QmpSimulatorExtension.class)
    class Constructor {
        private final QmpSimulator simulator;
        private final BlockingQmpSession session;

        Constructor(QmpSimulator simulator, BlockingQmpSession session) {
            this.simulator = simulator;
            this.session = session;
        }

        @Test
        void constructorAndMethodShareTheSimulatorAndTheSession(QmpSimulator sim, QmpSession session) {
            SEEN.add(session);
            assertSame(simulator, sim);
            assertSame(this.session.async(), session);
            assertEquals(1, sim.sessions().size());
        }
    }

    @Nested
    class WithOptions {
        @RegisterExtension
        final QmpSimulatorExtension extension = QmpSimulatorExtension.withOptions(
                QmpSimulator.builder().listenOnTcp().vmName("tcp"));

        @Test
        void theSessionReachesTheSimulatorOfTheOptions(BlockingQmpSession session) {
            SEEN.add(session.async());
            assertEquals(extension.simulator().endpoint(), session.endpoint());
            assertTrue(session.endpoint().unixPath().isEmpty(), session.endpoint()::toString);
            assertEquals("tcp", session.execute("query-name").getAsJsonObject().get("name").getAsString());
        }
    }

    @Test
    void aSimulatorThatRefusesTheConnectionFailsTheTestWithTheServersError() {
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(RefusingSimulator.class))
                .execute().testEvents().failed().list();
        assertEquals(1, failed.size(), failed::toString);
        Throwable thrown = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertInstanceOf(ParameterResolutionException.class, thrown);
        assertTrue(thrown.getMessage().startsWith("could not connect a session to the simulator at "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("no thanks"), thrown.getMessage());
        assertInstanceOf(QmpCommandException.class, thrown.getCause());
    }

    /** Run by the test above only: its simulator fails capability negotiation. */
    static class RefusingSimulator {
        @RegisterExtension
        static final QmpSimulatorExtension EXTENSION = QmpSimulatorExtension.withOptions(
                QmpSimulator.builder().failNegotiation("GenericError", "no thanks"));

        @Test
        void getsNoSession(QmpSession session) {
            throw new AssertionError("resolved a session of a simulator that refuses it: " + session);
        }
    }
}

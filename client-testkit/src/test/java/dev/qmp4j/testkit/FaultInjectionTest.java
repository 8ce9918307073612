package dev.qmp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault option, seen from a raw client. */
@Timeout(10)
class FaultInjectionTest {
    private static final String GREETING_START = "{\"QMP\": {\"version\": ";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void closeOnAccept() {
        try (QmpSimulator sim = QmpSimulator.builder().closeOnAccept(true).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            assertEquals("", client.readToEof());
        }
    }

    @Test
    void closeAfterBytesWritten() {
        try (QmpSimulator sim = QmpSimulator.builder().closeAfterBytesWritten(10).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            assertEquals(GREETING_START.substring(0, 10), client.readToEof());
        }
    }

    @Test
    void stallBeforeGreeting() {
        try (QmpSimulator sim = QmpSimulator.builder().stallBeforeGreeting(true).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            // Commands are still read, so the first thing to arrive is this reply, not a greeting.
            assertTrue(client.call("{\"execute\": \"qmp_capabilities\", \"id\": 1}").has("return"));
            assertTrue(client.rawText().startsWith("{\"return\""), client::rawText);
        }
    }

    @Test
    void replyDelay() {
        try (QmpSimulator sim = QmpSimulator.builder().replyDelay(Duration.ofMillis(200)).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            client.next();
            long start = System.nanoTime();
            client.call("{\"execute\": \"qmp_capabilities\"}");
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(190).toNanos());
        }
    }

    @Test
    void eventsBeforeGreetingAndDuringNegotiation() {
        try (QmpSimulator sim = QmpSimulator.builder().eventBeforeGreeting(SimulatedEvent.of("EARLY"))
                .eventDuringNegotiation(SimulatedEvent.of("BETWEEN")).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            assertEquals("EARLY", client.next().get("event").getAsString());
            assertTrue(client.next().has("QMP"));
            assertEquals("BETWEEN", client.call("{\"execute\": \"qmp_capabilities\"}").get("event").getAsString());
            assertTrue(client.next().has("return"));
        }
    }

    @Test
    void prettyOutputAsQemuPrettyOn() {
        try (QmpSimulator sim = QmpSimulator.builder().prettyOutput(true).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            client.next();
            client.call("{\"execute\": \"qmp_capabilities\", \"id\": 5}");
            String expected = "{\r\n    \"QMP\": {\r\n        \"version\": {\r\n            \"qemu\": {\r\n"
                    + "                \"micro\": 22,\r\n                \"minor\": 2,\r\n                \"major\": 7\r\n"
                    + "            },\r\n            \"package\": \"Debian 1:7.2+dfsg-7+deb12u18\"\r\n        },\r\n"
                    + "        \"capabilities\": [\r\n            \"oob\"\r\n        ]\r\n    }\r\n}\r\n"
                    + "{\r\n    \"return\": {\r\n    },\r\n    \"id\": 5\r\n}\r\n";
            assertEquals(expected, client.readAtLeast(expected.length()));
        }
    }

    @Test
    void lfLineEndings() {
        try (QmpSimulator sim = QmpSimulator.builder().lineEnding(QmpSimulatorOptions.LineEnding.LF).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            client.next();
            String text = client.readAtLeast(client.rawText().indexOf("}}") + 3);
            assertTrue(text.endsWith("]}}\n") && !text.contains("\r"), text);
        }
    }

    @Test
    void byteByByteWritesSplitOneMessageOverManyReads() {
        try (QmpSimulator sim = QmpSimulator.builder().byteByByteWrites(Duration.ofMillis(1)).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            assertTrue(client.next().has("QMP"));
            assertTrue(client.readCalls() > 20, () -> "only " + client.readCalls() + " reads");
        }
    }

    @Test
    void rawGreeting() {
        try (QmpSimulator sim = QmpSimulator.builder().rawGreeting("garbage\r\n").start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            assertEquals("garbage\r\n", client.readAtLeast(9));
        }
    }

    @Test
    void perSessionRawTextAndClose() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            SimulatedSession session = sim.awaitSession(WAIT);
            session.sendRaw("{\"return\": \"fake\"}\r\n");
            assertEquals("fake", client.next().get("return").getAsString());
            session.close();
            assertTrue(client.nextOrEof().isEmpty());
            session.awaitClosed(WAIT);
            assertTrue(sim.sessions().isEmpty());
        }
    }
}

package dev.qmp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Greeting and capabilities negotiation, with the exact texts QEMU 7.2 sends. */
@Timeout(10)
class NegotiationTest {

    @Test
    void greetsLikeDebianQemu72() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            client.next();
            assertEquals("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "
                    + "\"package\": \"Debian 1:7.2+dfsg-7+deb12u18\"}, \"capabilities\": [\"oob\"]}}\r\n", client.rawText());
        }
    }

    @Test
    void greetingIsConfigurable() {
        try (QmpSimulator sim = QmpSimulator.builder().version(8, 1, 0).packageName("v8.1.0")
                .offeredCapabilities(List.of()).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            JsonObject qmp = client.next().getAsJsonObject("QMP");
            assertEquals(8, qmp.getAsJsonObject("version").getAsJsonObject("qemu").get("major").getAsInt());
            assertEquals("v8.1.0", qmp.getAsJsonObject("version").get("package").getAsString());
            assertEquals(0, qmp.getAsJsonArray("capabilities").size());
        }
    }

    @Test
    void onlyQmpCapabilitiesRunsBeforeNegotiation() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            client.next();
            client.call("{\"execute\": \"query-status\", \"id\": 1}");
            assertTrue(client.rawText().endsWith("{\"id\": 1, \"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                    + "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}}\r\n"), client::rawText);
            assertError(client.call("{\"execute\": \"no-such-command\"}"), "CommandNotFound",
                    "Expecting capabilities negotiation with 'qmp_capabilities'");
            assertError(client.call("{\"exec-oob\": \"migrate-pause\", \"id\": 2}"), "GenericError",
                    "QMP input member 'exec-oob' is unexpected");
            assertFalse(sim.awaitSession(Duration.ofSeconds(5)).inCommandMode());
        }
    }

    @Test
    void unknownAndUnofferedCapabilitiesAreRefusedAndNegotiationContinues() {
        try (QmpSimulator sim = QmpSimulator.builder().offeredCapabilities(List.of()).start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            client.next();
            assertError(client.call("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}"),
                    "GenericError", "Capability oob not available");
            assertError(client.call("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"foo\"]}}"),
                    "GenericError", "Parameter 'null' does not accept value 'foo'");
            assertError(client.call("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"x\": 1}}"),
                    "GenericError", "Parameter 'x' is unexpected");
            assertEquals("{}", client.call("{\"execute\": \"qmp_capabilities\"}").get("return").toString());
        }
    }

    @Test
    void secondNegotiationIsIgnored() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), true)) {
            JsonObject reply = client.call("{\"execute\": \"qmp_capabilities\", \"id\": \"again\"}");
            assertError(reply, "CommandNotFound", "Capabilities negotiation is already complete, command ignored");
            assertEquals("again", reply.get("id").getAsString());
            SimulatedSession session = sim.awaitSession(Duration.ofSeconds(5));
            assertTrue(session.inCommandMode());
            assertEquals(Set.of("oob"), session.enabledCapabilities());
        }
    }

    @Test
    void negotiationCanBeMadeToFail() {
        try (QmpSimulator sim = QmpSimulator.builder().failNegotiation("GenericError", "no thanks").start();
             RawQmpClient client = RawQmpClient.connect(sim.endpoint())) {
            client.next();
            assertError(client.call("{\"execute\": \"qmp_capabilities\"}"), "GenericError", "no thanks");
            assertError(client.call("{\"execute\": \"query-status\"}"), "CommandNotFound",
                    "Expecting capabilities negotiation with 'qmp_capabilities'");
        }
    }

    static void assertError(JsonObject reply, String errorClass, String desc) {
        assertTrue(reply.has("error"), () -> "not an error: " + reply);
        assertEquals(errorClass, reply.getAsJsonObject("error").get("class").getAsString(), reply::toString);
        assertEquals(desc, reply.getAsJsonObject("error").get("desc").getAsString(), reply::toString);
    }
}

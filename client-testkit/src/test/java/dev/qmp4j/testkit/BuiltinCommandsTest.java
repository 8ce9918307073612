package dev.qmp4j.testkit;

import static dev.qmp4j.testkit.NegotiationTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Built-in commands, their events and the message checks, as QEMU 7.2 answers them. */
@Timeout(10)
class BuiltinCommandsTest {

    @Test
    void queryStatusStartsInPrelaunch() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            client.call("{\"execute\": \"query-status\", \"id\": 7}");
            assertTrue(client.rawText().endsWith("{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, "
                    + "\"running\": false}, \"id\": 7}\r\n"), client::rawText);
        }
    }

    @Test
    void contAndStopSendTheirEventBeforeTheReply() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            assertEquals(1, client.call("{\"execute\": \"stop\", \"id\": 1}").get("id").getAsInt(),
                    "a VM in prelaunch does not stop, so no STOP event comes first");
            assertEquals("RESUME", client.call("{\"execute\": \"cont\", \"id\": 2}").get("event").getAsString());
            assertEquals(2, client.next().get("id").getAsInt());
            assertEquals("running", client.call("{\"execute\": \"query-status\"}").getAsJsonObject("return").get("status").getAsString());
            assertEquals(SimulatedRunState.RUNNING, sim.runState());
            JsonObject stop = client.call("{\"execute\": \"stop\", \"id\": 3}");
            assertEquals("STOP", stop.get("event").getAsString());
            assertTrue(stop.getAsJsonObject("timestamp").has("microseconds"));
            assertFalse(stop.has("data"), "data is left out when empty");
            assertEquals(3, client.next().get("id").getAsInt());
            assertEquals(SimulatedRunState.PAUSED, sim.runState());
        }
    }

    @Test
    void resetAndPowerdownEvents() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            JsonObject reset = client.call("{\"execute\": \"system_reset\"}");
            assertEquals("RESET", reset.get("event").getAsString());
            assertEquals("{\"guest\":false,\"reason\":\"host-qmp-system-reset\"}", reset.get("data").toString());
            assertTrue(client.next().has("return"));
            assertEquals("POWERDOWN", client.call("{\"execute\": \"system_powerdown\"}").get("event").getAsString());
            assertTrue(client.next().has("return"));
        }
    }

    @Test
    void versionNameAndCommandList() {
        try (QmpSimulator sim = QmpSimulator.builder().vmName("vm1")
                .handler("device_add", r -> QmpReply.success()).start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            client.call("{\"execute\": \"query-version\"}");
            assertTrue(client.rawText().endsWith("{\"return\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "
                    + "\"package\": \"Debian 1:7.2+dfsg-7+deb12u18\"}}\r\n"), client::rawText);
            assertEquals("vm1", client.call("{\"execute\": \"query-name\"}").getAsJsonObject("return").get("name").getAsString());
            JsonArray commands = client.call("{\"execute\": \"query-commands\"}").getAsJsonArray("return");
            Set<String> names = new HashSet<>();
            commands.forEach(c -> names.add(c.getAsJsonObject().get("name").getAsString()));
            assertTrue(names.containsAll(Set.of("qmp_capabilities", "query-status", "quit", "device_add")), names::toString);
        }
    }

    @Test
    void queryNameWithoutNameIsEmpty() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            assertEquals("{}", client.call("{\"execute\": \"query-name\"}").get("return").toString());
        }
    }

    @Test
    void malformedMessagesGetQemuErrors() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            assertError(client.call("{\"execute\": \"nope\", \"id\": 9}"), "CommandNotFound", "The command nope has not been found");
            JsonObject extra = client.call("{\"execute\": \"query-status\", \"extra\": 1, \"id\": 4}");
            assertError(extra, "GenericError", "QMP input member 'extra' is unexpected");
            assertEquals(4, extra.get("id").getAsInt());
            JsonObject notObject = client.call("[1, 2]");
            assertError(notObject, "GenericError", "QMP input must be a JSON object");
            assertFalse(notObject.has("id"));
            JsonObject parse = client.call("{\"execute\": \"query-name\", \"id\": 1,}");
            assertError(parse, "GenericError", "JSON parse error, expecting value");
            assertFalse(parse.has("id"));
            assertError(client.call("{\"execute\": \"query-status\", \"arguments\": {\"x\": 1}}"), "GenericError",
                    "Parameter 'x' is unexpected");
            assertError(client.call("{\"id\": 12}"), "GenericError", "QMP input lacks member 'execute'");
            assertError(client.call("{\"execute\": 1}"), "GenericError", "QMP input member 'execute' must be a string");
            assertError(client.call("{\"execute\": \"query-name\", \"arguments\": [1]}"), "GenericError",
                    "QMP input member 'arguments' must be an object");
            assertError(client.call("{\"a\" 1}"), "GenericError", "JSON parse error, missing : in object pair");
            assertError(client.call("@"), "GenericError", "JSON parse error, stray '@'");
            assertError(client.call("{\"execute\":\"query-name\",\"id\":tru}"), "GenericError", "JSON parse error, invalid keyword 'tru'");
            assertEquals(5, client.call("{\"execute\": \"query-name\", \"id\": 5}").get("id").getAsInt(), "connection still usable");
        }
    }

    @Test
    void idsOfAnyTypeAreEchoedAndInputNeedsNoDelimiter() {
        try (QmpSimulator sim = QmpSimulator.start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
            client.send("{'execute':'query-name','id':{'a':[1,null]}}{\"execute\":\"query-name\",\"id\":\"\u00e9\"}");
            assertEquals("{\"a\":[1,null]}", client.next().get("id").toString());
            assertEquals("\u00e9", client.next().get("id").getAsString());
            assertTrue(client.rawText().contains("\"id\": \"\\u00E9\""), "non-ASCII escaped as QEMU does");
        }
    }
}

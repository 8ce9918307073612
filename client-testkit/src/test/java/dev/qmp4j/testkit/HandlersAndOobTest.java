package dev.qmp4j.testkit;

import static dev.qmp4j.testkit.NegotiationTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Test-added handlers, every reply kind, in-band ordering and exec-oob overtaking. */
@Timeout(10)
class HandlersAndOobTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void replyKinds() {
        try (QmpSimulator sim = QmpSimulator.start()) {
            sim.addHandler("value", r -> QmpReply.success(new JsonPrimitive(r.arguments().get("x").getAsInt() * 2)));
            sim.addHandler("fail", r -> QmpReply.error("DeviceNotFound", "no such device"));
            sim.addHandler("silent", r -> QmpReply.none());
            sim.addHandler("anonymous", r -> QmpReply.success().withoutId());
            sim.addHandler("garbage", r -> QmpReply.raw("{\"unexpected\": true}\r\n"));
            sim.addHandler("boom", r -> {
                throw new IllegalStateException("handler broke");
            });
            try (RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
                assertEquals(42, client.call("{\"execute\": \"value\", \"arguments\": {\"x\": 21}, \"id\": 1}").get("return").getAsInt());
                assertError(client.call("{\"execute\": \"fail\", \"id\": 2}"), "DeviceNotFound", "no such device");
                client.send("{\"execute\": \"silent\", \"id\": 3}");
                assertEquals(4, client.call("{\"execute\": \"query-name\", \"id\": 4}").get("id").getAsInt(),
                        "no reply for 3, and the next command still runs");
                assertFalse(client.call("{\"execute\": \"anonymous\", \"id\": 5}").has("id"));
                assertTrue(client.call("{\"execute\": \"garbage\", \"id\": 6}").get("unexpected").getAsBoolean());
                assertError(client.call("{\"execute\": \"boom\"}"), "GenericError", "handler broke");
                List<ReceivedCommand> received = sim.awaitSession(WAIT).received();
                assertEquals("value", received.get(1).name());
                assertEquals(21, received.get(1).arguments().get("x").getAsInt());
                assertEquals(1, received.get(1).id().orElseThrow().getAsInt());
                assertEquals("qmp_capabilities", received.get(0).name());
                assertTrue(received.get(0).id().isEmpty());
            }
        }
    }

    @Test
    void delayedInBandReplyHoldsBackTheNextButNotOutOfBand() {
        try (QmpSimulator sim = QmpSimulator.builder()
                .handler("slow", r -> QmpReply.success(new JsonPrimitive("slow")).delayed(Duration.ofMillis(500)))
                .oobHandler("urgent", r -> QmpReply.success(new JsonPrimitive("urgent"))).start();
             RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), true)) {
            client.send("{\"execute\": \"slow\", \"id\": \"a\"}{\"execute\": \"query-name\", \"id\": \"b\"}"
                    + "{\"exec-oob\": \"urgent\", \"id\": \"c\"}");
            assertEquals("c", client.next().get("id").getAsString(), "exec-oob overtakes");
            assertEquals("a", client.next().get("id").getAsString());
            assertEquals("b", client.next().get("id").getAsString(), "in-band stays in order");
            assertTrue(sim.awaitSession(WAIT).received().get(3).outOfBand());
        }
    }

    @Test
    void oobRules() {
        try (QmpSimulator sim = QmpSimulator.start()) {
            try (RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), true)) {
                assertError(client.call("{\"exec-oob\": \"query-status\", \"id\": 7}"), "GenericError",
                        "The command query-status does not support OOB");
                assertEquals("[]", client.call("{\"exec-oob\": \"query-yank\", \"id\": 8}").get("return").toString());
                assertError(client.call("{\"execute\": \"query-status\", \"exec-oob\": \"query-status\"}"), "GenericError",
                        "QMP input member 'execute' clashes with 'exec-oob'");
            }
            try (RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), false)) {
                assertError(client.call("{\"exec-oob\": \"query-yank\", \"id\": 8}"), "GenericError",
                        "QMP input member 'exec-oob' is unexpected");
            }
        }
    }

    @Test
    void pendingRepliesAreCountedAsOutstanding() {
        try (QmpSimulator sim = QmpSimulator.start()) {
            CompletableFuture<QmpReply> release = new CompletableFuture<>();
            sim.addHandler("hold", r -> QmpReply.later(release));
            try (RawQmpClient client = RawQmpClient.negotiated(sim.endpoint(), true)) {
                SimulatedSession session = sim.awaitSession(WAIT);
                StringBuilder burst = new StringBuilder("{\"execute\": \"hold\", \"id\": 0}");
                for (int i = 1; i < 10; i++) {
                    burst.append("{\"execute\": \"query-name\", \"id\": ").append(i).append('}');
                }
                client.send(burst.toString());
                session.awaitReceived(11, WAIT);
                assertEquals(10, session.maxInBandOutstanding());
                release.complete(QmpReply.success());
                for (int i = 0; i < 10; i++) {
                    assertEquals(i, client.next().get("id").getAsInt());
                }
            }
        }
    }
}

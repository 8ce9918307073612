package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events of one read reach the subscriptions together, and still in order, whatever the
 * reads: and before a reply that came after them completes its command.
 */
@Timeout(60)
class EventHandOverTest {
    private static final String TIMESTAMP = "\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 1}";

    @TempDir
    Path dir;
    private QmpClient client;
    private QmpListener listener;
    private FakeQemu qemu;
    private QmpSession session;

    @BeforeEach
    void connect() throws Exception {
        client = QmpClient.create();
        Path socket = dir.resolve("qmp.sock");
        listener = client.listen(QmpEndpoint.unix(socket));
        CompletableFuture<QmpSession> accepted = listener.accept();
        qemu = FakeQemu.connect(socket);
        qemu.negotiate();
        session = await(accepted);
    }

    @AfterEach
    void close() throws Exception {
        qemu.close();
        listener.close();
        client.close();
    }

    private static String event(String name, int n, String padding) {
        return "{\"event\": \"" + name + "\", \"data\": {\"n\": " + n + ", \"pad\": \"" + padding + "\"}, " + TIMESTAMP
                + "}\r\n";
    }

    @Test
    void eventsKeepTheirOrderAcrossReadsBatchesAndReplies() throws Exception {
        int count = 3000;
        EventSubscription events = session.subscribe(EventSubscriptionOptions.builder().bufferSize(count).build());
        CompletableFuture<JsonElement> reply = session.execute("query-status");
        JsonObject command = qemu.receive();
        StringBuilder stream = new StringBuilder();
        for (int n = 0; n < count; n++) {
            stream.append(event("EV", n, "x".repeat(n % 97)));
            if (n == count / 2) {
                stream.append("{\"return\": {}").append(FakeQemu.idMember(command)).append("}\r\n");
            }
        }
        // Written in pieces of odd sizes: messages are cut across reads and batches everywhere.
        String text = stream.toString();
        for (int at = 0; at < text.length(); at += 4093) {
            qemu.send(text.substring(at, Math.min(text.length(), at + 4093)));
        }
        await(reply);
        for (int n = 0; n < count; n++) {
            assertEquals(n, await(events.next()).data().get("n").getAsInt());
        }
    }

    /**
     * A blocking call is woken by the I/O thread as its reply is read: the events the server sent
     * before that reply are in the subscription by then, even when the read goes on for long
     * after it (here with a 900 KB event nobody subscribed to).
     */
    @Test
    void eventsSentBeforeAReplyAreThereWhenTheBlockingCallReturns() throws Exception {
        BlockingQmpSession blocking = BlockingQmpSession.of(session);
        try (BlockingEventSubscription events = blocking.subscribe("BEFORE")) {
            CompletableFuture<Optional<QmpEvent>> seenOnReturn = CompletableFuture.supplyAsync(() -> {
                blocking.execute("stop");
                return events.poll();
            });
            JsonObject command = qemu.receive();
            qemu.send(event("BEFORE", 1, "") + "{\"return\": {}" + FakeQemu.idMember(command) + "}\r\n"
                    + event("AFTER", 2, "y".repeat(900 * 1024)));
            Optional<QmpEvent> seen = await(seenOnReturn);
            assertEquals(Optional.of(1), seen.map(e -> e.data().get("n").getAsInt()));
        }
    }
}

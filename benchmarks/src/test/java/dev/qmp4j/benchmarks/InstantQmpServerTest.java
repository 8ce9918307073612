package dev.qmp4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.schema.QmpSchema;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark server answers what the benchmarks ask, exactly, and cleans up after itself. */
class InstantQmpServerTest {

    @Test
    void answersEveryPipelinedCommandWithItsOwnId() throws Exception {
        try (InstantQmpServer server = InstantQmpServer.start(false);
                RawQmpClient client = RawQmpClient.connect(server.socket())) {
            List<JsonObject> replies = new ArrayList<>();
            client.executeAll("query-status", 5000, replies::add); // fails on a reply with another id
            assertEquals(5000, replies.size());
            assertEquals("running", replies.get(4999).get("status").getAsString());
            assertEquals(new JsonObject(), client.execute("cont"));
        }
    }

    @Test
    void refusesCommandsBeforeNegotiation() throws Exception {
        try (InstantQmpServer server = InstantQmpServer.start(true);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            String greeting = readLine(channel);
            assertTrue(greeting.contains("\"capabilities\": [\"oob\"]"), greeting);
            channel.write(ByteBuffer.wrap("{\"execute\":\"query-status\",\"id\":7}\n".getBytes(StandardCharsets.UTF_8)));
            String reply = readLine(channel);
            assertTrue(reply.contains("CommandNotFound") && reply.endsWith("\"id\": 7}"), reply);
        }
    }

    @Test
    void emitsExactlyTheEventsAskedFor() throws Exception {
        try (ServedSession target = ServedSession.open(true);
                EventSubscription events = target.session.subscribe(
                        EventSubscriptionOptions.builder().bufferSize(3000).build())) {
            target.server.emitEvents(1000);
            target.server.emitEvents(1500);
            for (int i = 0; i < 2500; i++) {
                QmpEvent event = events.next().get(30, TimeUnit.SECONDS);
                assertEquals("JOB_STATUS_CHANGE", event.name());
            }
            // Any event beyond them was written before this reply, so it would be buffered by now.
            target.session.execute("query-status").get(30, TimeUnit.SECONDS);
            assertFalse(events.poll().isPresent(), "an event more than asked for");
        }
    }

    @Test
    void answersTheSchemaOfQemu72() throws Exception {
        try (ServedSession target = ServedSession.open(true)) {
            JsonElement reply = target.session.execute("query-qmp-schema").get(30, TimeUnit.SECONDS);
            try (Reader capture = new InputStreamReader(
                    SchemaCapture.class.getResourceAsStream("debian-7.2.22-x86_64.json"), StandardCharsets.UTF_8)) {
                assertEquals(JsonParser.parseReader(capture).getAsJsonObject().get("schema"), reply);
            }
            assertEquals(216, QmpSchema.of(reply).commands().size());
            // On one line with QEMU's spacing, as QEMU 7.2 sends it.
            assertEquals(206_986, SchemaCapture.replyText().length());
        }
    }

    @Test
    void removesItsSocketOnClose() {
        InstantQmpServer server = InstantQmpServer.start(false);
        Path socket = server.socket();
        assertTrue(Files.exists(socket));
        server.close();
        server.close();
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(socket.getParent()));
        assertThrows(IOException.class, () -> RawQmpClient.connect(socket));
    }

    private static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("closed after " + line);
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return line.toString().strip();
            }
            line.append(c);
        }
    }
}

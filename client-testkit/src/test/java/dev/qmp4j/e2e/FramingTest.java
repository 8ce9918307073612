package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static dev.qmp4j.e2e.SimulatorTesting.failedAtOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpRequest;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedSession;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine cuts the byte stream by JSON value whatever the server's layout, decodes UTF-8
 * both ways, and ends the session with a {@link QmpProtocolException} on anything malformed.
 */
@Timeout(60)
class FramingTest {
    private static final Duration WAIT = Duration.ofSeconds(SimulatorTesting.WAIT_SECONDS);
    private static final String NON_ASCII = "café 中文 😀";

    // ---- layouts the engine must cope with unchanged ----

    @Test
    void prettyMultiLineOutput() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().prettyOutput(true).start()) {
            greetingCommandAndEvent(sim);
        }
    }

    @Test
    void lfLineEnding() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().lineEnding(QmpSimulatorOptions.LineEnding.LF).start()) {
            greetingCommandAndEvent(sim);
        }
    }

    @Test
    void prettyOutputWithLfLineEnding() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().prettyOutput(true)
                .lineEnding(QmpSimulatorOptions.LineEnding.LF).start()) {
            greetingCommandAndEvent(sim);
        }
    }

    @Test
    void oneByteAtATime() throws Exception {
        // Greeting, negotiation reply, command reply and event each arrive over hundreds of reads.
        try (QmpSimulator sim = QmpSimulator.builder().byteByByteWrites(Duration.ofMillis(1)).start()) {
            greetingCommandAndEvent(sim);
        }
    }

    /** Connect (greeting + negotiation), run a command, receive an event with data. */
    private static void greetingCommandAndEvent(QmpSimulator sim) throws Exception {
        try (QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            assertEquals(new QmpVersion(7, 2, 22), session.greeting().version());
            assertEquals(QmpSimulatorOptions.DEFAULT_PACKAGE, session.greeting().packageName());
            assertEquals(Set.of("oob"), session.enabledCapabilities());

            JsonObject status = await(session.execute("query-status")).getAsJsonObject();
            assertEquals("prelaunch", status.get("status").getAsString());
            assertFalse(status.get("running").getAsBoolean());

            EventSubscription events = session.subscribe();
            JsonObject data = new JsonObject();
            data.addProperty("action", "pause");
            data.addProperty("text", "line\nbreak {not a brace}");
            sim.pushEvent(SimulatedEvent.of("WATCHDOG", data));
            QmpEvent event = await(events.next());
            assertEquals("WATCHDOG", event.name());
            assertEquals(data, event.data());
            assertTrue(event.timestamp().seconds() > 0);

            // The session is still in step after the event: another command works.
            assertEquals(status, await(session.execute("query-status")));
        }
    }

    // ---- malformed input ends the session ----

    @Test
    void garbageFailsThePendingCommandAndEndsTheSession() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().handler("hang", r -> QmpReply.none()).start();
             QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            SimulatedSession server = sim.awaitSession(WAIT);
            CompletableFuture<JsonElement> pending = session.execute("hang");
            server.awaitReceived(2, WAIT); // qmp_capabilities, hang: the command is now waiting for its reply

            server.sendRaw("hello\r\n");

            QmpProtocolException failure = awaitFailure(pending, QmpProtocolException.class);
            assertTrue(failure.getMessage().contains("must start with '{', got 'h'"), failure.getMessage());
            assertTrue(failure.getMessage().contains("hang"), failure.getMessage());
            QmpProtocolException closed = awaitFailure(session.whenClosed(), QmpProtocolException.class);
            assertTrue(closed.getMessage().contains("must start with '{', got 'h'"), closed.getMessage());
            assertEquals(QmpSessionState.CLOSED, session.state());

            QmpProtocolException later = failedAtOnce(session.execute("query-status"), QmpProtocolException.class);
            assertSame(closed, later.getCause(), "the cause is kept");
            server.awaitClosed(WAIT); // the client closed its socket
        }
    }

    /**
     * A whole reply followed by garbage: the reply was complete before anything went wrong, so its
     * command succeeds and only then does the session end, however the bytes are split into reads.
     */
    @Test
    void replyBeforeGarbageInTheSameReadIsStillDelivered() throws Exception {
        // One write of reply + garbage: the client reads both at once.
        try (QmpSimulator sim = QmpSimulator.builder().handler("then-garbage", FramingTest::replyThenGarbage).start()) {
            assertReplyDeliveredThenSessionEnds(sim);
        }
    }

    @Test
    void replyBeforeGarbageOverManyReadsIsStillDelivered() throws Exception {
        // The same bytes one at a time: the reply is framed before the garbage arrives.
        try (QmpSimulator sim = QmpSimulator.builder().handler("then-garbage", FramingTest::replyThenGarbage)
                .byteByByteWrites(Duration.ofMillis(1)).start()) {
            assertReplyDeliveredThenSessionEnds(sim);
        }
    }

    /** The reply's id member, {@code , "id": ID}, when the command carried an id; else nothing. */
    private static String idMember(QmpRequest request) {
        return request.id().map(id -> ", \"id\": " + id).orElse("");
    }

    private static QmpReply replyThenGarbage(QmpRequest request) {
        return QmpReply.raw("{\"return\": {\"ok\": true}" + idMember(request) + "}\r\nhello\r\n");
    }

    private static void assertReplyDeliveredThenSessionEnds(QmpSimulator sim) throws Exception {
        try (QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            CompletableFuture<JsonElement> reply = session.execute("then-garbage");
            QmpProtocolException closed = awaitFailure(session.whenClosed(), QmpProtocolException.class);
            assertTrue(closed.getMessage().contains("got 'h'"), closed.getMessage());
            JsonObject ok = new JsonObject();
            ok.addProperty("ok", true);
            assertEquals(ok, await(reply), "the reply arrived whole before the garbage");
        }
    }

    @Test
    void malformedJsonReplyIsAProtocolErrorQuotingTheText() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder()
                .handler("broken", r -> QmpReply.raw("{\"return\": {\"a\" 1}" + idMember(r) + "}\r\n"))
                .start();
             QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            QmpProtocolException failure = awaitFailure(session.execute("broken"), QmpProtocolException.class);
            assertTrue(failure.getMessage().contains("malformed JSON"), failure.getMessage());
            assertTrue(failure.getMessage().contains("{\"return\": {\"a\" 1}"), failure.getMessage());

            QmpProtocolException closed = awaitFailure(session.whenClosed(), QmpProtocolException.class);
            assertTrue(closed.getMessage().contains("{\"return\": {\"a\" 1}"), closed.getMessage());
            failedAtOnce(session.execute("query-status"), QmpException.class);
            sim.awaitSession(WAIT).awaitClosed(WAIT);
        }
    }

    @Test
    void replyOverMaxMessageBytesEndsTheSession() throws Exception {
        int limit = 64 * 1024;
        try (QmpSimulator sim = QmpSimulator.builder()
                .handler("sized", r -> QmpReply.success(new JsonPrimitive("x".repeat(r.arguments().get("n").getAsInt()))))
                .start();
             QmpClient client = QmpClient.create(QmpClientOptions.builder().maxMessageBytes(limit).build());
             QmpSession session = await(client.connect(sim.endpoint()))) {
            // Just under the limit is fine...
            assertEquals(60_000, await(session.execute("sized", count(60_000))).getAsString().length());

            // ... 100 KB is not.
            QmpProtocolException failure = awaitFailure(session.execute("sized", count(100_000)),
                    QmpProtocolException.class);
            assertTrue(failure.getMessage().contains(Integer.toString(limit)), failure.getMessage());
            assertTrue(failure.getMessage().contains("maxMessageBytes"), failure.getMessage());

            QmpProtocolException closed = awaitFailure(session.whenClosed(), QmpProtocolException.class);
            assertTrue(closed.getMessage().contains("maxMessageBytes"), closed.getMessage());
            assertEquals(QmpSessionState.CLOSED, session.state());
            failedAtOnce(session.execute("query-status"), QmpException.class);
            sim.awaitSession(WAIT).awaitClosed(WAIT);
        }
    }

    private static JsonObject count(int n) {
        JsonObject args = new JsonObject();
        args.addProperty("n", n);
        return args;
    }

    // ---- text and size ----

    @Test
    void utf8BothWaysThroughQemuStyleEscapes() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().handler("echo", r -> QmpReply.success(r.arguments())).start();
             QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()));
             SimulatorTesting.LogCapture wire = new SimulatorTesting.LogCapture("dev.qmp4j.wire", Level.DEBUG)) {
            JsonObject args = new JsonObject();
            args.addProperty("text", NON_ASCII);
            args.addProperty(NON_ASCII, "key");

            JsonElement echoed = await(session.execute("echo", args));

            assertEquals(args, echoed);
            assertEquals(NON_ASCII, echoed.getAsJsonObject().get("text").getAsString());
            // The server decoded our UTF-8 correctly...
            assertEquals(args, sim.awaitSession(WAIT).awaitReceived(2, WAIT).get(1).arguments());
            // ... and answered in ASCII with \\uXXXX escapes (surrogate pair for the emoji), as QEMU does.
            List<String> received = wire.messages().stream().filter(m -> m.contains(" <- ") && m.contains("\"return\"")
                    && m.contains("key")).toList();
            assertEquals(1, received.size(), () -> "wire log: " + wire.messages());
            assertTrue(received.get(0).contains("caf\\u00E9"), received.get(0));
            assertTrue(received.get(0).contains("\\uD83D\\uDE00"), received.get(0));
        }
    }

    @Test
    void rawReplyWithLiteralUtf8Bytes() throws Exception {
        try (QmpSimulator sim = QmpSimulator.builder().handler("raw-utf8", FramingTest::literalUtf8Reply).start()) {
            assertLiteralUtf8Decoded(sim);
        }
    }

    @Test
    void rawReplyWithLiteralUtf8BytesSplitAcrossReads() throws Exception {
        // One byte per write: every multi-byte character is cut between reads.
        try (QmpSimulator sim = QmpSimulator.builder().handler("raw-utf8", FramingTest::literalUtf8Reply)
                .byteByByteWrites(Duration.ofMillis(1)).start()) {
            assertLiteralUtf8Decoded(sim);
        }
    }

    private static QmpReply literalUtf8Reply(QmpRequest request) {
        return QmpReply.raw("{\"return\": {\"text\": \"" + NON_ASCII + "\"}" + idMember(request) + "}\r\n");
    }

    private static void assertLiteralUtf8Decoded(QmpSimulator sim) throws Exception {
        try (QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            JsonObject result = await(session.execute("raw-utf8")).getAsJsonObject();
            assertEquals(NON_ASCII, result.get("text").getAsString());
            // Still in step afterwards.
            assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
        }
    }

    @Test
    void oneMegabyteReplyArrivesWhole() throws Exception {
        StringBuilder big = new StringBuilder(1_000_000);
        for (int i = 0; big.length() < 1_000_000; i++) {
            big.append(i % 10 == 9 ? '\n' : (char) ('a' + i % 26)); // escapes and letters, not one repeated byte
        }
        String value = big.substring(0, 1_000_000);
        try (QmpSimulator sim = QmpSimulator.builder().handler("big", r -> QmpReply.success(new JsonPrimitive(value)))
                .start();
             QmpClient client = QmpClient.create();
             QmpSession session = await(client.connect(sim.endpoint()))) {
            String result = await(session.execute("big")).getAsString();
            assertEquals(value.length(), result.length());
            assertEquals(value, result);
            // And the session goes on.
            assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
        }
    }
}

package dev.qmp4j.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpTimestamp;
import dev.qmp4j.core.QmpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Test
    void encodesCommandsCompactlyWithIdAndNewline() {
        JsonObject args = new JsonObject();
        args.addProperty("id", "disk\u00e9");
        String text = new String(WireCodec.encodeCommand("device_del", args, 7L, false), StandardCharsets.UTF_8);
        assertEquals("{\"execute\":\"device_del\",\"arguments\":{\"id\":\"disk\u00e9\"},\"id\":7}\n", text);
        assertEquals("{\"exec-oob\":\"yank\",\"id\":8}\n",
                new String(WireCodec.encodeCommand("yank", new JsonObject(), 8L, true), StandardCharsets.UTF_8));
    }

    @Test
    void encodesACommandWithoutIdWhenGivenNone() {
        assertEquals("{\"execute\":\"query-status\"}\n",
                new String(WireCodec.encodeCommand("query-status", null, null, false), StandardCharsets.UTF_8));
    }

    @Test
    void escapesCommandNamesThatNeedIt() {
        String text = new String(WireCodec.encodeCommand("odd \"name\"\n\u00e9", null, 9L, false), StandardCharsets.UTF_8);
        assertEquals("odd \"name\"\n\u00e9",
                WireCodec.parse(text.substring(0, text.length() - 1)).get("execute").getAsString());
        assertEquals("{\"execute\":\"x-debug.query_1\",\"id\":10}\n",
                new String(WireCodec.encodeCommand("x-debug.query_1", null, 10L, false), StandardCharsets.UTF_8));
    }

    @Test
    void decodesQemuGreeting() {
        QmpGreeting g = WireCodec.decodeGreeting(WireCodec.parse("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, "
                + "\"minor\": 2, \"major\": 7}, \"package\": \"Debian 1:7.2+dfsg-7+deb12u18\"}, \"capabilities\": [\"oob\"]}}"));
        assertEquals(new QmpVersion(7, 2, 22), g.version());
        assertEquals("Debian 1:7.2+dfsg-7+deb12u18", g.packageName());
        assertEquals(List.of("oob"), g.capabilities());
    }

    @Test
    void greetingWithoutVersionIsAProtocolError() {
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> WireCodec.decodeGreeting(WireCodec.parse("{\"QMP\": {\"capabilities\": []}}")));
        assertTrue(e.getMessage().contains("greeting"), e.getMessage());
    }

    @Test
    void decodesEventsWithAndWithoutData() {
        QmpEvent stop = WireCodec.decodeEvent(WireCodec.parse(
                "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 5}, \"event\": \"STOP\"}"));
        assertEquals("STOP", stop.name());
        assertEquals(0, stop.data().size());
        assertEquals(Optional.of(Instant.ofEpochSecond(1700000000, 5000)), stop.timestamp().toInstant());

        QmpEvent shutdown = WireCodec.decodeEvent(WireCodec.parse("{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false},"
                + " \"timestamp\": {\"seconds\": -1, \"microseconds\": -1}}"));
        assertEquals(false, shutdown.data().get("guest").getAsBoolean());
        assertEquals(Optional.empty(), shutdown.timestamp().toInstant());
        assertEquals(QmpTimestamp.UNKNOWN, shutdown.timestamp());
    }

    @Test
    void malformedJsonNamesTheProblem() {
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> WireCodec.parse("{\"a\" 1}"));
        assertTrue(e.getMessage().startsWith("malformed JSON from server"), e.getMessage());
        assertTrue(e.getMessage().contains("{\"a\" 1}"), e.getMessage());
    }

    @Test
    void singleQuotesAreNotStandardJson() {
        assertThrows(QmpProtocolException.class, () -> WireCodec.parse("{'return': {}}"));
    }

    @Test
    void aTopLevelArrayIsNotAMessage() {
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> WireCodec.parse("[1, 2]"));
        assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
    }

    @Test
    void excerptsKeepErrorTextsShort() {
        String text = WireCodec.excerpt("x".repeat(10_000));
        assertTrue(text.length() < 300, text);
        assertTrue(text.endsWith("(10000 chars)"), text);
    }

    // ---- decoded once, into one message type ----

    private static InboundMessage decode(String text) {
        return WireCodec.decode(JsonFrame.of(text, 1));
    }

    @Test
    void decodesEachKindOfMessageOnce() {
        GreetingMessage greeting = assertInstanceOf(GreetingMessage.class, decode("{\"QMP\": {\"version\": {\"qemu\": "
                + "{\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": []}}"));
        assertEquals(new QmpVersion(7, 2, 0), greeting.greeting().version());

        ReturnMessage success = assertInstanceOf(ReturnMessage.class, decode("{\"return\": {\"a\": 1}, \"id\": 7}"));
        assertEquals(new ReplyId(ReplyId.Kind.OURS, 7), success.id());
        assertEquals(1, success.value().getAsJsonObject().get("a").getAsInt());

        ErrorMessage error = assertInstanceOf(ErrorMessage.class,
                decode("{\"error\": {\"class\": \"GenericError\", \"desc\": \"no\"}}"));
        assertEquals(ReplyId.ABSENT, error.id());
        assertEquals("x failed: GenericError: no", error.failure("x").getMessage());

        EventMessage stop = assertInstanceOf(EventMessage.class, decode("{\"event\": \"STOP\"}"));
        assertEquals("STOP", stop.event().name());
        assertEquals(Optional.empty(), stop.dropped());

        UnknownMessage unknown = assertInstanceOf(UnknownMessage.class, decode("{\"hello\": \"there\"}"));
        assertEquals("{\"hello\": \"there\"}", unknown.excerpt());
    }

    @Test
    void onlyWholeNumbersCanBeOurIds() {
        assertEquals(ReplyId.ABSENT, ReplyId.of(null));
        assertTrue(ReplyId.of(new JsonPrimitive(42)).is(42));
        for (String id : List.of("\"42\"", "1.5", "1e400", "123456789012345678901234567890", "null", "{}", "[42]", "true")) {
            assertEquals(ReplyId.FOREIGN, ((ReplyMessage) decode("{\"return\": {}, \"id\": " + id + "}")).id(), id);
        }
    }

    @Test
    void anErrorWithoutStringClassAndDescIsMalformedButStillAReply() {
        for (String error : List.of("{\"class\": 12, \"desc\": \"d\"}", "{\"desc\": \"d\"}", "{\"class\": \"C\"}",
                "{\"class\": \"C\", \"desc\": []}", "\"text\"", "null")) {
            MalformedReply reply = assertInstanceOf(MalformedReply.class, decode("{\"error\": " + error + ", \"id\": 3}"),
                    error);
            assertTrue(reply.id().is(3));
            assertTrue(reply.failure("stop").getMessage().startsWith("malformed error reply to stop"));
        }
    }

    @Test
    void commandDroppedSaysWhichCommandAndWhyWhateverItsMembersHold() {
        assertEquals(new EventMessage.Dropped(new ReplyId(ReplyId.Kind.OURS, 5), "queue-full"),
                dropped("{\"id\": 5, \"reason\": \"queue-full\"}"));
        assertEquals("12", dropped("{\"id\": 5, \"reason\": 12}").reason());
        assertEquals("{\"a\":[]}", dropped("{\"id\": 5, \"reason\": {\"a\": []}}").reason());
        assertEquals("unknown", dropped("{\"id\": 5}").reason());
        assertEquals(ReplyId.FOREIGN, dropped("{\"reason\": \"x\"}").id(), "no id drops no command");
        assertEquals(ReplyId.FOREIGN, dropped("{}").id());
        assertTrue(dropped("{\"id\": 5, \"reason\": \"" + "r".repeat(100_000) + "\"}").reason().length() < 300);
    }

    private static EventMessage.Dropped dropped(String data) {
        return ((EventMessage) decode("{\"event\": \"COMMAND_DROPPED\", \"data\": " + data + "}")).dropped()
                .orElseThrow();
    }

    @Test
    void anEventWithoutAStringNameIsAProtocolError() {
        for (String name : List.of("12", "null", "[\"STOP\"]", "{}")) {
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> decode("{\"event\": " + name + "}"));
            assertTrue(e.getMessage().startsWith("malformed QMP event"), e.getMessage());
        }
    }
}

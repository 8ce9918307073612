package dev.qmp4j.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.types.ShutdownCause;
import dev.qmp4j.core.types.ShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events read without a tree ({@link EventScanner}): whatever they hold, they decode to what the
 * whole message's parse makes of them, their data parsed once when first read, and whatever that
 * path refuses, they refuse on arrival.
 */
class EventScannerTest {
    private static final String TIMESTAMP = "\"timestamp\": {\"seconds\": 1767225600, \"microseconds\": 123456}";

    /** What the whole message's parse makes of it: the event, or the exception. */
    private static Object wholeParse(String text) {
        try {
            return WireCodec.decodeEvent(WireCodec.parse(text));
        } catch (QmpProtocolException e) {
            return e;
        }
    }

    private static EventMessage decode(String text) {
        return assertInstanceOf(EventMessage.class, WireCodec.decode(JsonFrame.of(text, 1)));
    }

    /** Asserts that {@code text} takes the path without a tree, and decodes as the whole parse does. */
    private static QmpEvent assertDecodesAsTheWholeParse(String text) {
        JsonFrame frame = JsonFrame.of(text, 1);
        EventMessage plain = EventScanner.scan(frame);
        assertNotNull(plain, "not read without a tree: " + text);
        QmpEvent expected = assertInstanceOf(QmpEvent.class, wholeParse(text));
        QmpEvent event = plain.event();
        assertEquals(expected.name(), event.name());
        assertEquals(expected.timestamp(), event.timestamp());
        assertEquals(expected.data(), event.data());
        assertEquals(expected.data().toString(), event.data().toString(), "the same text back, numbers included");
        assertEquals(expected.data().hashCode(), event.data().hashCode());
        assertEquals(expected, event);
        assertEquals(expected.hashCode(), event.hashCode());
        return event;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{" + TIMESTAMP + ", \"event\": \"JOB_STATUS_CHANGE\", \"data\": {\"status\": \"running\", \"id\": \"job0\"}}",
        "{\"event\": \"BLOCK_JOB_COMPLETED\", \"data\": {\"device\": \"drive0\", \"len\": 1073741824, \"offset\": 1073741824,"
                + " \"speed\": 0, \"type\": \"mirror\"}, " + TIMESTAMP + "}",
        "{\"data\": {}, \"event\": \"X\"}",
        "{\"event\":\"X\",\"data\":{\"a\":[],\"b\":{},\"c\":[[],[{}]],\"d\":true,\"e\":false,\"f\":null}}",
        "{\"event\": \"N\", \"data\": {\"n\": [0, -0, 1.5, -2.5e-3, 1e5, 1E+5, 2e-0, 123456789012345678901234567890,"
                + " 1.0, 0.1e1]}}",
        "{\"event\": \"S\", \"data\": {\"s\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0000 end\"}}",
        "{\"event\": \"U\", \"data\": {\"caf\u00e9\": \"\u2603 \ud83d\ude00\", \"\\u00e9\": \"\u00e9\\u00e9\u00e9\"}}",
        "{\"event\": \"D\", \"data\": {\"a\": 1, \"b\": 2, \"a\": [3]}}",
        "{\r\n  \"event\" :\t\"P\" ,\n  \"data\"\n:\n{ \"a\" : [ 1 , 2 ] }\r\n, \"timestamp\": {\"microseconds\": 5, \"seconds\": 6}\n}",
        "{\"event\": \"MINUS\", \"timestamp\": {\"seconds\": -1, \"microseconds\": -1}, \"data\": {\"x\": \"\"}}",
        "{\"event\": \"\u00c9V\u00c9NEMENT\", \"data\": {\"x\": 1}}",
    })
    void plainEventsDecodeAsTheWholeMessageParseWould(String text) {
        assertDecodesAsTheWholeParse(text);
    }

    @Test
    void malformedUtf8InTheDataReadsAsTheWholeMessageTextDoes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"event\": \"BAD\", \"data\": {\"s\": \"a".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0x80, 'b', (byte) 0xe2, (byte) 0x82, '\\', 'n', (byte) 0xff, (byte) 0xf0,
            (byte) 0x9f, (byte) 0x98});
        bytes.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        JsonFrame frame = new JsonFrame(bytes.toByteArray(), 4);
        EventMessage plain = EventScanner.scan(frame);
        assertNotNull(plain);
        assertEquals(((QmpEvent) wholeParse(frame.text())).data(), plain.event().data());
        assertEquals("a\ufffdb\ufffd\n\ufffd\ufffd", plain.event().data().get("s").getAsString());
    }

    @Test
    void dataNestedAsDeepAsTheFramerAllowsIsRead() {
        int depth = JsonFramer.MAX_DEPTH - 2; // the message and the data object are two levels
        String text = "{\"event\": \"DEEP\", \"data\": {\"a\": " + "[".repeat(depth) + "]".repeat(depth) + "}}";
        assertDecodesAsTheWholeParse(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": tru}", "{\"a\": True}", "{\"a\": nul}", "{\"a\": 01}", "{\"a\": .5}", "{\"a\": 1.}", "{\"a\": -}",
        "{\"a\": 1e}", "{\"a\": +1}", "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": 0x10}", "{\"a\": 1,}",
        "{\"a\" 1}", "{'a': 1}", "{\"a\": 'b'}", "{a: 1}", "{\"a\": [1 2]}", "{\"a\": [1,]}", "{\"a\": \"\\q\"}",
        "{\"a\": \"\\'\"}", "{\"a\": \"\\u12G4\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"\\u\uFF10000\"}", "{\"a\": \"\u0001\"}",
        "{\"a\": \"tab\there\"}", "{\"a\": \"line\nbreak\"}", "{\"a\": 1 # comment\n}", "{\"a\": 1}}",
        "{\"a\": \"\\\u0001\"}", "{\"a\": [}]}", "{\"a\": {\"b\": 1]}",
        "{\"\\q\": 1}", "{\"a\": 1 // c\n}", "{\"a\"= 1}", "{\"a\": 1; \"b\": 2}", "{\"a\": [1; 2]}", "{\"a\": [1}",
    })
    void malformedDataIsRefusedOnArrivalAsTheWholeMessageParseRefusesIt(String data) {
        String text = "{\"event\": \"X\", \"data\": " + data + "}";
        Object whole = wholeParse(text);
        if (whole instanceof QmpProtocolException) {
            // refused on arrival, as it always was: the session ends with this
            assertNull(EventScanner.scan(JsonFrame.of(text, 1)), "read without a tree: " + text);
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> WireCodec.decode(JsonFrame.of(text, 1)));
            assertTrue(e.getMessage().startsWith("malformed"), e.getMessage());
        } else {
            // what Gson takes beyond standard JSON, such as True or a raw tab in a string: the same event either way
            assertDecodesAsTheWholeParse(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"return\": {}, \"id\": 1}",
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": []}}",
        "{\"event\": \"COMMAND_DROPPED\", \"data\": {\"id\": 1, \"reason\": \"queue-full\"}}",
        "{\"event\": \"X\", \"data\": {}, \"id\": 1}",
        "{\"event\": \"X\", \"event\": \"Y\"}",
        "{\"event\": \"X\", \"data\": {}, \"data\": {}}",
        "{\"event\": \"X\\u0041\"}",
        "{\"event\": 5}",
        "{\"event\": \"X\", \"data\": [1]}",
        "{\"event\": \"X\", \"data\": null}",
        "{\"event\": \"X\", \"data\": \"s\"}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": 1.5, \"microseconds\": 0}}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": 1e3, \"microseconds\": 0}}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": \"1\", \"microseconds\": 0}}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 0, \"nanoseconds\": 0}}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": 1}}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": 1, \"seconds\": 2, \"microseconds\": 0}}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": 12345678901234567890, \"microseconds\": 0}}",
        "{\"event\": \"X\", \"timestamp\": {\"seconds\": 01, \"microseconds\": 0}}",
        "{\"event\": \"X\", \"timestamp\": null}",
        "{\"event\": \"A\", \"event\": \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}",
        "{\"data\": {}}",
        "{}",
        "[\"event\"]",
    })
    void everyOtherShapeGoesToTheWholeMessageParse(String text) {
        assertNull(EventScanner.scan(JsonFrame.of(text, 1)), text);
    }

    @Test
    void theDataIsParsedOnceWhateverThreadsAskFirst() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                QmpEvent event = decode("{\"event\": \"E\", \"data\": {\"status\": \"running\", \"n\": [1, 2]}}").event();
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<JsonObject>> reads = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    reads.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return event.data();
                    }));
                }
                JsonObject first = reads.get(0).get(10, TimeUnit.SECONDS);
                for (Future<JsonObject> read : reads) {
                    JsonObject data = read.get(10, TimeUnit.SECONDS);
                    assertEquals(first, data);
                    // Copies share the immutable primitives of the one tree they copy: one parse made them.
                    assertSame(first.get("status"), data.get("status"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachReadOfTheDataIsACopyOfItsOwn() {
        QmpEvent event = decode("{\"event\": \"E\", \"data\": {\"a\": {\"b\": 1}}}").event();
        JsonObject changed = event.data();
        changed.getAsJsonObject("a").addProperty("b", 2);
        changed.addProperty("c", 3);
        assertEquals(JsonParser.parseString("{\"a\": {\"b\": 1}}"), event.data());
        assertNotSame(event.data(), event.data());
    }

    @Test
    void malformedDataFoundOnlyWhenReadFailsTheRead() {
        // Cannot come from the wire (the scan refuses it); the data's own parse still says what is wrong.
        byte[] text = "{\"a\": tru}".getBytes(StandardCharsets.UTF_8);
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> new RawEventData(text, 0, text.length).parse());
        assertTrue(e.getMessage().startsWith("malformed JSON from server: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": {\"a\": tru}"), e.getMessage());
    }

    @Test
    void anEventKeptAsTextCountsItsBytesAndNameNotATree() {
        String text = "{" + TIMESTAMP + ", \"event\": \"JOB_STATUS_CHANGE\", \"data\": {\"status\": \"running\", \"id\": \"job0\"}}";
        JsonFrame frame = JsonFrame.of(text, 10);
        EventMessage message = WireCodec.decode(frame) instanceof EventMessage m ? m : null;
        assertNotNull(message);
        assertEquals(256 + text.length() + 2L * "JOB_STATUS_CHANGE".length(), message.retainedBytes());
        assertTrue(message.retainedBytes() < frame.retainedBytes(), "text is cheaper than the tree it stands for");
        // Without data there is nothing to keep as text: an empty tree, counted as one.
        EventMessage stop = decode("{\"event\": \"STOP\", " + TIMESTAMP + "}");
        assertEquals(JsonFrame.of("{\"event\": \"STOP\", " + TIMESTAMP + "}", 1).retainedBytes(), stop.retainedBytes());
    }

    @Test
    void numbersAreGsonsOwn() {
        String data = "{\"i\": 42, \"l\": 12345678901, \"d\": 2.5, \"e\": 1e3, \"big\": 123456789012345678901234567890,"
                + " \"huge\": 1e999999999}";
        QmpEvent event = decode("{\"event\": \"N\", \"data\": " + data + "}").event();
        JsonObject lazy = event.data();
        JsonObject gson = JsonParser.parseString(data).getAsJsonObject();
        for (String member : List.of("i", "l", "d", "e", "big")) {
            JsonPrimitive ours = lazy.getAsJsonPrimitive(member);
            JsonPrimitive theirs = gson.getAsJsonPrimitive(member);
            assertEquals(theirs, ours, member);
            assertEquals(theirs.getAsNumber().getClass(), ours.getAsNumber().getClass(), member);
            assertEquals(theirs.hashCode(), ours.hashCode(), member);
            assertEquals(theirs.getAsString(), ours.getAsString(), member);
            assertEquals(theirs.getAsLong(), ours.getAsLong(), member);
            assertEquals(theirs.getAsInt(), ours.getAsInt(), member);
            assertEquals(theirs.getAsDouble(), ours.getAsDouble(), member);
            assertEquals(theirs.getAsBigDecimal(), ours.getAsBigDecimal(), member);
        }
        assertEquals(12345678901L, lazy.get("l").getAsLong());
        // A long from 1e999999999 would take practically forever: refused, as Gson refuses it.
        assertThrows(NumberFormatException.class, () -> gson.get("huge").getAsLong());
        assertThrows(NumberFormatException.class, () -> lazy.get("huge").getAsLong());
        assertThrows(NumberFormatException.class, () -> lazy.get("huge").getAsInt());
    }

    @Test
    void aTypedDecoderReadsTheSameData() {
        QmpEvent event = decode("{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": true, \"reason\": \"guest-shutdown\"}, "
                + TIMESTAMP + "}").event();
        ShutdownEvent shutdown = ShutdownEvent.TYPE.decode(event);
        assertTrue(shutdown.guest());
        assertEquals(ShutdownCause.GUEST_SHUTDOWN, shutdown.reason());
    }
}

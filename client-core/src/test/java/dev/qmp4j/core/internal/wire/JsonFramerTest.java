package dev.qmp4j.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.QmpProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JsonFramerTest {
    private final JsonFramer framer = new JsonFramer(4096, 100_000);

    private List<String> feed(String... chunks) {
        List<String> out = new ArrayList<>();
        for (String chunk : chunks) {
            framer.append(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
            Optional<String> m;
            while ((m = framer.next()).isPresent()) {
                out.add(m.get());
            }
        }
        return out;
    }

    @Test
    void directAndSlicedBuffersFrameAlike() {
        byte[] text = "  {\"a\": \"}\"}\r\n[1, {\"b\": [2]}]\n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(text.length).put(text).flip();
        byte[] padded = new byte[text.length + 7];
        System.arraycopy(text, 0, padded, 5, text.length);
        ByteBuffer sliced = ByteBuffer.wrap(padded, 5, text.length).slice(); // array offset 5, position 0
        for (ByteBuffer source : List.of(direct, sliced)) {
            JsonFramer f = new JsonFramer(1 << 20, 1000);
            f.append(source);
            assertEquals(Optional.of("{\"a\": \"}\"}"), f.next());
            assertEquals(Optional.of("[1, {\"b\": [2]}]"), f.next());
            assertEquals(Optional.empty(), f.next());
        }
    }

    @Test
    void crlfAndLfTerminatedMessages() {
        assertEquals(List.of("{\"a\": 1}", "{\"b\": 2}"), feed("{\"a\": 1}\r\n{\"b\": 2}\n"));
    }

    @Test
    void severalMessagesInOneReadWithoutDelimiters() {
        assertEquals(List.of("{}", "{\"x\":[1,{}]}", "{}"), feed("{}{\"x\":[1,{}]}  {}"));
    }

    @Test
    void oneMessageSplitIntoSingleBytes() {
        String message = "{\"return\": {\"status\": \"running\", \"nested\": [{\"a\": \"}\"}]}}";
        List<String> out = new ArrayList<>();
        for (char c : message.toCharArray()) {
            out.addAll(feed(String.valueOf(c)));
        }
        assertEquals(List.of(message), out);
    }

    @Test
    void prettyMultiLineOutput() {
        String pretty = "{\n    \"return\": {\n        \"status\": \"paused\"\n    }\n}\n";
        assertEquals(List.of(pretty.strip()), feed(pretty));
    }

    @Test
    void bracesAndQuotesInsideStringsDoNotEndTheMessage() {
        String tricky = "{\"desc\": \"a } b { c \\\" } \\\\\", \"x\": \"]\"}";
        assertEquals(List.of(tricky), feed(tricky.substring(0, 9), tricky.substring(9)));
    }

    @Test
    void utf8SplitAcrossReads() {
        byte[] bytes = "{\"name\": \"caf\u00e9 \u4e2d\"}".getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (byte b : bytes) {
            framer.append(ByteBuffer.wrap(new byte[] {b}));
            framer.next().ifPresent(out::add);
        }
        assertEquals(List.of("{\"name\": \"caf\u00e9 \u4e2d\"}"), out);
    }

    @Test
    void garbageOutsideAMessageIsAProtocolErrorNamingTheByte() {
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> feed("{}\r\nhello"));
        assertTrue(e.getMessage().contains("'h'"), e.getMessage());
    }

    @Test
    void wholeMessagesBeforeGarbageInTheSameReadAreStillHandedOut() {
        framer.append(ByteBuffer.wrap("{\"a\": 1}\r\n{\"b\": 2}\r\nxyz".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of("{\"a\": 1}"), framer.next());
        assertEquals(Optional.of("{\"b\": 2}"), framer.next());
        QmpProtocolException e = assertThrows(QmpProtocolException.class, framer::next);
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(QmpProtocolException.class, () -> framer.append(ByteBuffer.wrap(new byte[] {'{'})));
    }

    @Test
    void messageOverTheLimitIsAProtocolError() {
        String big = "{\"a\": \"" + "x".repeat(5000) + "\"}";
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> feed(big));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }

    @Test
    void aMessageOverTheLimitThatEndsWithinOneReadIsRefusedAndThoseBeforeItHandedOut() {
        JsonFramer f = new JsonFramer(4096, 100_000);
        String text = "{\"ok\": 1}\n{\"a\": \"" + "x".repeat(5000) + "\"}\n{\"after\": 2}\n";
        f.append(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of("{\"ok\": 1}"), f.next());
        QmpProtocolException e = assertThrows(QmpProtocolException.class, f::next);
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }

    @Test
    void endlessWhitespaceCountsAgainstTheLimit() {
        assertThrows(QmpProtocolException.class, () -> feed(" ".repeat(5000)));
    }

    @Test
    void largeMessageOverManyReadsIsScannedOnce() {
        JsonFramer big = new JsonFramer(1 << 20, 1 << 20);
        String message = "{\"return\": \"" + "y".repeat(300_000) + "\"}";
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        Optional<String> result = Optional.empty();
        for (int i = 0; i < bytes.length; i += 1000) {
            big.append(ByteBuffer.wrap(bytes, i, Math.min(1000, bytes.length - i)));
            Optional<String> m = big.next();
            if (m.isPresent()) {
                result = m;
            }
        }
        assertEquals(message, result.orElseThrow());
    }

    @Test
    void valuesAreCountedOutsideStringsAndLimited() {
        JsonFramer counting = new JsonFramer(4096, 8);
        counting.append(ByteBuffer.wrap("{\"a\": [1, 2], \"s\": \"{[,:]}\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(6, counting.nextFrame().orElseThrow().values(), "{ : [ , , : -- not what is inside the string");
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> counting.append(ByteBuffer.wrap("[0,0,0,0,0,0,0,0,0]".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("more than 8 JSON values (maxMessageValues)"), e.getMessage());
    }

    @Test
    void aFrameKnowsTheHeapItsDecodedFormKeepsAtMost() {
        assertEquals(2L * 10 + 100L * 3, new JsonFrame(new byte[10], 3).retainedBytes());
    }

    @Test
    void nestingUpToQemusLimitIsOneMessage() {
        String deepest = "{\"a\": " + "[".repeat(JsonFramer.MAX_DEPTH - 1) + "]".repeat(JsonFramer.MAX_DEPTH - 1) + "}";
        assertEquals(List.of(deepest, "{}"), feed(deepest + "{}"));
    }

    @Test
    void nestingDeeperThanQemusLimitIsAProtocolErrorAfterTheMessagesBeforeIt() {
        String tooDeep = "[".repeat(JsonFramer.MAX_DEPTH + 1);
        framer.append(ByteBuffer.wrap(("{\"before\": 1}" + tooDeep).getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of("{\"before\": 1}"), framer.next());
        QmpProtocolException e = assertThrows(QmpProtocolException.class, framer::next);
        assertEquals("message from server nests deeper than 1024 levels, QEMU's own limit for JSON", e.getMessage());
    }

    @Test
    void depthIsCountedWithoutRecursionOnATinyStack() throws Exception {
        // 100,000 levels on a thread with a 64 KiB stack: anything recursive would overflow long before.
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread thread = new Thread(null, () -> {
            try {
                new JsonFramer(1 << 20, 1 << 20).append(ByteBuffer.wrap("[".repeat(100_000).getBytes(StandardCharsets.UTF_8)));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "tiny-stack", 64 * 1024);
        thread.start();
        assertInstanceOf(QmpProtocolException.class, outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        String brackets = "{\"s\": \"" + "[{".repeat(1500) + "\"}";
        assertEquals(List.of(brackets), feed(brackets));
    }

    @Test
    void framesKnowTheirSizeOnTheWire() {
        framer.append(ByteBuffer.wrap("  {\"name\": \"caf\u00e9\"}\r\n{}".getBytes(StandardCharsets.UTF_8)));
        assertFrame("{\"name\": \"caf\u00e9\"}", 17, 2, framer.nextFrame().orElseThrow());
        assertFrame("{}", 2, 1, framer.nextFrame().orElseThrow());
        assertEquals(Optional.empty(), framer.nextFrame());
    }

    private static void assertFrame(String text, int byteLength, int values, JsonFrame frame) {
        assertEquals(text, frame.text());
        assertEquals(byteLength, frame.byteLength());
        assertEquals(values, frame.values());
    }
}

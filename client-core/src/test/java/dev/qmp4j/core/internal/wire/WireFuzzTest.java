package dev.qmp4j.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Jazzer targets for the framer and the decoder. Without {@code JAZZER_FUZZ} they run only their
 * seeds ({@code WireFuzzTestInputs/<method>/} in the test resources); with it ({@code -Pfuzz})
 * Jazzer mutates them. Input format of both: byte 0 chooses how the stream is cut into reads
 * (bits 0-6: read size 1 to 128) and the framer's limit (bit 7: 4 KiB, else the default);
 * the rest is the byte stream a server sends. Only {@link QmpProtocolException} may escape.
 */
class WireFuzzTest {
    /** Known engine bugs whose inputs are skipped until the engine fix lands. */
    static final Set<KnownBug> KNOWN_BUGS_UNTIL_ENGINE_FIX = EnumSet.noneOf(KnownBug.class);

    static {
        // One line each; delete a line when its fix lands.
        KNOWN_BUGS_UNTIL_ENGINE_FIX.add(KnownBug.DEEP_NESTING_STACK_OVERFLOW); // decodeEvent, decodeGreeting recurse
    }

    /** A known bug and the inputs that reach it. */
    enum KnownBug {
        /** Values nested deeper than QMP's limit (1024). */
        DEEP_NESTING_STACK_OVERFLOW
    }

    private static final int SMALL_LIMIT = 4096;
    private static final int QMP_DEPTH_LIMIT = 1024;

    @FuzzTest
    void framer(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int limit = limit(input[0]);
        Framed whole = frame(input, 1, Math.max(1, input.length - 1), limit);
        Framed split = frame(input, 1, readSize(input[0]), limit);
        assertEquals(whole, split, "framing must not depend on how the stream is cut into reads");
        for (String message : whole.messages) {
            assertTrue(message.startsWith("{") || message.startsWith("["), message);
            assertTrue(message.endsWith("}") || message.endsWith("]"), message);
            // Each byte decodes to at most one char: no more chars than the limit allows bytes.
            assertTrue(message.length() <= limit, "a message over the limit was handed out");
        }
    }

    @FuzzTest
    void decoder(byte[] input) {
        if (input.length == 0) {
            return;
        }
        for (String message : frame(input, 1, readSize(input[0]), limit(input[0])).messages) {
            if (KNOWN_BUGS_UNTIL_ENGINE_FIX.contains(KnownBug.DEEP_NESTING_STACK_OVERFLOW)
                    && depth(message) > QMP_DEPTH_LIMIT) {
                continue;
            }
            try {
                decode(message);
            } catch (QmpProtocolException expected) {
                // the decoder's one way to refuse a message
            }
        }
    }

    /** The only call into the decoder: re-point it when the wire package decodes inbound messages once. */
    private static void decode(String message) {
        JsonObject object = WireCodec.parse(message);
        if (object.has("QMP")) {
            WireCodec.decodeGreeting(object);
        }
        if (object.has("event")) {
            WireCodec.decodeEvent(object);
        }
    }

    /** What the framer made of a stream: the messages, then whether it failed. */
    private record Framed(List<String> messages, boolean failed) {
    }

    /** The only calls into the framer: append reads of {@code readSize} bytes, take every message after each. */
    private static Framed frame(byte[] input, int from, int readSize, int limit) {
        JsonFramer framer = new JsonFramer(limit);
        List<String> messages = new ArrayList<>();
        try {
            for (int at = from; at < input.length; at += readSize) {
                framer.append(ByteBuffer.wrap(Arrays.copyOfRange(input, at, Math.min(input.length, at + readSize))));
                Optional<String> message;
                while ((message = framer.next()).isPresent()) {
                    messages.add(message.get());
                }
            }
            return new Framed(messages, false);
        } catch (QmpProtocolException e) {
            return new Framed(messages, true);
        }
    }

    private static int readSize(byte control) {
        return (control & 0x7f) + 1;
    }

    private static int limit(byte control) {
        return (control & 0x80) != 0 ? SMALL_LIMIT : QmpClientOptions.DEFAULT_MAX_MESSAGE_BYTES;
    }

    /** The deepest nesting of brackets outside strings. */
    private static int depth(String message) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }
}

package dev.qmp4j.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Jazzer targets for the framer and the decoder. Without {@code JAZZER_FUZZ} they run only their
 * seeds ({@code WireFuzzTestInputs/<method>/} in the test resources); with it ({@code -Pfuzz})
 * Jazzer mutates them. Input format of both: byte 0 chooses how the stream is cut into reads
 * (bits 0-6: read size 1 to 128) and the framer's limit (bit 7: 4 KiB, else the default);
 * the rest is the byte stream a server sends. Only {@link QmpProtocolException} may escape.
 */
class WireFuzzTest {
    private static final int SMALL_LIMIT = 4096;

    @FuzzTest
    void framer(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int limit = limit(input[0]);
        Framed whole = frame(input, 1, Math.max(1, input.length - 1), limit);
        Framed split = frame(input, 1, readSize(input[0]), limit);
        assertEquals(whole, split, "framing must not depend on how the stream is cut into reads");
        for (JsonFrame frame : whole.frames) {
            String message = frame.text();
            assertTrue(message.startsWith("{") || message.startsWith("["), message);
            assertTrue(message.endsWith("}") || message.endsWith("]"), message);
            assertTrue(frame.byteLength() <= limit, "a message over the limit was handed out");
            assertTrue(depth(message) <= JsonFramer.MAX_DEPTH, "a message nested too deep was handed out");
        }
    }

    @FuzzTest
    void decoder(byte[] input) {
        if (input.length == 0) {
            return;
        }
        for (JsonFrame frame : frame(input, 1, readSize(input[0]), limit(input[0])).frames) {
            try {
                InboundMessage message = WireCodec.decode(frame);
                message.excerpt().length(); // and whatever it holds can be printed
            } catch (QmpProtocolException expected) {
                // the decoder's one way to refuse a message
            }
        }
    }

    /** What the framer made of a stream: the messages, then whether it failed. */
    private record Framed(List<JsonFrame> frames, boolean failed) {
    }

    /** The only calls into the framer: append reads of {@code readSize} bytes, take every message after each. */
    private static Framed frame(byte[] input, int from, int readSize, int limit) {
        JsonFramer framer = new JsonFramer(limit, QmpClientOptions.DEFAULT_MAX_MESSAGE_VALUES);
        List<JsonFrame> messages = new ArrayList<>();
        try {
            for (int at = from; at < input.length; at += readSize) {
                framer.append(ByteBuffer.wrap(Arrays.copyOfRange(input, at, Math.min(input.length, at + readSize))));
                Optional<JsonFrame> message;
                while ((message = framer.nextFrame()).isPresent()) {
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

package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import okio.Buffer;

/**
 * Cuts a byte stream into whole JSON values, whatever the line breaks: CRLF, LF, pretty
 * multi-line output, several values in one read, one value over many reads. Scans each byte once
 * (it keeps its place between reads), so a large message split into many reads costs no more than
 * one read. Counts nesting as it scans, so that a value nested deeper than QEMU itself accepts
 * ({@value #MAX_DEPTH}) is refused before anything parses it (parsers, copies and {@code toString}
 * of JSON trees recurse). Not thread-safe: one per connection, used on its I/O thread.
 */
public final class JsonFramer {
    /** The deepest nesting accepted: QEMU's own limit on JSON input (MAX_NESTING in its json-streamer). */
    public static final int MAX_DEPTH = 1024;

    private final Buffer buffer = new Buffer();
    private final ArrayDeque<long[]> frames = new ArrayDeque<>();
    private final int maxMessageBytes;
    private final int maxMessageValues;
    // Scan state of the value being read; skip counts whitespace before it.
    private long skip;
    private long length;
    private int values;
    private int depth;
    private boolean inString;
    private boolean escaped;
    /** A framing error, raised once the whole messages before it have been taken. */
    private QmpProtocolException error;

    /**
     * Creates a framer.
     *
     * @param maxMessageBytes the largest value accepted, in bytes
     * @param maxMessageValues the most JSON values (and member names) a value may hold
     */
    public JsonFramer(int maxMessageBytes, int maxMessageValues) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxMessageValues = maxMessageValues;
    }

    /**
     * Takes all remaining bytes of {@code src}. Bytes after a framing error are dropped; the whole
     * messages before it are still handed out by {@link #next()}, which then raises the error.
     *
     * @param src bytes just read
     * @throws QmpProtocolException when a value is over the size limit, nests deeper than
     *     {@value #MAX_DEPTH} or does not start with '{' or '[', and no whole message before it is
     *     waiting to be taken
     */
    public void append(ByteBuffer src) {
        if (error != null) {
            throw error;
        }
        int from = src.position();
        int to = src.limit();
        int stop;
        if (src.hasArray()) {
            int offset = src.arrayOffset();
            stop = scan(src.array(), offset + from, offset + to) - offset;
        } else {
            byte[] copy = new byte[to - from];
            src.duplicate().get(copy);
            stop = scan(copy, 0, copy.length) + from;
        }
        if (error != null) {
            src.limit(stop);
        }
        try {
            buffer.write(src);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory buffer does no I/O
        }
        if (error != null && frames.isEmpty()) {
            throw error;
        }
    }

    /**
     * The next whole value, with its size on the wire.
     *
     * @return the value, or empty when no whole value has arrived yet
     * @throws QmpProtocolException when the input went wrong after the values already taken
     */
    public Optional<JsonFrame> nextFrame() {
        long[] frame = frames.poll();
        if (frame == null) {
            if (error != null) {
                throw error;
            }
            return Optional.empty();
        }
        try {
            buffer.skip(frame[0]);
            return Optional.of(new JsonFrame(buffer.readByteArray(frame[1]), (int) frame[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the frame's bytes are buffered: cannot happen
        }
    }

    /**
     * The text of the next whole value, as {@link #nextFrame()} without the size.
     *
     * @return the value as UTF-8 decoded text without surrounding whitespace, or empty
     * @throws QmpProtocolException when the input went wrong after the values already taken
     */
    public Optional<String> next() {
        return nextFrame().map(JsonFrame::text);
    }

    /**
     * Scans {@code bytes[from, to)}, noting each value that ends there. The scan state lives in
     * locals while it runs (this loop is most of what the framer costs) and in the fields between
     * reads.
     *
     * @return {@code to}, or the index of the byte at which the input went wrong ({@link #error} set)
     */
    private int scan(byte[] bytes, int from, int to) {
        long skip = this.skip;
        long length = this.length;
        int values = this.values;
        int depth = this.depth;
        boolean inString = this.inString;
        boolean escaped = this.escaped;
        int begin = from; // where the current value's bytes in this read begin
        int i = from;
        try {
            while (i < to) {
                if (inString) {
                    // Most bytes of a message are in strings: only a quote or a backslash matters there.
                    while (i < to) {
                        byte b = bytes[i++];
                        if (escaped) {
                            escaped = false;
                        } else if (b == '\\') {
                            escaped = true;
                        } else if (b == '"') {
                            inString = false;
                            break;
                        }
                    }
                    continue;
                }
                byte b = bytes[i];
                if (depth == 0) {
                    if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                        skip++;
                        i++;
                        continue;
                    }
                    if (b != '{' && b != '[') {
                        throw new QmpProtocolException("malformed JSON from server: a message must start with '{', got "
                                + describe(b));
                    }
                    begin = i;
                }
                switch (b) {
                    case '"' -> inString = true;
                    case '{', '[' -> {
                        if (++depth > MAX_DEPTH) {
                            throw new QmpProtocolException("message from server nests deeper than " + MAX_DEPTH
                                    + " levels, QEMU's own limit for JSON");
                        }
                        values = countValue(values);
                    }
                    // each separator starts one more element, member name or member value
                    case ',', ':' -> values = countValue(values);
                    case '}', ']' -> {
                        if (--depth == 0) {
                            long total = length + (i + 1 - begin);
                            checkSize(total);
                            frames.add(new long[] {skip, total, values});
                            skip = 0;
                            length = 0;
                            values = 0;
                        }
                    }
                    default -> {
                        // a literal, a number or whitespace inside the value
                    }
                }
                i++;
            }
            if (depth > 0) {
                length += to - begin;
            }
            // Sizes are checked as a message ends and here, not at every byte: a message over the limit
            // still fails before more than one read's worth of bytes beyond it is kept.
            checkSize(skip);
            checkSize(length);
            return to;
        } catch (QmpProtocolException e) {
            error = e;
            return i;
        } finally {
            this.skip = skip;
            this.length = length;
            this.values = values;
            this.depth = depth;
            this.inString = inString;
            this.escaped = escaped;
        }
    }

    /** One more value in the current message, checked against the limit. */
    private int countValue(int values) {
        if (values >= maxMessageValues) {
            throw new QmpProtocolException("message from server holds more than " + maxMessageValues
                    + " JSON values (maxMessageValues)");
        }
        return values + 1;
    }

    private void checkSize(long size) {
        if (size > maxMessageBytes) {
            throw new QmpProtocolException("message from server exceeds the limit of " + maxMessageBytes
                    + " bytes (maxMessageBytes)");
        }
    }

    private static String describe(byte b) {
        int c = b & 0xff;
        String hex = String.format("0x%02x", c);
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "' (" + hex + ")" : hex;
    }
}

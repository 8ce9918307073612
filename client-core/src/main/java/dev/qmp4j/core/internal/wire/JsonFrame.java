package dev.qmp4j.core.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One whole JSON value cut from the server's byte stream, as UTF-8 bytes. Not thread-safe: made
 * and read on the I/O thread.
 */
public final class JsonFrame {
    /** Heap a decoded JSON value can take at most, beyond its strings: a node, a map entry, a boxed number. */
    static final int BYTES_PER_VALUE = 100;

    private final byte[] bytes;
    private final int values;
    private String text;

    /**
     * A frame of these bytes.
     *
     * @param bytes the value's bytes, without surrounding whitespace; the frame keeps the array
     * @param values how many JSON values and member names it holds, about (counted by its brackets
     *     and separators)
     */
    public JsonFrame(byte[] bytes, int values) {
        this.bytes = bytes;
        this.values = values;
    }

    /**
     * A frame of a text's UTF-8 bytes, as the framer would cut it.
     *
     * @param text one JSON value
     * @param values how many values it holds
     * @return the frame
     */
    public static JsonFrame of(String text, int values) {
        return new JsonFrame(text.getBytes(StandardCharsets.UTF_8), values);
    }

    /**
     * The value's bytes; the frame's own array, not to be changed.
     *
     * @return UTF-8 bytes
     */
    byte[] bytes() {
        return bytes;
    }

    /**
     * The value as text, decoded once when first asked for (malformed UTF-8 reads as U+FFFD).
     *
     * @return the text, without surrounding whitespace
     */
    public String text() {
        if (text == null) {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        return text;
    }

    /**
     * How many bytes the value took on the wire.
     *
     * @return the byte length
     */
    public int byteLength() {
        return bytes.length;
    }

    /**
     * How many JSON values and member names it holds, about.
     *
     * @return the count
     */
    public int values() {
        return values;
    }

    /**
     * An upper bound of the heap the message keeps decoded into a tree: its strings (two bytes a
     * character at worst, and never more characters than bytes) and its values. What a
     * subscription's byte budget counts for an event whose data is a tree.
     *
     * @return the estimate in bytes
     */
    public long retainedBytes() {
        return 2L * bytes.length + (long) BYTES_PER_VALUE * values;
    }

    /** Frames are equal when their bytes and value counts are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof JsonFrame f && values == f.values && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + values;
    }

    @Override
    public String toString() {
        return "JsonFrame[" + WireCodec.excerpt(text()) + ", " + bytes.length + " bytes, " + values + " values]";
    }
}

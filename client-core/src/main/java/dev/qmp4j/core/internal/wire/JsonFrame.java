package dev.qmp4j.core.internal.wire;

/**
 * One whole JSON value cut from the server's byte stream.
 *
 * @param text the value as UTF-8 decoded text, without surrounding whitespace
 * @param byteLength how many bytes the value took on the wire
 * @param values how many JSON values and member names it holds, about (counted by its brackets and
 *     separators)
 */
public record JsonFrame(String text, int byteLength, int values) {
    /** Heap a decoded JSON value can take at most, beyond its strings: a node, a map entry, a boxed number. */
    static final int BYTES_PER_VALUE = 100;

    /**
     * An upper bound of the heap the decoded message keeps: its strings (two bytes a character at
     * worst, and never more characters than bytes) and its values. What a subscription's byte
     * budget counts for an event.
     *
     * @return the estimate in bytes
     */
    public long retainedBytes() {
        return 2L * byteLength + (long) BYTES_PER_VALUE * values;
    }
}

package dev.qmp4j.core.internal.wire;

import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpTimestamp;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the envelope of an event as QEMU sends it from its bytes, without building a JSON tree:
 * its name, its timestamp, and where its {@code data} object lies, which Gson checks there and
 * then but leaves for the reader of the data to parse ({@link RawEventData}). Building that tree
 * was most of what the I/O thread did per event. Gson's reader cannot do this part: it does not
 * say where in the bytes a value lies.
 *
 * <p>Only the plain shape is read here: an object whose members are {@code event} (a string
 * without escapes), {@code timestamp} (two whole numbers, {@code seconds} and {@code microseconds})
 * and {@code data} (an object), each at most once. For anything else, a reply or a greeting (told
 * by their first member), {@code COMMAND_DROPPED}, an unusual or malformed event, {@link #scan}
 * answers null and {@link WireCodec} parses the whole message as it always has, and decides. So
 * this path accepts nothing that one would refuse, and decodes what it accepts to the same event.
 */
final class EventScanner {
    /** Heap of the objects around the bytes and the name of an event kept as text, rounded up. */
    static final int TEXT_EVENT_OVERHEAD = 256;
    /** The timestamp's numbers are read when they have at most this many digits: none overflows a long. */
    private static final int MAX_DIGITS = 18;
    private static final byte[] EVENT = ascii("\"event\"");
    private static final byte[] TIMESTAMP = ascii("\"timestamp\"");
    private static final byte[] DATA = ascii("\"data\"");
    private static final byte[] SECONDS = ascii("\"seconds\"");
    private static final byte[] MICROSECONDS = ascii("\"microseconds\"");

    private final byte[] text;
    private int pos;

    private EventScanner(byte[] text) {
        this.text = text;
    }

    /**
     * Reads an event of the plain shape.
     *
     * @param frame a whole message, as the framer cut it
     * @return the event, or null when the message is not an event of that shape (or not JSON)
     */
    static EventMessage scan(JsonFrame frame) {
        return new EventScanner(frame.bytes()).event(frame);
    }

    /**
     * An upper bound of the heap an event kept as text holds while it waits in a subscription: its
     * message's bytes, its name (two bytes a character at most, and never more characters than
     * bytes), and {@value #TEXT_EVENT_OVERHEAD} bytes for the objects around them (about 220).
     *
     * @param byteLength the message's size on the wire
     * @param nameLength the event name's length
     */
    static long retainedAsText(int byteLength, int nameLength) {
        return TEXT_EVENT_OVERHEAD + byteLength + 2L * nameLength;
    }

    private EventMessage event(JsonFrame frame) {
        if (at(0) != '{') {
            return null;
        }
        pos = 1;
        String name = null;
        QmpTimestamp timestamp = null;
        int dataStart = -1;
        int dataEnd = -1;
        do {
            skipWhitespace();
            if (name == null && member(EVENT)) {
                int start = pos + 1;
                if (!plainString()) {
                    return null;
                }
                name = new String(text, start, pos - 1 - start, StandardCharsets.UTF_8);
            } else if (timestamp == null && member(TIMESTAMP)) {
                timestamp = timestamp();
                if (timestamp == null) {
                    return null;
                }
            } else if (dataStart < 0 && member(DATA)) {
                if (at(pos) != '{') {
                    return null;
                }
                dataStart = pos;
                dataEnd = objectEnd(pos);
                if (dataEnd < 0 || !WireCodec.isJson(new String(text, dataStart, dataEnd - dataStart,
                        StandardCharsets.UTF_8))) {
                    return null; // the whole message's parse says what is wrong
                }
                pos = dataEnd;
            } else {
                return null; // another member, one given twice, or not an object's member at all
            }
            skipWhitespace();
        } while (take(','));
        if (!take('}') || pos != text.length || name == null || name.equals("COMMAND_DROPPED")) {
            return null;
        }
        QmpTimestamp when = timestamp == null ? QmpTimestamp.UNKNOWN : timestamp;
        if (dataStart < 0) {
            return new EventMessage(new QmpEvent(name, null, when), Optional.empty(), frame, frame.retainedBytes());
        }
        QmpEvent event = LazyEvents.create(name, new RawEventData(text, dataStart, dataEnd), when);
        return new EventMessage(event, Optional.empty(), frame, retainedAsText(text.length, name.length()));
    }

    /**
     * Takes {@code "name":} when that is what comes next (the quoted name, whitespace, the colon
     * and whitespace); otherwise leaves {@link #pos} alone.
     */
    private boolean member(byte[] quotedName) {
        int end = pos + quotedName.length;
        if (end > text.length || !Arrays.equals(text, pos, end, quotedName, 0, quotedName.length)) {
            return false;
        }
        int colon = whitespaceEnd(end);
        if (at(colon) != ':') {
            return false;
        }
        pos = whitespaceEnd(colon + 1);
        return true;
    }

    /** Reads {@code {"seconds": N, "microseconds": N}} in either order; null for anything else. */
    private QmpTimestamp timestamp() {
        if (!take('{')) {
            return null;
        }
        long seconds = 0;
        long microseconds = 0;
        boolean haveSeconds = false;
        boolean haveMicroseconds = false;
        do {
            skipWhitespace();
            if (!haveSeconds && member(SECONDS)) {
                haveSeconds = true;
                seconds = wholeNumber();
            } else if (!haveMicroseconds && member(MICROSECONDS)) {
                haveMicroseconds = true;
                microseconds = wholeNumber();
            } else {
                return null;
            }
            if (pos < 0) {
                return null;
            }
            skipWhitespace();
        } while (take(','));
        return take('}') && haveSeconds && haveMicroseconds ? new QmpTimestamp(seconds, microseconds) : null;
    }

    /**
     * Reads {@code -?(0|[1-9][0-9]*)} of at most {@value #MAX_DIGITS} digits, not followed by a
     * fraction or an exponent; sets {@link #pos} to -1 when there is none.
     */
    private long wholeNumber() {
        int i = pos;
        boolean negative = at(i) == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        long value = 0;
        byte b;
        while ((b = at(i)) >= '0' && b <= '9') {
            value = value * 10 + (b - '0');
            i++;
        }
        int digits = i - digitsStart;
        if (digits == 0 || digits > MAX_DIGITS || digits > 1 && text[digitsStart] == '0' || b == '.' || b == 'e'
                || b == 'E') {
            pos = -1;
            return 0;
        }
        pos = i;
        return negative ? -value : value;
    }

    /** Takes a string without escapes or control characters; false when what comes is not one. */
    private boolean plainString() {
        if (at(pos) != '"') {
            return false;
        }
        for (int i = pos + 1; i < text.length; i++) {
            byte c = text[i];
            if (c == '"') {
                pos = i + 1;
                return true;
            }
            if (c == '\\' || c >= 0 && c < 0x20) {
                return false;
            }
        }
        return false;
    }

    private boolean take(char c) {
        if (at(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * The end of the object at {@code i} by its brackets, strings skipped; -1 when it does not
     * close. Whether what lies between is JSON is Gson's to say.
     */
    private int objectEnd(int i) {
        int depth = 0;
        for (; i < text.length; i++) {
            byte c = text[i];
            if (c == '"') {
                do {
                    i += at(i) == '\\' ? 2 : 1;
                } while (i < text.length && text[i] != '"');
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private void skipWhitespace() {
        pos = whitespaceEnd(pos);
    }

    /** The index of the first byte at or after {@code i} that is not JSON whitespace. */
    private int whitespaceEnd(int i) {
        byte c;
        while ((c = at(i)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
            i++;
        }
        return i;
    }

    /** The byte at {@code i}, or 0 past the end (which no caller looks for). */
    private byte at(int i) {
        return i < text.length ? text[i] : 0;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

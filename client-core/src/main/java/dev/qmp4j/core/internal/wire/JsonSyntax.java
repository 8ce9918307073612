package dev.qmp4j.core.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Checks that UTF-8 text is standard JSON (RFC 8259) without building anything: what lets an event's
 * data stay text until it is read, yet be refused on arrival when it is malformed. Stricter than
 * Gson's {@code LEGACY_STRICT}, which also takes a few non-standard forms: those fail here, and
 * the message is then parsed by Gson, which decides. Recurses once per level of nesting, which the
 * framer bounds ({@link JsonFramer#MAX_DEPTH}).
 */
final class JsonSyntax {
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    private JsonSyntax() {
    }

    /** The bytes of ASCII text. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The end of the JSON value at {@code i}.
     *
     * @param text the text, as UTF-8
     * @param i where the value starts (no whitespace before it)
     * @return the index just after the value, or -1 when it is not a standard JSON value
     */
    static int valueEnd(byte[] text, int i) {
        if (i >= text.length) {
            return -1;
        }
        return switch (text[i]) {
            case '{' -> objectEnd(text, i);
            case '[' -> arrayEnd(text, i);
            case '"' -> stringEnd(text, i);
            case 't' -> literalEnd(text, i, TRUE);
            case 'f' -> literalEnd(text, i, FALSE);
            case 'n' -> literalEnd(text, i, NULL);
            default -> numberEnd(text, i);
        };
    }

    /** The index of the first byte at or after {@code i} that is not JSON whitespace. */
    static int skipWhitespace(byte[] text, int i) {
        while (i < text.length) {
            byte c = text[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    private static int objectEnd(byte[] text, int i) {
        i = skipWhitespace(text, i + 1);
        if (at(text, i) == '}') {
            return i + 1;
        }
        while (true) {
            if (at(text, i) != '"' || (i = stringEnd(text, i)) < 0) {
                return -1;
            }
            i = skipWhitespace(text, i);
            if (at(text, i) != ':') {
                return -1;
            }
            i = valueEnd(text, skipWhitespace(text, i + 1));
            if (i < 0) {
                return -1;
            }
            i = skipWhitespace(text, i);
            byte c = at(text, i);
            if (c == '}') {
                return i + 1;
            }
            if (c != ',') {
                return -1;
            }
            i = skipWhitespace(text, i + 1);
        }
    }

    private static int arrayEnd(byte[] text, int i) {
        i = skipWhitespace(text, i + 1);
        if (at(text, i) == ']') {
            return i + 1;
        }
        while (true) {
            i = valueEnd(text, i);
            if (i < 0) {
                return -1;
            }
            i = skipWhitespace(text, i);
            byte c = at(text, i);
            if (c == ']') {
                return i + 1;
            }
            if (c != ',') {
                return -1;
            }
            i = skipWhitespace(text, i + 1);
        }
    }

    /**
     * A string at {@code i} (its opening quote): no raw control characters, only the standard
     * escapes. Bytes from 0x80 on are UTF-8, or not: either way they are text (a malformed sequence
     * reads as U+FFFD), as they are to Gson once the message is decoded.
     */
    static int stringEnd(byte[] text, int i) {
        int length = text.length;
        for (i++; i < length; i++) {
            byte c = text[i];
            if (c == '"') {
                return i + 1;
            }
            if (c >= 0 && c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                byte e = at(text, ++i);
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (!isHexDigit(at(text, ++i))) {
                            return -1;
                        }
                    }
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                        && e != 't') {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} at {@code i}. */
    private static int numberEnd(byte[] text, int i) {
        if (at(text, i) == '-') {
            i++;
        }
        if (at(text, i) == '0') {
            i++;
        } else if (isDigit(at(text, i))) {
            i = digitsEnd(text, i);
        } else {
            return -1;
        }
        if (at(text, i) == '.') {
            if (!isDigit(at(text, ++i))) {
                return -1;
            }
            i = digitsEnd(text, i);
        }
        byte c = at(text, i);
        if (c == 'e' || c == 'E') {
            c = at(text, ++i);
            if (c == '+' || c == '-') {
                i++;
            }
            if (!isDigit(at(text, i))) {
                return -1;
            }
            i = digitsEnd(text, i);
        }
        return i;
    }

    private static int digitsEnd(byte[] text, int i) {
        while (isDigit(at(text, i))) {
            i++;
        }
        return i;
    }

    private static int literalEnd(byte[] text, int i, byte[] literal) {
        return Arrays.equals(text, i, Math.min(i + literal.length, text.length), literal, 0, literal.length)
                ? i + literal.length : -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** ASCII only, as JSON says: {@code Character.digit} would also take other scripts' digits. */
    private static boolean isHexDigit(byte c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The byte at {@code i}, or 0 past the end (which no caller looks for). */
    static byte at(byte[] text, int i) {
        return i < text.length ? text[i] : 0;
    }
}

package dev.qmp4j.core.internal.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;

/**
 * Builds the Gson tree of UTF-8 text that {@link JsonSyntax} has accepted: the tree Gson's own parser
 * makes of it (numbers kept as text, as {@link NumberText}; of a member given twice the last
 * value, in the first one's place), at a fraction of the cost, since nothing needs checking
 * again. Gson's reader allocates a 2 KiB buffer per parse, more than most event data. Recurses
 * once per level of nesting, which the framer bounds ({@link JsonFramer#MAX_DEPTH}).
 */
final class JsonTreeReader {
    private static final JsonPrimitive TRUE = new JsonPrimitive(true);
    private static final JsonPrimitive FALSE = new JsonPrimitive(false);

    private final byte[] text;
    private int pos;

    private JsonTreeReader(byte[] text, int start) {
        this.text = text;
        this.pos = start;
    }

    /**
     * The tree of the value at {@code start}.
     *
     * @param text UTF-8 text holding a value that {@link JsonSyntax#valueEnd} accepted
     * @param start where the value starts
     * @return its tree
     * @throws IllegalArgumentException when the value is not standard JSON after all
     */
    static JsonElement read(byte[] text, int start) {
        return new JsonTreeReader(text, start).value();
    }

    private JsonElement value() {
        switch (at(pos)) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return new JsonPrimitive(string());
            case 't':
                literal(4);
                return TRUE;
            case 'f':
                literal(5);
                return FALSE;
            case 'n':
                literal(4);
                return JsonNull.INSTANCE;
            default:
                int end = JsonSyntax.valueEnd(text, pos); // what is left is a number
                if (end < 0) {
                    throw notJson();
                }
                JsonPrimitive number = new JsonPrimitive(new NumberText(
                        new String(text, pos, end - pos, StandardCharsets.US_ASCII)));
                pos = end;
                return number;
        }
    }

    private JsonObject object() {
        JsonObject object = new JsonObject();
        pos = JsonSyntax.skipWhitespace(text, pos + 1);
        if (at(pos) == '}') {
            pos++;
            return object;
        }
        while (true) {
            String name = string();
            pos = JsonSyntax.skipWhitespace(text, pos);
            expect(':');
            pos = JsonSyntax.skipWhitespace(text, pos);
            object.add(name, value());
            pos = JsonSyntax.skipWhitespace(text, pos);
            if (at(pos) == '}') {
                pos++;
                return object;
            }
            expect(',');
            pos = JsonSyntax.skipWhitespace(text, pos);
        }
    }

    private JsonArray array() {
        JsonArray array = new JsonArray();
        pos = JsonSyntax.skipWhitespace(text, pos + 1);
        if (at(pos) == ']') {
            pos++;
            return array;
        }
        while (true) {
            array.add(value());
            pos = JsonSyntax.skipWhitespace(text, pos);
            if (at(pos) == ']') {
                pos++;
                return array;
            }
            expect(',');
            pos = JsonSyntax.skipWhitespace(text, pos);
        }
    }

    /** The string at {@link #pos}, unescaped; most have no escapes and are decoded in one go. */
    private String string() {
        expect('"');
        int start = pos;
        for (int i = start; i < text.length; i++) {
            byte c = text[i];
            if (c == '"') {
                pos = i + 1;
                return utf8(start, i);
            }
            if (c == '\\') {
                return escapedString(start, i);
            }
        }
        throw notJson();
    }

    /** The rest of a string from its first escape: the runs between escapes are decoded as UTF-8. */
    private String escapedString(int start, int firstEscape) {
        StringBuilder out = new StringBuilder(firstEscape - start + 16).append(utf8(start, firstEscape));
        int run = firstEscape;
        for (int i = firstEscape; i < text.length; i++) {
            byte c = text[i];
            if (c == '"') {
                pos = i + 1;
                return out.append(utf8(run, i)).toString();
            }
            if (c != '\\') {
                continue;
            }
            out.append(utf8(run, i));
            byte e = at(++i);
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 >= text.length) {
                        throw notJson();
                    }
                    out.append((char) Integer.parseInt(new String(text, i + 1, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> throw notJson();
            }
            run = i + 1;
        }
        throw notJson();
    }

    /** Bytes {@code [from, to)} as UTF-8; a malformed sequence reads as U+FFFD, as in the whole message's text. */
    private String utf8(int from, int to) {
        return new String(text, from, to - from, StandardCharsets.UTF_8);
    }

    /** Takes a literal that {@link JsonSyntax} checked: {@code true}, {@code false} or {@code null}. */
    private void literal(int length) {
        if (pos + length > text.length) {
            throw notJson();
        }
        pos += length;
    }

    private void expect(char c) {
        if (at(pos) != c) {
            throw notJson();
        }
        pos++;
    }

    private byte at(int i) {
        return JsonSyntax.at(text, i);
    }

    private IllegalArgumentException notJson() {
        return new IllegalArgumentException("not standard JSON at index " + pos);
    }
}

package dev.qmp4j.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Parses one message's tokens into a Gson tree, with QEMU's json-parser error texts. */
final class QemuJsonParser {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Either a value or an error text (without the "JSON parse error, " prefix). */
    record Result(Optional<JsonElement> value, Optional<String> error) {
    }

    private static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;

        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    private final List<JsonToken> tokens;
    private int next;

    private QemuJsonParser(List<JsonToken> tokens) {
        this.tokens = tokens;
    }

    static Result parse(List<JsonToken> tokens) {
        try {
            return new Result(Optional.of(new QemuJsonParser(tokens).value()), Optional.empty());
        } catch (ParseError e) {
            return new Result(Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private JsonElement value() throws ParseError {
        JsonToken token = peek();
        return switch (token.type()) {
            case LCURLY -> object();
            case LSQUARE -> array();
            case STRING -> new JsonPrimitive(string(pop()));
            case NUMBER -> number(pop());
            case KEYWORD -> keyword(pop());
            default -> throw new ParseError("expecting value");
        };
    }

    private JsonObject object() throws ParseError {
        pop();
        JsonObject object = new JsonObject();
        if (peek().type() == JsonToken.Type.RCURLY) {
            pop();
            return object;
        }
        pair(object);
        JsonToken token = pop();
        while (token.type() != JsonToken.Type.RCURLY) {
            if (token.type() != JsonToken.Type.COMMA) {
                throw new ParseError("expected separator in dict");
            }
            pair(object);
            token = pop();
        }
        return object;
    }

    private void pair(JsonObject object) throws ParseError {
        if (peek().type() != JsonToken.Type.STRING) {
            value(); // QEMU parses the key as any value first, so "expecting value" wins for '}'
            throw new ParseError("key is not a string in object");
        }
        String name = string(pop());
        if (pop().type() != JsonToken.Type.COLON) {
            throw new ParseError("missing : in object pair");
        }
        JsonElement value = value();
        if (object.has(name)) {
            throw new ParseError("duplicate key");
        }
        object.add(name, value);
    }

    private JsonArray array() throws ParseError {
        pop();
        JsonArray array = new JsonArray();
        if (peek().type() == JsonToken.Type.RSQUARE) {
            pop();
            return array;
        }
        array.add(value());
        JsonToken token = pop();
        while (token.type() != JsonToken.Type.RSQUARE) {
            if (token.type() != JsonToken.Type.COMMA) {
                throw new ParseError("expected separator in list");
            }
            array.add(value());
            token = pop();
        }
        return array;
    }

    private static JsonElement keyword(JsonToken token) throws ParseError {
        return switch (token.textAsString()) {
            case "true" -> new JsonPrimitive(true);
            case "false" -> new JsonPrimitive(false);
            case "null" -> JsonNull.INSTANCE;
            default -> throw new ParseError("invalid keyword '" + token.textAsString() + "'");
        };
    }

    private static JsonElement number(JsonToken token) {
        String text = token.textAsString();
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (integral) {
            BigInteger value = new BigInteger(text);
            // Like QEMU: int64, else uint64, else a double.
            if (value.bitLength() < 64 || (value.signum() > 0 && value.compareTo(UINT64_MAX) <= 0)) {
                return new JsonPrimitive(value);
            }
        }
        return new JsonPrimitive(Double.parseDouble(text));
    }

    private static String string(JsonToken token) throws ParseError {
        byte[] b = token.text();
        StringBuilder out = new StringBuilder(b.length);
        int i = 1;
        int end = b.length - 1; // drop the quotes
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == '\\') {
                i = escape(b, i + 1, end, out);
                continue;
            }
            int run = i;
            while (i < end && b[i] != '\\') {
                i++;
            }
            out.append(Utf8.decodeStrict(b, run, i - run)
                    .orElseThrow(() -> new ParseError("invalid UTF-8 sequence in string")));
        }
        return out.toString();
    }

    private static int escape(byte[] b, int i, int end, StringBuilder out) throws ParseError {
        if (i >= end) {
            throw new ParseError("invalid escape sequence in string");
        }
        switch (b[i]) {
            case '"' -> out.append('"');
            case '\'' -> out.append('\'');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                int code = 0;
                for (int k = 1; k <= 4; k++) {
                    int digit = i + k < end ? Character.digit(b[i + k], 16) : -1;
                    if (digit < 0) {
                        throw new ParseError("invalid hex escape sequence in string");
                    }
                    code = code * 16 + digit;
                }
                out.append((char) code); // surrogate halves pair up on their own
                return i + 5;
            }
            default -> throw new ParseError("invalid escape sequence in string");
        }
        return i + 1;
    }

    private JsonToken peek() throws ParseError {
        if (next >= tokens.size()) {
            throw new ParseError("premature EOI");
        }
        return tokens.get(next);
    }

    private JsonToken pop() throws ParseError {
        JsonToken token = peek();
        next++;
        return token;
    }
}

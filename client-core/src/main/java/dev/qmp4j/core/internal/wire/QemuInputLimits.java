package dev.qmp4j.core.internal.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * What QEMU's JSON input parser refuses in one command, checked before the command is sent. QEMU
 * 7.2 does not answer such a command with one error: it drops what it read so far and parses the
 * rest as new input, answering each fragment with an error without id (a {@code NaN} inside
 * arguments brought 7 errors, 1,030 levels of nesting over a thousand; QEMU 10.0 skips to the end
 * of the command and answers once). Replies without id belong to the oldest in-band command, so
 * those errors would be taken as the replies of the commands after it. Limits of QEMU's
 * json-streamer: nesting, tokens, and bytes of tokens.
 */
final class QemuInputLimits {
    /** Open objects and arrays at any point, the command's own object included (MAX_NESTING). */
    static final int MAX_NESTING = 1024;
    /** Tokens of one command, its closing brace included (MAX_TOKEN_COUNT; QEMU 7.2 and 10.0 refuse one more). */
    static final int MAX_TOKENS = 2 << 20;
    /** Bytes of one command's tokens (MAX_TOKEN_SIZE). */
    static final int MAX_BYTES = 64 << 20;
    /** Tokens of the command around its arguments: {"execute":"x","arguments":A,"id":N} less A. */
    static final int COMMAND_TOKENS = 12;

    private QemuInputLimits() {
    }

    /**
     * Checks a command's arguments.
     *
     * @param name the command, for the message
     * @param arguments the arguments, or null
     * @throws IllegalArgumentException when QEMU would not parse them as one command
     */
    static void check(String name, JsonObject arguments) {
        if (arguments == null) {
            return;
        }
        long tokens = COMMAND_TOKENS + tokens(name, arguments);
        if (tokens > MAX_TOKENS) {
            throw new IllegalArgumentException("the arguments of " + name + " make the command " + tokens
                    + " JSON tokens; QEMU parses at most " + MAX_TOKENS + " in one command");
        }
    }

    /**
     * The JSON tokens of a command's arguments, as QEMU's lexer counts them.
     *
     * @throws IllegalArgumentException when they hold a non-finite number or nest too deep
     */
    static long tokens(String name, JsonObject arguments) {
        return count(name, arguments, 2); // the arguments' object is at depth 2, inside the command's
    }

    /**
     * Checks a command's encoded size.
     *
     * @param name the command, for the message
     * @param bytes the encoded command's length
     * @throws IllegalArgumentException when QEMU would not parse that many bytes as one command
     */
    static void checkBytes(String name, int bytes) {
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("command " + name + " is " + bytes + " bytes; QEMU parses at most "
                    + MAX_BYTES + " bytes of JSON in one command");
        }
    }

    /** The tokens of {@code value} at {@code depth}; throws on what QEMU refuses. */
    private static long count(String name, JsonElement value, int depth) {
        if (value instanceof JsonPrimitive p) {
            if (p.isNumber()) {
                String text = p.getAsNumber().toString();
                if (text.equals("NaN") || text.endsWith("Infinity")) {
                    throw new IllegalArgumentException("the arguments of " + name + " hold " + text
                            + ", which is not a JSON number");
                }
            }
            return 1;
        }
        if (!value.isJsonObject() && !value.isJsonArray()) {
            return 1; // null
        }
        if (depth > MAX_NESTING) {
            throw new IllegalArgumentException("the arguments of " + name + " are nested deeper than QEMU accepts ("
                    + MAX_NESTING + " levels of objects and arrays in one command, the command's own included)");
        }
        long tokens = 2; // the brackets
        int members = 0;
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, JsonElement> member : object.entrySet()) {
                tokens += 2 + count(name, member.getValue(), depth + 1); // key and ':'
                members++;
            }
        } else {
            for (JsonElement element : (JsonArray) value) {
                tokens += count(name, element, depth + 1);
                members++;
            }
        }
        return tokens + Math.max(0, members - 1); // the commas
    }
}

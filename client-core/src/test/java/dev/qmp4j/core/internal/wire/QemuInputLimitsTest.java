package dev.qmp4j.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Commands QEMU's parser would split into several erroneous inputs are refused before they are sent. */
class QemuInputLimitsTest {
    /** One JSON token: a string, a number, a keyword, or one of {}[]:, */
    private static final Pattern TOKEN =
            Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null|[{}\\[\\]:,]");

    @Test
    void nonFiniteNumbersAreRefused() {
        for (JsonElement n : new JsonElement[] {new JsonPrimitive(Double.NaN),
                new JsonPrimitive(Double.POSITIVE_INFINITY), new JsonPrimitive(Float.NEGATIVE_INFINITY)}) {
            JsonObject args = new JsonObject();
            JsonArray list = new JsonArray();
            list.add(n);
            args.add("x", list);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WireCodec.encodeCommand("qom-set", args, 1L, false));
            assertTrue(e.getMessage().contains("qom-set") && e.getMessage().contains("not a JSON number"),
                    e.getMessage());
        }
        JsonObject fine = new JsonObject();
        fine.addProperty("x", 1.5e300);
        assertDoesNotThrow(() -> WireCodec.encodeCommand("qom-set", fine, 1L, false));
    }

    @Test
    void nestingIsRefusedBeyondQemusLimitCountingTheCommandItself() {
        // The command's object is level 1 and its arguments level 2: 1,022 arrays inside reach 1,024.
        assertDoesNotThrow(() -> WireCodec.encodeCommand("x", nested(1022), 1L, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WireCodec.encodeCommand("x", nested(1023), 1L, false));
        assertTrue(e.getMessage().contains("nested deeper than QEMU accepts (1024 levels"), e.getMessage());
    }

    @Test
    void tokensAreCountedAsQemusLexerCountsThem() {
        JsonObject args = new JsonObject();
        JsonArray list = new JsonArray();
        list.add(-1.5e3);
        list.add(JsonNull.INSTANCE);
        JsonObject inner = new JsonObject();
        inner.addProperty("k", "v,:{}[] \" \\");
        inner.add("e", new JsonObject());
        inner.add("f", new JsonArray());
        list.add(inner);
        args.add("a", list);
        args.addProperty("b", true);
        assertEquals(tokensIn(args.toString()), QemuInputLimits.tokens("c", args));
        String command = new String(WireCodec.encodeCommand("c", args, 12L, false), StandardCharsets.UTF_8);
        assertEquals(tokensIn(command), QemuInputLimits.tokens("c", args) + QemuInputLimits.COMMAND_TOKENS);
    }

    @Test
    void commandsOfMoreTokensThanQemuParsesAreRefused() {
        int n = (QemuInputLimits.MAX_TOKENS - 18) / 2;
        assertEquals(QemuInputLimits.MAX_TOKENS, QemuInputLimits.COMMAND_TOKENS + QemuInputLimits.tokens("c", zeros(n, 1)));
        assertDoesNotThrow(() -> QemuInputLimits.check("c", zeros(n, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QemuInputLimits.check("c", zeros(n, 2)));
        assertTrue(e.getMessage().contains("2097153 JSON tokens; QEMU parses at most 2097152"), e.getMessage());
    }

    @Test
    void commandsOverQemusByteLimitAreRefused() {
        assertDoesNotThrow(() -> QemuInputLimits.checkBytes("x", QemuInputLimits.MAX_BYTES));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QemuInputLimits.checkBytes("x", QemuInputLimits.MAX_BYTES + 1));
        assertTrue(e.getMessage().contains("QEMU parses at most 67108864 bytes"), e.getMessage());
    }

    private static long tokensIn(String text) {
        Matcher m = TOKEN.matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Arguments {"x": [[], ..., 0, ...]}: {@code n} elements, the first {@code empty} of them empty
     * arrays: 2n + empty + 5 tokens.
     */
    private static JsonObject zeros(int n, int empty) {
        JsonArray elements = new JsonArray();
        for (int i = 0; i < n; i++) {
            if (i < empty) {
                elements.add(new JsonArray());
            } else {
                elements.add(0);
            }
        }
        JsonObject args = new JsonObject();
        args.add("x", elements);
        return args;
    }

    private static JsonObject nested(int arrays) {
        JsonElement value = new JsonPrimitive(0);
        for (int i = 0; i < arrays; i++) {
            JsonArray a = new JsonArray();
            a.add(value);
            value = a;
        }
        JsonObject args = new JsonObject();
        args.add("x", value);
        return args;
    }
}

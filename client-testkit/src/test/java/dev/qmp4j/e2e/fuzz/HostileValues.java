package dev.qmp4j.e2e.fuzz;

import static dev.qmp4j.e2e.fuzz.JsonText.arr;
import static dev.qmp4j.e2e.fuzz.JsonText.obj;
import static dev.qmp4j.e2e.fuzz.JsonText.raw;
import static dev.qmp4j.e2e.fuzz.JsonText.string;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Values a hostile server may put where QMP expects something else. */
final class HostileValues {
    private static final List<String> HUGE_NUMBERS = List.of("1e400", "-1e400", "1.5e-400", "-0", "-0.0", "0e0",
            new BigInteger("2").pow(200).toString(), "-" + new BigInteger("2").pow(200), "1E+999999999",
            "1e-999999999", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "4294967296", "2147483648", "1.7976931348623157e309", "123456789012345678901234567890.123e-5",
            "9".repeat(5_000), "0." + "0".repeat(4_000) + "1");
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xC3, 0x28},                               // a lead byte without its continuation
        {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80},       // never valid / a lone continuation
        {(byte) 0xC0, (byte) 0xAF},                        // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},           // a UTF-16 surrogate
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F}, // cut short
    };
    private static final int[] DEEP = {1_100, 2_000};
    private static final int[] VERY_DEEP = {10_000, 50_000};

    private HostileValues() {
    }

    /** A value of some type, small or not: what a wrong type looks like. */
    static JsonText wrongType(SplittableRandom random) {
        return switch (random.nextInt(14)) {
            case 0 -> string("");
            case 1 -> string("x" + random.nextInt(100));
            case 2 -> raw(random.nextBoolean() ? "0" : "-1");
            case 3 -> raw("1.5");
            case 4 -> raw(random.nextBoolean() ? "true" : "false");
            case 5 -> raw("null");
            case 6 -> obj();
            case 7 -> obj("a", 1, "seconds", "x");
            case 8 -> arr();
            case 9 -> arr(1, "2", arr());
            case 10 -> arr("only");
            case 11 -> hugeNumber(random);
            case 12 -> obj("class", arr(), "desc", obj());
            default -> raw("[[[{}]]]");
        };
    }

    static JsonText hugeNumber(SplittableRandom random) {
        return raw(HUGE_NUMBERS.get(random.nextInt(HUGE_NUMBERS.size())));
    }

    /** Nesting of arrays or objects, closed or (rarely) left open; one leaf, so no recursion to build or render. */
    static JsonText deep(SplittableRandom random, boolean beyondStack) {
        int[] depths = beyondStack ? VERY_DEEP : DEEP;
        int depth = depths[random.nextInt(depths.length)];
        boolean objects = random.nextBoolean();
        String open = objects ? "{\"a\": " : "[";
        String close = objects ? "}" : "]";
        String closing = random.nextInt(10) == 0 ? "" : close.repeat(depth);
        return raw(open.repeat(depth) + (objects ? "1" : "") + closing);
    }

    /** A string of {@code length} characters: letters, escapes and \\u escapes, never one repeated byte. */
    static JsonText longString(SplittableRandom random, int length) {
        StringBuilder b = new StringBuilder(length + 16).append('"');
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789 {}[]:,";
        while (b.length() < length) {
            switch (random.nextInt(40)) {
                case 0 -> b.append("\\n");
                case 1 -> b.append("\\\"");
                case 2 -> b.append("\\u00e9");
                default -> b.append(letters.charAt(random.nextInt(letters.length())));
            }
        }
        return raw(b.append('"').toString());
    }

    /** A string token with bytes of the family's kind inside (see {@link #badBytes}). */
    static JsonText badString(SplittableRandom random, Family family) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        out.writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.writeBytes(badBytes(random, family));
            out.write('c');
        }
        out.write('"');
        return new JsonText.Raw(out.toByteArray());
    }

    /** A few bytes of the family's kind: invalid UTF-8, a NUL (raw or escaped), or a control character. */
    static byte[] badBytes(SplittableRandom random, Family family) {
        return switch (family) {
            case INVALID_UTF8 -> INVALID_UTF8[random.nextInt(INVALID_UTF8.length)].clone();
            case NUL_BYTES -> random.nextInt(3) == 0 ? "\\u0000".getBytes(StandardCharsets.US_ASCII) : new byte[] {0};
            case CONTROL_CHARS -> new byte[] {(byte) (random.nextBoolean() ? 1 + random.nextInt(31) : 0x7f)};
            default -> throw new IllegalArgumentException(family.name());
        };
    }

    /** A message that is not an object. */
    static JsonText notAnObject(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0 -> arr();
            case 1 -> arr(obj("return", obj()));
            case 2 -> string("return");
            case 3 -> raw("42");
            case 4 -> raw("true");
            case 5 -> raw("null");
            default -> arr(1, 2, 3);
        };
    }

    /** Bytes that do not belong between messages. */
    static byte[] garbage(SplittableRandom random) {
        return switch (random.nextInt(9)) {
            case 0 -> "}".getBytes(StandardCharsets.US_ASCII);
            case 1 -> "]".getBytes(StandardCharsets.US_ASCII);
            case 2 -> ",".getBytes(StandardCharsets.US_ASCII);
            case 3 -> "hello\r\n".getBytes(StandardCharsets.US_ASCII);
            case 4 -> new byte[] {(byte) 0xFF};
            case 5 -> "{'return': {}}".getBytes(StandardCharsets.US_ASCII);
            case 6 -> "\"dangling string\"".getBytes(StandardCharsets.US_ASCII);
            case 7 -> "{\"a\" 1}".getBytes(StandardCharsets.US_ASCII);
            default -> {
                byte[] bytes = new byte[1 + random.nextInt(16)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                yield bytes;
            }
        };
    }
}

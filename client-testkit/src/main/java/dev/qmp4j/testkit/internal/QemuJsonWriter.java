package dev.qmp4j.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Map;

/**
 * Writes JSON the way QEMU's monitor does: {@code ", "} and {@code ": "} separators, ASCII only
 * (other characters as upper-case {@code \\uXXXX}), doubles as C's {@code %.17g}, and for
 * {@code pretty=on} four-space indentation with QEMU's quirk of a line break inside empty containers.
 */
final class QemuJsonWriter {
    private final boolean pretty;
    private final String newline;

    /**
     * @param pretty multi-line output as QEMU's {@code pretty=on}
     * @param newline the line break inside pretty output ({@code \r\n} or {@code \n})
     */
    QemuJsonWriter(boolean pretty, String newline) {
        this.pretty = pretty;
        this.newline = newline;
    }

    String write(JsonElement value) {
        StringBuilder out = new StringBuilder(128);
        write(value, 0, out);
        return out.toString();
    }

    private void write(JsonElement value, int level, StringBuilder out) {
        if (value == null || value.isJsonNull()) {
            out.append("null");
        } else if (value.isJsonObject()) {
            writeObject(value.getAsJsonObject(), level, out);
        } else if (value.isJsonArray()) {
            writeArray(value.getAsJsonArray(), level, out);
        } else {
            writePrimitive(value.getAsJsonPrimitive(), out);
        }
    }

    private void writeObject(JsonObject object, int level, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            separate(first, level + 1, out);
            first = false;
            writeString(member.getKey(), out);
            out.append(": ");
            write(member.getValue(), level + 1, out);
        }
        close(first, level, out);
        out.append('}');
    }

    private void writeArray(JsonArray array, int level, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (JsonElement element : array) {
            separate(first, level + 1, out);
            first = false;
            write(element, level + 1, out);
        }
        close(first, level, out);
        out.append(']');
    }

    private void separate(boolean first, int level, StringBuilder out) {
        if (!first) {
            out.append(pretty ? "," : ", ");
        }
        if (pretty) {
            out.append(newline).append("    ".repeat(level));
        }
    }

    private void close(boolean empty, int level, StringBuilder out) {
        // QEMU's pretty printer breaks the line even for an empty container: "{\n    }".
        if (pretty) {
            out.append(newline).append("    ".repeat(level));
        }
    }

    private static void writePrimitive(JsonPrimitive primitive, StringBuilder out) {
        if (primitive.isBoolean()) {
            out.append(primitive.getAsBoolean());
        } else if (primitive.isString()) {
            writeString(primitive.getAsString(), out);
        } else {
            out.append(formatNumber(primitive.getAsNumber()));
        }
    }

    static String formatNumber(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger) {
            return number.toString();
        }
        BigDecimal exact;
        try {
            exact = new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            return number.toString();
        }
        if (exact.signum() != 0 && exact.stripTrailingZeros().scale() <= 0
                && !(number instanceof Double) && !(number instanceof Float)) {
            return exact.toBigInteger().toString(); // an integer-valued lazily parsed number
        }
        return formatDouble(number.doubleValue());
    }

    /** C's {@code printf("%.17g")}, which QEMU uses for doubles. */
    static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "nan" : (d > 0 ? "inf" : "-inf");
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(17));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String sign = exponent < 0 ? "-" : "+";
            String digits = String.format("%02d", Math.abs(exponent));
            return mantissa.toPlainString() + "e" + sign + digits;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

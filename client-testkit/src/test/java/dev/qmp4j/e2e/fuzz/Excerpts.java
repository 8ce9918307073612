package dev.qmp4j.e2e.fuzz;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;

/** Short, safe descriptions for failure reports and traces. */
final class Excerpts {
    private Excerpts() {
    }

    /** The start of some bytes, escaped: never megabytes, never a deep walk. */
    static String excerpt(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 240); i++) {
            int c = bytes[i] & 0xff;
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return bytes.length > 240 ? b + "..." : b.toString();
    }

    /** A value's start, written without recursion (a 50,000-level value must not overflow the test's stack). */
    static String excerpt(JsonElement value) {
        return value.isJsonPrimitive() || value.isJsonNull() ? excerpt(value.toString().getBytes(StandardCharsets.UTF_8))
                : value.isJsonArray() ? "[" + value.getAsJsonArray().size() + " items]"
                : "{" + String.join(", ", value.getAsJsonObject().keySet()) + "}";
    }

    /** A throwable's type, the start of its message and the qmp4j frame nearest to where it was thrown. */
    static String describe(Throwable t) {
        if (t == null) {
            return "nothing";
        }
        String message = String.valueOf(t.getMessage());
        StringBuilder b = new StringBuilder(t.getClass().getName()).append(": ")
                .append(message.length() > 160 ? message.substring(0, 160) + "..." : message);
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.qmp4j.core")) {
                b.append(" at ").append(frame);
                break;
            }
        }
        if (t.getCause() != null && t.getCause() != t) {
            b.append(" <- ").append(t.getCause().getClass().getName());
        }
        return b.toString();
    }
}

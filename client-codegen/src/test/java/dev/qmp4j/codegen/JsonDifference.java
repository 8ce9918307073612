package dev.qmp4j.codegen;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where two JSON values first differ. Numbers compare by value ({@code 1}, {@code 1.0} and a
 * {@code BigInteger} 1 are equal); member order does not matter.
 *
 * @param path where, such as {@code $.inserted.image[0].format}
 * @param expected the expected value there, or null when none was expected
 * @param actual the actual value there, or null when there is none
 */
record JsonDifference(String path, JsonElement expected, JsonElement actual) {
    private static final int SHOWN = 120;

    static Optional<JsonDifference> between(JsonElement expected, JsonElement actual) {
        return Optional.ofNullable(at("$", expected, actual));
    }

    /** The kind of difference and where, array indexes left out: the same for like failures. */
    String kind() {
        String where = path.replaceAll("\\[\\d+]", "[]");
        return where + (actual == null ? " missing" : expected == null ? " unexpected" : " differs");
    }

    @Override
    public String toString() {
        return path + ": expected " + (expected == null ? "no member" : shown(expected)) + ", got "
                + (actual == null ? "nothing" : shown(actual));
    }

    private static JsonDifference at(String path, JsonElement expected, JsonElement actual) {
        if (actual == null) {
            return new JsonDifference(path, expected, null);
        }
        if (expected.isJsonObject() && actual.isJsonObject()) {
            JsonObject e = expected.getAsJsonObject();
            JsonObject a = actual.getAsJsonObject();
            TreeSet<String> names = new TreeSet<>(e.keySet());
            names.addAll(a.keySet());
            for (String name : names) {
                JsonDifference difference = e.has(name) ? at(path + "." + name, e.get(name), a.get(name))
                        : new JsonDifference(path + "." + name, null, a.get(name));
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (expected.isJsonArray() && actual.isJsonArray()) {
            JsonArray e = expected.getAsJsonArray();
            JsonArray a = actual.getAsJsonArray();
            if (e.size() != a.size()) {
                return new JsonDifference(path, e, a);
            }
            for (int i = 0; i < e.size(); i++) {
                JsonDifference difference = at(path + "[" + i + "]", e.get(i), a.get(i));
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        boolean same = isNumber(expected) && isNumber(actual) ? sameNumber(expected, actual) : expected.equals(actual);
        return same ? null : new JsonDifference(path, expected, actual);
    }

    private static boolean isNumber(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
    }

    private static boolean sameNumber(JsonElement expected, JsonElement actual) {
        try {
            return new BigDecimal(expected.getAsString()).compareTo(new BigDecimal(actual.getAsString())) == 0;
        } catch (NumberFormatException e) { // NaN or an infinity
            return expected.equals(actual);
        }
    }

    /** A JSON value, cut short when long. */
    static String shown(JsonElement value) {
        String text = String.valueOf(value);
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }
}

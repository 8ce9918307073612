package dev.qmp4j.samples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Command arguments as typed on a command line: either one JSON object, or {@code key=value}
 * pairs whose values are read as JSON when they parse ({@code size=1024}, {@code on=true},
 * {@code list=[1,2]}) and as strings otherwise ({@code id=usb1}).
 *
 * <p>As in QEMU's qmp-shell, a dotted key builds nested objects ({@code cache.direct=false} is
 * <code>{"cache": {"direct": false}}</code>), and setting a key twice is an error. A JSON object
 * is checked by {@link JsonSyntax}, so that a typing error is reported where it is.
 */
public final class CommandArguments {
    private CommandArguments() {
    }

    /**
     * Parses the words after the command name, as {@code qmp exec} takes them (its {@code ARGS}).
     *
     * @param words nothing, one JSON object, or {@code key=value} pairs
     * @return the arguments object, empty for no words
     * @throws IllegalArgumentException when the words are neither form, saying why in one line
     */
    public static JsonObject parse(List<String> words) {
        return parse(words, "ARGS", 0);
    }

    /**
     * Parses the words after the command name.
     *
     * @param words nothing, one JSON object, or {@code key=value} pairs
     * @param what how errors name the arguments, such as {@code ARGS}
     * @param columnsBefore how many characters came before a JSON object on its line, so that
     *     errors count columns as the user sees them
     * @return the arguments object, empty for no words
     * @throws IllegalArgumentException when the words are neither form, saying why in one line
     */
    public static JsonObject parse(List<String> words, String what, int columnsBefore) {
        JsonObject arguments = new JsonObject();
        if (words.isEmpty()) {
            return arguments;
        }
        if (words.size() == 1 && words.get(0).strip().startsWith("{")) {
            String text = words.get(0);
            JsonSyntax.problem(text).ifPresent(problem -> {
                throw new IllegalArgumentException(what + " is not valid JSON " + problem.describe(columnsBefore));
            });
            return JsonParser.parseString(text).getAsJsonObject(); // checked above: strict JSON or QEMU's quotes
        }
        Set<JsonElement> byDots = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value or one JSON object, got '" + word + "'");
            }
            put(arguments, word.substring(0, eq), value(word.substring(eq + 1)), byDots);
        }
        return arguments;
    }

    /**
     * Sets a key, following its dots into nested objects, as qmp-shell does: an object a dotted
     * key goes through may have come from a JSON value ({@code cache={"direct":true}
     * cache.no-flush=false}), but a key set twice, or used both for a value and as the start of a
     * dotted key, is an error.
     *
     * @param byDots the objects that dotted keys made, by identity
     */
    private static void put(JsonObject arguments, String key, JsonElement value, Set<JsonElement> byDots) {
        String[] path = key.split("\\.", -1);
        JsonObject parent = arguments;
        for (int i = 0; i < path.length; i++) {
            if (path[i].isEmpty()) {
                throw new IllegalArgumentException("the key '" + key + "' has an empty part");
            }
            String prefix = String.join(".", Arrays.asList(path).subList(0, i + 1));
            JsonElement existing = parent.get(path[i]);
            if (i == path.length - 1) {
                if (existing != null) {
                    throw new IllegalArgumentException(byDots.contains(existing) ? leafAndPrefix(prefix)
                            : "'" + key + "' is set more than once");
                }
                parent.add(path[i], value);
            } else if (existing == null) {
                JsonObject made = new JsonObject();
                byDots.add(made);
                parent.add(path[i], made);
                parent = made;
            } else if (existing.isJsonObject()) {
                parent = existing.getAsJsonObject();
            } else {
                throw new IllegalArgumentException(leafAndPrefix(prefix));
            }
        }
    }

    private static String leafAndPrefix(String prefix) {
        return "'" + prefix + "' cannot be both a key with a value and the start of a dotted key";
    }

    private static JsonElement value(String text) {
        try {
            JsonElement json = JsonParser.parseString(text);
            // Gson's lenient parser reads a bare word as a string; only real JSON values count as JSON.
            if (!json.isJsonNull() && !(json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()
                    && !text.strip().startsWith("\""))) {
                return json;
            }
            if (text.strip().equals("null")) {
                return json;
            }
        } catch (JsonParseException e) {
            // not JSON: a plain string
        }
        return new JsonPrimitive(text);
    }
}

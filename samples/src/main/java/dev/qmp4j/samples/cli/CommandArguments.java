package dev.qmp4j.samples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.List;

/**
 * Command arguments as typed on a command line: either one JSON object, or {@code key=value}
 * pairs whose values are read as JSON when they parse ({@code size=1024}, {@code on=true},
 * {@code list=[1,2]}) and as strings otherwise ({@code id=usb1}).
 */
public final class CommandArguments {
    private CommandArguments() {
    }

    /**
     * Parses the words after the command name.
     *
     * @param words nothing, one JSON object, or {@code key=value} pairs
     * @return the arguments object, empty for no words
     * @throws IllegalArgumentException when the words are neither form
     */
    public static JsonObject parse(List<String> words) {
        JsonObject arguments = new JsonObject();
        if (words.isEmpty()) {
            return arguments;
        }
        if (words.size() == 1 && words.get(0).strip().startsWith("{")) {
            try {
                JsonElement json = JsonParser.parseString(words.get(0));
                if (json.isJsonObject()) {
                    return json.getAsJsonObject();
                }
            } catch (JsonParseException e) {
                throw new IllegalArgumentException("arguments are not a valid JSON object: " + e.getMessage(), e);
            }
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value or one JSON object, got '" + word + "'");
            }
            arguments.add(word.substring(0, eq), value(word.substring(eq + 1)));
        }
        return arguments;
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

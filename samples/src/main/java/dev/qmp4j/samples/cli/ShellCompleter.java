package dev.qmp4j.samples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.schema.QmpSchema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion from the server's own schema ({@code query-qmp-schema}): command names for the
 * first word, then the argument names of that command ({@code id=}), then, after {@code key=},
 * the values of an enum or boolean argument. Arguments of a union follow its discriminator once
 * it is typed ({@code blockdev-add driver=file } offers {@code filename=}).
 */
public final class ShellCompleter implements Completer {
    private final Supplier<QmpSchema> schema;

    /**
     * A completer asking {@code schema} at each completion; the session caches it, so only the
     * first completion waits for the fetch, and a failed fetch just offers nothing.
     *
     * @param schema where the schema comes from, such as {@code session::schema}
     */
    public ShellCompleter(Supplier<QmpSchema> schema) {
        this.schema = schema;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Optional<QmpSchema> known = fetch();
        if (known.isEmpty()) {
            return;
        }
        QmpSchema s = known.get();
        if (line.wordIndex() == 0) {
            for (String command : s.commands()) {
                candidates.add(new Candidate(command));
            }
            candidates.add(new Candidate("help"));
            return;
        }
        String command = line.words().get(0);
        if (!s.hasCommand(command)) {
            return; // also -H: HMP commands are not in the schema
        }
        Map<String, String> given = new HashMap<>();
        for (String word : line.words()) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                given.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        Map<String, JsonObject> members = arguments(s, command, given);
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        int eq = word.indexOf('=');
        if (eq > 0) {
            values(s, word.substring(0, eq), members.get(word.substring(0, eq)), candidates);
            return;
        }
        members.forEach((name, member) -> {
            if (!given.containsKey(name)) {
                String which = member.has("default") ? "optional" : "required";
                // Not complete: the cursor stays after '=' for the value.
                candidates.add(new Candidate(name + "=", name, null, which, null, null, false));
            }
        });
    }

    /**
     * The arguments a command takes, by name, as schema member objects.
     *
     * @param schema the server's schema
     * @param command the command name
     * @param given arguments already typed, to follow union discriminators
     * @return name to member ({@code name}, {@code type}, {@code default} when optional)
     */
    public static Map<String, JsonObject> arguments(QmpSchema schema, String command, Map<String, String> given) {
        Map<String, JsonObject> members = new LinkedHashMap<>();
        schema.entry(command).filter(e -> e.has("arg-type"))
                .ifPresent(e -> collect(schema, e.get("arg-type").getAsString(), given, members, 0));
        return members;
    }

    private static void collect(QmpSchema schema, String type, Map<String, String> given,
            Map<String, JsonObject> members, int depth) {
        Optional<JsonObject> entry = schema.entry(type);
        if (depth > 8 || entry.isEmpty() || !"object".equals(entry.get().get("meta-type").getAsString())) {
            return;
        }
        JsonObject object = entry.get();
        for (JsonElement m : array(object, "members")) {
            members.put(m.getAsJsonObject().get("name").getAsString(), m.getAsJsonObject());
        }
        String tagValue = object.has("tag") ? unquote(given.get(object.get("tag").getAsString())) : null;
        for (JsonElement v : array(object, "variants")) {
            JsonObject variant = v.getAsJsonObject();
            if (variant.get("case").getAsString().equals(tagValue)) {
                collect(schema, variant.get("type").getAsString(), given, members, depth + 1);
            }
        }
    }

    private static void values(QmpSchema schema, String key, JsonObject member, List<Candidate> candidates) {
        if (member == null) {
            return;
        }
        JsonObject type = schema.entry(member.get("type").getAsString()).orElse(new JsonObject());
        String meta = type.has("meta-type") ? type.get("meta-type").getAsString() : "";
        if (meta.equals("enum")) {
            for (JsonElement m : array(type, "members")) {
                String value = m.getAsJsonObject().get("name").getAsString();
                candidates.add(new Candidate(key + "=" + value, value, null, null, null, null, true));
            }
        } else if (meta.equals("builtin") && "boolean".equals(type.get("json-type").getAsString())) {
            candidates.add(new Candidate(key + "=true", "true", null, null, null, null, true));
            candidates.add(new Candidate(key + "=false", "false", null, null, null, null, true));
        }
    }

    private Optional<QmpSchema> fetch() {
        try {
            return Optional.ofNullable(schema.get());
        } catch (RuntimeException e) {
            return Optional.empty(); // completion must never break the line being typed
        }
    }

    private static Iterable<JsonElement> array(JsonObject o, String member) {
        return o.get(member) != null && o.get(member).isJsonArray() ? o.getAsJsonArray(member) : List.of();
    }

    private static String unquote(String value) {
        return value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}

package dev.qmp4j.core.schema;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpProtocolException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A server's {@code query-qmp-schema}: which commands and events it has, and queries into their
 * types by ABI path, as libvirt asks them ({@code blockdev-add/arg-type/+file/filename}).
 * Immutable and thread-safe. Obtain it from {@link dev.qmp4j.core.QmpSession#schema()}, which
 * fetches it once per session.
 *
 * <p>A path starts with a command or event name, then {@code arg-type} or {@code ret-type}, then
 * any number of steps: {@code member} (a member of an object), {@code *member} (a member that
 * must be optional), {@code +case} (a variant of a union). Arrays are stepped through as their
 * element type; alternates succeed when any of their branches does. The last step may instead
 * ask a question: {@code ^value} (the enum has this value), {@code !json-type} (the builtin has
 * this JSON type: {@code string}, {@code int}, {@code number}, {@code boolean}, {@code null},
 * {@code value}) or {@code $feature} (the entry, or the enum value before it, has this feature).
 * A step whose name does not start with a letter is written with one leading space.
 *
 * <p>{@link #checkArguments(String, JsonObject)} holds a command's arguments against the schema
 * and names the first member that does not fit with such a path.
 */
public final class QmpSchema {
    /** The command whose arguments QEMU does not check against its schema ({@code 'gen': false}). */
    private static final String COMMAND_WITH_OPEN_ARGUMENTS = "device_add";

    private final Map<String, JsonObject> entries;
    private final Set<String> commands;
    private final Set<String> events;

    private QmpSchema(Map<String, JsonObject> entries) {
        this.entries = entries;
        Set<String> c = new TreeSet<>();
        Set<String> e = new TreeSet<>();
        for (JsonObject entry : entries.values()) {
            String meta = entry.get("meta-type").getAsString();
            if (meta.equals("command")) {
                c.add(entry.get("name").getAsString());
            } else if (meta.equals("event")) {
                e.add(entry.get("name").getAsString());
            }
        }
        this.commands = Collections.unmodifiableSet(c);
        this.events = Collections.unmodifiableSet(e);
    }

    /**
     * Reads a {@code query-qmp-schema} reply.
     *
     * @param reply the reply's {@code return} value: an array of entries
     * @return the schema
     * @throws QmpProtocolException when an entry lacks its {@code name} or {@code meta-type}
     */
    public static QmpSchema of(JsonElement reply) {
        Objects.requireNonNull(reply, "reply");
        if (!reply.isJsonArray()) {
            throw new QmpProtocolException("query-qmp-schema must return an array, got " + kind(reply));
        }
        Map<String, JsonObject> entries = new HashMap<>();
        for (JsonElement e : (JsonArray) reply) {
            if (!(e instanceof JsonObject o) || !isString(o.get("name")) || !isString(o.get("meta-type"))) {
                throw new QmpProtocolException("query-qmp-schema entry without name or meta-type: " + e);
            }
            entries.put(o.get("name").getAsString(), o.deepCopy());
        }
        return new QmpSchema(entries);
    }

    /**
     * The commands the server has, sorted.
     *
     * @return command names
     */
    public Set<String> commands() {
        return commands;
    }

    /**
     * The events the server can emit, sorted.
     *
     * @return event names
     */
    public Set<String> events() {
        return events;
    }

    /**
     * Whether the server has a command.
     *
     * @param command a command name such as {@code blockdev-add}
     * @return true when the schema lists it
     */
    public boolean hasCommand(String command) {
        return commands.contains(command);
    }

    /**
     * Whether the server can emit an event.
     *
     * @param event an event name such as {@code DEVICE_DELETED}
     * @return true when the schema lists it
     */
    public boolean hasEvent(String event) {
        return events.contains(event);
    }

    /**
     * The raw schema entry with this name (a command, an event, or a type by its masked name).
     *
     * @param name the entry's name
     * @return a copy of the entry, or empty
     */
    public Optional<JsonObject> entry(String name) {
        return Optional.ofNullable(entries.get(name)).map(JsonObject::deepCopy);
    }

    /**
     * The number of entries.
     *
     * @return the entry count
     */
    public int size() {
        return entries.size();
    }

    /**
     * Whether a path holds in this schema, such as {@code blockdev-add/arg-type/+file/aio} or
     * {@code query-status/ret-type/status/^running}. See the class description for the syntax.
     *
     * @param path the query
     * @return true when every step exists (and a final question is answered yes)
     * @throws IllegalArgumentException for a malformed path (empty, or a question not at the end)
     */
    public boolean supports(String path) {
        Objects.requireNonNull(path, "path");
        List<String> steps = List.of(path.split("/", -1));
        if (steps.get(0).isEmpty()) {
            throw new IllegalArgumentException("schema path must start with a command or event name: '" + path + "'");
        }
        JsonObject top = entries.get(steps.get(0));
        if (top == null) {
            return false;
        }
        String meta = top.get("meta-type").getAsString();
        if (!meta.equals("command") && !meta.equals("event")) {
            return false;
        }
        return walk(top, steps, 1, path);
    }

    /**
     * Checks a command's arguments against the command's {@code arg-type} in this schema, as the
     * server's QAPI input visitor would, and returns the first problem found, if any. Typed calls
     * ({@link dev.qmp4j.core.typed.TypedCall}) run this before sending and fail with
     * {@link dev.qmp4j.core.QmpArgumentMismatchException} instead.
     *
     * <p>The JSON value is walked (so a recursive schema is no concern), and at each place:
     * <ul>
     *   <li>an object type takes only its members, and needs every member without {@code default};
     *       a flat union also takes the members of the variant its tag's value selects (and needs
     *       that variant's required members), and a tag value that is no case of the union is
     *       itself the problem;</li>
     *   <li>an array type checks each element against the element type;</li>
     *   <li>an alternate picks its branch by JSON type as QEMU does (an object for the object
     *       branch, a string for the string or enum branch, a number for the integer or number
     *       branch, a boolean, null, an array) and checks the value against that branch;</li>
     *   <li>an enum takes only its own values;</li>
     *   <li>a builtin takes only its JSON type ({@code int} only integers: {@code 1.0} is a number
     *       to QEMU), and {@code any} takes everything.</li>
     * </ul>
     * The schema does not give integer ranges, so they are not checked. {@code device_add} is the
     * one command whose arguments QEMU passes on unchecked ({@code 'gen': false} in its QAPI
     * schema: the device's own properties go beside {@code driver}, {@code bus} and {@code id}), so
     * its top level takes members besides the schema's. Problems of an object's own members come
     * before problems inside their values; values are checked in the order the object holds them.
     *
     * @param command a command this schema has (see {@link #hasCommand(String)})
     * @param arguments the {@code arguments} object, or null for none (checked as {@code {}})
     * @return the first problem, with a path in the syntax of {@link #supports(String)} such as
     *     {@code blockdev-add/arg-type/+file/aio}; empty when the arguments fit
     * @throws IllegalArgumentException when this schema has no such command
     */
    public Optional<ArgumentProblem> checkArguments(String command, JsonObject arguments) {
        Objects.requireNonNull(command, "command");
        JsonObject entry = entries.get(command);
        if (entry == null || !"command".equals(entry.get("meta-type").getAsString())) {
            throw new IllegalArgumentException("this schema has no command " + command);
        }
        if (!isString(entry.get("arg-type"))) {
            return Optional.empty(); // QEMU always names one; without it there is nothing to check against
        }
        return new ArgumentCheck(entries).check(entry.get("arg-type").getAsString(),
                arguments == null ? new JsonObject() : arguments, command + "/arg-type",
                command.equals(COMMAND_WITH_OPEN_ARGUMENTS));
    }

    private boolean walk(JsonObject current, List<String> steps, int index, String path) {
        if (index == steps.size()) {
            return true;
        }
        String meta = current.get("meta-type").getAsString();
        if (meta.equals("array")) {
            return enter(current.get("element-type").getAsString(), steps, index, path);
        }
        if (meta.equals("alternate")) {
            for (JsonElement m : array(current, "members")) {
                if (enter(m.getAsJsonObject().get("type").getAsString(), steps, index, path)) {
                    return true;
                }
            }
            return false;
        }
        String step = unescape(steps.get(index));
        if (step.startsWith("^") || step.startsWith("!") || step.startsWith("$")) {
            return answer(current, step, steps, index, path);
        }
        switch (meta) {
            case "command", "event":
                return (step.equals("arg-type") || step.equals("ret-type")) && isString(current.get(step))
                        && enter(current.get(step).getAsString(), steps, index + 1, path);
            case "object":
                return objectStep(current, step, steps, index, path);
            default:
                return false; // enums and builtins have no members to enter
        }
    }

    private boolean objectStep(JsonObject object, String step, List<String> steps, int index, String path) {
        if (step.startsWith("+")) {
            String caseName = step.substring(1);
            for (JsonElement v : array(object, "variants")) {
                JsonObject variant = v.getAsJsonObject();
                if (variant.get("case").getAsString().equals(caseName)) {
                    return enter(variant.get("type").getAsString(), steps, index + 1, path);
                }
            }
            return false;
        }
        boolean mustBeOptional = step.startsWith("*");
        String name = mustBeOptional ? step.substring(1) : step;
        for (JsonElement m : array(object, "members")) {
            JsonObject member = m.getAsJsonObject();
            if (member.get("name").getAsString().equals(name)) {
                return (!mustBeOptional || member.has("default"))
                        && enter(member.get("type").getAsString(), steps, index + 1, path);
            }
        }
        return false;
    }

    private boolean enter(String typeName, List<String> steps, int index, String path) {
        JsonObject type = entries.get(typeName);
        return type != null && walk(type, steps, index, path);
    }

    /** A question step: ^enum-value, !json-type or $feature; only an enum value may be followed (by a feature). */
    private boolean answer(JsonObject current, String step, List<String> steps, int index, String path) {
        String value = step.substring(1);
        boolean last = index == steps.size() - 1;
        switch (step.charAt(0)) {
            case '^': {
                if (!"enum".equals(current.get("meta-type").getAsString())) {
                    return false;
                }
                if (!last && !(index == steps.size() - 2 && unescape(steps.get(index + 1)).startsWith("$"))) {
                    throw new IllegalArgumentException("only a $feature may follow an enum value in '" + path + "'");
                }
                for (JsonElement m : array(current, "members")) {
                    JsonObject member = m.getAsJsonObject();
                    if (member.get("name").getAsString().equals(value)) {
                        return last || hasFeature(member, unescape(steps.get(index + 1)).substring(1));
                    }
                }
                return false;
            }
            case '!':
                requireLast(last, step, path);
                return "builtin".equals(current.get("meta-type").getAsString())
                        && value.equals(current.get("json-type").getAsString());
            default:
                requireLast(last, step, path);
                return hasFeature(current, value);
        }
    }

    private static void requireLast(boolean last, String step, String path) {
        if (!last) {
            throw new IllegalArgumentException("'" + step + "' must be the last step of '" + path + "'");
        }
    }

    private static boolean hasFeature(JsonObject entry, String feature) {
        for (JsonElement f : array(entry, "features")) {
            if (f.getAsString().equals(feature)) {
                return true;
            }
        }
        return false;
    }

    private static JsonArray array(JsonObject o, String member) {
        return o.get(member) instanceof JsonArray a ? a : new JsonArray();
    }

    /** libvirt writes a step whose name starts with a non-letter with one leading space. */
    private static String unescape(String step) {
        return step.startsWith(" ") ? step.substring(1) : step;
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static String kind(JsonElement e) {
        return e.isJsonObject() ? "an object" : e.isJsonNull() ? "null" : e.isJsonPrimitive() ? "a value" : "something else";
    }

    @Override
    public String toString() {
        return "QmpSchema[" + entries.size() + " entries, " + commands.size() + " commands, " + events.size() + " events]";
    }
}

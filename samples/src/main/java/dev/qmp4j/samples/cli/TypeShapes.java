package dev.qmp4j.samples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.schema.QmpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the masked type numbers of a {@code query-qmp-schema} into readable shapes:
 * {@code str}, {@code int}, {@code bool}, {@code number}, {@code any}, {@code null}, enums as
 * {@code {a|b|c}}, arrays as {@code [T]}, objects as {@code {member: T, optional?: T}}, unions as
 * their common members followed by {@code tag=case {members}} for each case that adds members
 * (on one line, at most {@value #MAX_INLINE_CASES} cases; a bigger union says
 * {@code more members by TAG}), and alternates as {@code A|B}.
 *
 * <p>Objects nested deeper than {@link #INLINE_DEPTH} levels inside one member's type are shown
 * as <code>{...}</code>; that also bounds recursive types (a block node's children are block nodes).
 */
public final class TypeShapes {
    /** How many levels of objects one member's type shows before abbreviating to <code>{...}</code>. */
    public static final int INLINE_DEPTH = 2;

    /** A union shown on one line lists the members of at most this many cases. */
    public static final int MAX_INLINE_CASES = 4;

    private final QmpSchema schema;

    /**
     * Shapes for the types of a schema.
     *
     * @param schema the server's schema
     */
    public TypeShapes(QmpSchema schema) {
        this.schema = schema;
    }

    /**
     * A type on one line.
     *
     * @param type the type's (masked) name, as in {@code arg-type} or a member's {@code type}
     * @return its shape, such as <code>{debug|paused|running}</code> or {@code [str]}
     */
    public String inline(String type) {
        return inline(type, INLINE_DEPTH);
    }

    /**
     * The members of an object type, one line each, with the members each union case adds under
     * {@code when TAG=CASE:} (cases that share their members are listed together).
     *
     * @param type the object type's (masked) name
     * @param indent what each line starts with
     * @return the lines; empty for a type without members
     */
    public List<String> members(String type, String indent) {
        List<String> lines = new ArrayList<>();
        JsonObject entry = entry(type).orElse(null);
        if (entry == null || !"object".equals(meta(entry))) {
            return lines;
        }
        for (JsonElement m : array(entry, "members")) {
            JsonObject member = m.getAsJsonObject();
            lines.add(indent + name(member) + ": " + inline(string(member, "type"), INLINE_DEPTH) + features(member));
        }
        for (Map.Entry<String, List<String>> variant : variantsByType(entry).entrySet()) {
            List<String> added = members(variant.getKey(), indent + "  ");
            String cases = string(entry, "tag") + "=" + String.join("|", variant.getValue());
            if (added.isEmpty()) {
                lines.add(indent + "when " + cases + ": nothing more");
            } else {
                lines.add(indent + "when " + cases + ":");
                lines.addAll(added);
            }
        }
        return lines;
    }

    /**
     * Whether a type is an object with no members and no variants, such as the arguments of a
     * command that takes none.
     *
     * @param type the type's (masked) name
     * @return true for an empty object
     */
    public boolean isEmptyObject(String type) {
        return entry(type).filter(e -> "object".equals(meta(e)) && array(e, "members").isEmpty()
                && array(e, "variants").isEmpty()).isPresent();
    }

    /**
     * Whether a type is an object with at least one member or variant.
     *
     * @param type the type's (masked) name
     * @return true for an object worth listing member by member
     */
    public boolean isObjectWithMembers(String type) {
        return entry(type).filter(e -> "object".equals(meta(e))).isPresent() && !isEmptyObject(type);
    }

    /**
     * The element type of an array type.
     *
     * @param type the type's (masked) name
     * @return the element type's name, or empty when it is no array
     */
    public Optional<String> elementType(String type) {
        return entry(type).filter(e -> "array".equals(meta(e))).map(e -> string(e, "element-type"));
    }

    /**
     * The features of a schema entry or member, as a suffix.
     *
     * @param entry the entry or member
     * @return such as {@code " [deprecated]"}, or empty text without features
     */
    public static String features(JsonObject entry) {
        JsonArray features = array(entry, "features");
        if (features.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        features.forEach(f -> names.add(f.getAsString()));
        return " [" + String.join(", ", names) + "]";
    }

    private String inline(String type, int depth) {
        JsonObject entry = entry(type).orElse(null);
        if (entry == null) {
            return type; // not in the schema: show the name as it is
        }
        switch (meta(entry)) {
            case "enum":
                return "{" + String.join("|", enumValues(entry)) + "}";
            case "array":
                return "[" + inline(string(entry, "element-type"), depth) + "]";
            case "alternate": {
                List<String> branches = new ArrayList<>();
                array(entry, "members").forEach(m -> branches.add(inline(string(m.getAsJsonObject(), "type"), depth)));
                return String.join("|", branches);
            }
            case "object":
                return depth == 0 ? "{...}" : object(entry, depth - 1);
            default:
                return type; // builtins are named for what they are: str, int, bool, number, any, null
        }
    }

    private String object(JsonObject entry, int depth) {
        List<String> parts = new ArrayList<>();
        for (JsonElement m : array(entry, "members")) {
            JsonObject member = m.getAsJsonObject();
            parts.add(name(member) + ": " + inline(string(member, "type"), depth));
        }
        String members = String.join(", ", parts);
        List<JsonObject> cases = new ArrayList<>();
        List<String> caseNames = new ArrayList<>();
        for (Map.Entry<String, List<String>> variant : variantsByType(entry).entrySet()) {
            JsonObject variantType = entry(variant.getKey()).orElse(null);
            if (variantType != null && !array(variantType, "members").isEmpty()) {
                cases.add(variantType);
                caseNames.add(string(entry, "tag") + "=" + String.join("|", variant.getValue()));
            }
        }
        if (cases.isEmpty()) {
            return "{" + members + "}";
        }
        if (depth == 0 || cases.size() > MAX_INLINE_CASES) {
            // A big union (a block node has ~40 drivers) would swamp the line: name where its other members come from.
            return "{" + members + "; more members by " + string(entry, "tag") + "}";
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            shown.add(caseNames.get(i) + " " + object(cases.get(i), depth - 1));
        }
        return "{" + members + "; " + String.join("; ", shown) + "}";
    }

    /** The union's cases grouped by the type they add, in the schema's order. */
    private static Map<String, List<String>> variantsByType(JsonObject entry) {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (JsonElement v : array(entry, "variants")) {
            JsonObject variant = v.getAsJsonObject();
            byType.computeIfAbsent(string(variant, "type"), t -> new ArrayList<>()).add(string(variant, "case"));
        }
        return byType;
    }

    private static List<String> enumValues(JsonObject entry) {
        List<String> values = new ArrayList<>();
        JsonArray source = entry.has("values") ? array(entry, "values") : array(entry, "members");
        for (JsonElement v : source) {
            values.add(v.isJsonObject() ? string(v.getAsJsonObject(), "name") : v.getAsString());
        }
        return values;
    }

    /** A member's name, with {@code ?} when it is optional (introspection gives optional members a default). */
    private static String name(JsonObject member) {
        return string(member, "name") + (member.has("default") ? "?" : "");
    }

    private Optional<JsonObject> entry(String name) {
        return schema.entry(name);
    }

    private static String meta(JsonObject entry) {
        return string(entry, "meta-type");
    }

    private static String string(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private static JsonArray array(JsonObject o, String member) {
        return o.get(member) instanceof JsonArray a ? a : new JsonArray();
    }
}

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
 * Turns the masked type numbers of a {@code query-qmp-schema} into readable shapes on one line:
 * {@code str}, {@code int}, {@code bool}, {@code number}, {@code any}, {@code null}, enums as
 * {@code {a|b|c}}, arrays as {@code [T]}, objects as {@code {member: T, optional?: T}}, unions as
 * their common members followed by {@code tag=case {members}} for each case that adds members
 * (at most {@value #MAX_INLINE_CASES} cases; a bigger union says {@code more members by TAG}),
 * and alternates as {@code A|B}.
 *
 * <p>Each enum and object is shown in full once: a type the answer already showed (see
 * {@link ShownTypes}) is written {@code <label>}, the member path where it was shown. Objects
 * nested deeper than {@link #INLINE_DEPTH} levels inside one member's type are shown as
 * <code>{...}</code>. {@link SchemaLines} lays the shapes out in lines.
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
     * A type on one line, recording in {@code shown} the enums and objects it shows in full.
     *
     * @param type the type's (masked) name, as in {@code arg-type} or a member's {@code type}
     * @param place where the type stands, which labels what it shows
     * @param shown the types shown so far; types shown here are added
     * @return its shape, such as <code>{debug|paused|running}</code>, {@code [str]} or {@code <driver>}
     */
    String inline(String type, ShownTypes.Place place, ShownTypes shown) {
        return inline(type, place, shown, INLINE_DEPTH);
    }

    private String inline(String type, ShownTypes.Place place, ShownTypes shown, int depth) {
        JsonObject entry = entry(type).orElse(null);
        if (entry == null) {
            return type; // not in the schema: show the name as it is
        }
        String meta = meta(entry);
        if ((meta.equals("enum") || meta.equals("object") && isObjectWithMembers(type)) && shown.label(type).isPresent()) {
            return "<" + shown.label(type).orElseThrow() + ">";
        }
        switch (meta) {
            case "enum":
                shown.show(type, place);
                return "{" + String.join("|", enumValues(entry)) + "}";
            case "array":
                return "[" + inline(string(entry, "element-type"), place, shown, depth) + "]";
            case "alternate": {
                List<String> branches = new ArrayList<>();
                array(entry, "members").forEach(m -> branches.add(inline(string(m.getAsJsonObject(), "type"), place,
                        shown, depth)));
                return String.join("|", branches);
            }
            case "object":
                return depth == 0 ? "{...}" : object(type, entry, place, shown, depth - 1);
            default:
                return type; // builtins are named for what they are: str, int, bool, number, any, null
        }
    }

    private String object(String type, JsonObject entry, ShownTypes.Place place, ShownTypes shown, int depth) {
        List<JsonObject> cases = new ArrayList<>();
        List<String> caseNames = new ArrayList<>();
        for (Map.Entry<String, List<String>> variant : variantsByType(entry).entrySet()) {
            JsonObject variantType = entry(variant.getKey()).orElse(null);
            if (variantType != null && !array(variantType, "members").isEmpty()) {
                cases.add(variantType);
                caseNames.add(string(entry, "tag") + "=" + String.join("|", variant.getValue()));
            }
        }
        boolean whole = cases.isEmpty() || depth > 0 && cases.size() <= MAX_INLINE_CASES;
        if (whole && isObjectWithMembers(type)) {
            shown.show(type, place); // before its members: a member of its own type refers back to it
        }
        String members = String.join(", ", memberShapes(entry, place, shown, depth));
        if (cases.isEmpty()) {
            return "{" + members + "}";
        }
        if (!whole) {
            // A big union (a block node has ~40 drivers) would swamp the line: name where its other members come from.
            return "{" + members + "; more members by " + string(entry, "tag") + "}";
        }
        List<String> shownCases = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            shownCases.add(caseNames.get(i) + " {" + String.join(", ", memberShapes(cases.get(i), place.under(caseNames.get(i)), shown, depth - 1))
                    + "}");
        }
        return "{" + members + "; " + String.join("; ", shownCases) + "}";
    }

    private List<String> memberShapes(JsonObject object, ShownTypes.Place place, ShownTypes shown, int depth) {
        List<String> parts = new ArrayList<>();
        for (JsonElement m : array(object, "members")) {
            JsonObject member = m.getAsJsonObject();
            parts.add(name(member) + ": " + inline(string(member, "type"), place.member(string(member, "name")), shown,
                    depth));
        }
        return parts;
    }

    /**
     * The members of an object type, as schema entries.
     *
     * @param type the object type's (masked) name
     * @return its members ({@code name}, {@code type}, {@code default} when optional, {@code features})
     */
    List<JsonObject> members(String type) {
        List<JsonObject> members = new ArrayList<>();
        entry(type).filter(e -> "object".equals(meta(e)))
                .ifPresent(e -> array(e, "members").forEach(m -> members.add(m.getAsJsonObject())));
        return members;
    }

    /**
     * The cases of a union, grouped by the type each adds, in the schema's order.
     *
     * @param type the object type's (masked) name
     * @return the variant type to the cases that select it; empty for an object that is no union
     */
    Map<String, List<String>> variants(String type) {
        return entry(type).map(TypeShapes::variantsByType).orElse(Map.of());
    }

    /**
     * The member that selects a union's case.
     *
     * @param type the union's (masked) name
     * @return the tag member's name, or empty text
     */
    String tag(String type) {
        return entry(type).map(e -> string(e, "tag")).orElse("");
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
     * The branches of an alternate type.
     *
     * @param type the type's (masked) name
     * @return the branch types, in order; empty when it is no alternate
     */
    List<String> branches(String type) {
        List<String> branches = new ArrayList<>();
        entry(type).filter(e -> "alternate".equals(meta(e)))
                .ifPresent(e -> array(e, "members").forEach(m -> branches.add(string(m.getAsJsonObject(), "type"))));
        return branches;
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

    /** A member's name, with {@code ?} when it is optional (introspection gives optional members a default). */
    static String name(JsonObject member) {
        return string(member, "name") + (member.has("default") ? "?" : "");
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

    private Optional<JsonObject> entry(String name) {
        return schema.entry(name);
    }

    private static String meta(JsonObject entry) {
        return string(entry, "meta-type");
    }

    static String string(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private static JsonArray array(JsonObject o, String member) {
        return o.get(member) instanceof JsonArray a ? a : new JsonArray();
    }
}

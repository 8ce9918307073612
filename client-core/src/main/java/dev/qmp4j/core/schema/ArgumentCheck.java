package dev.qmp4j.core.schema;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.schema.ArgumentProblem.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a type of a {@code query-qmp-schema}, as QEMU's QAPI input visitor
 * would judge it, and reports the first problem.
 *
 * <p>It walks the value, not the schema: schemas are recursive (a type may contain itself) but a
 * value is finite, so following the value always ends. The walk keeps its own stack, so a deeply
 * nested value cannot overflow the thread's. Problems of an object's own members (an unknown
 * member, a missing required one) are found before problems inside the members' values; values are
 * checked in the order the object holds them.
 */
final class ArgumentCheck {
    /** How QEMU's JSON lexer tells an integer from a number with a fraction or exponent. */
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    /** At most this many enum values are quoted in a problem's detail. */
    private static final int MAX_VALUES_QUOTED = 16;

    private final Map<String, JsonObject> entries;

    /** One value still to check against one type, at a path. */
    private record Pending(String typeName, JsonElement value, Path path, boolean openObject) {
    }

    /** A member an object accepts, with the path of the object or variant that has it. */
    private record Member(String name, String typeName, Path prefix, boolean required) {
        Path path() {
            return prefix.member(name);
        }
    }

    /**
     * A schema path, one step at a time, sharing its parent's steps: a deep value costs one node
     * per level, and the text is only put together for the problem reported.
     */
    private record Path(Path parent, String step) {
        /**
         * A member's step. As in {@link QmpSchema#supports(String)}, a name that does not start
         * with a letter is written with one leading space.
         */
        Path member(String name) {
            boolean letter = !name.isEmpty() && Character.isLetter(name.charAt(0));
            return new Path(this, letter ? name : " " + name);
        }

        Path variant(String caseName) {
            return new Path(this, "+" + caseName);
        }

        @Override
        public String toString() {
            Deque<String> steps = new ArrayDeque<>();
            for (Path p = this; p != null; p = p.parent()) {
                steps.push(p.step());
            }
            return String.join("/", steps);
        }
    }

    ArgumentCheck(Map<String, JsonObject> entries) {
        this.entries = entries;
    }

    /**
     * The first problem of {@code value} against the type {@code typeName}.
     *
     * @param typeName the type's name in the schema (a masked number, or a builtin's name)
     * @param value the value to check
     * @param path the path of the value, such as {@code blockdev-add/arg-type}
     * @param openObject when true and the type is an object, members besides the schema's are
     *     accepted at the top level (QEMU's {@code device_add} passes them on to the device)
     */
    Optional<ArgumentProblem> check(String typeName, JsonElement value, String path, boolean openObject) {
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(typeName, value, new Path(null, path), openObject));
        while (!stack.isEmpty()) {
            Optional<ArgumentProblem> problem = visit(stack.pop(), stack);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** Checks one value at its own level, pushing its parts (members, elements) for later. */
    private Optional<ArgumentProblem> visit(Pending pending, Deque<Pending> stack) {
        JsonObject type = entries.get(pending.typeName());
        if (type == null) {
            return Optional.empty(); // the schema does not describe it: nothing to hold the value against
        }
        JsonElement value = pending.value();
        switch (type.get("meta-type").getAsString()) {
            case "object":
                return value.isJsonObject()
                        ? object(type, value.getAsJsonObject(), pending.path(), pending.openObject(), stack)
                        : wrongType(pending.path(), value, "an object");
            case "array":
                if (!value.isJsonArray()) {
                    return wrongType(pending.path(), value, "an array");
                }
                JsonArray elements = value.getAsJsonArray();
                for (int i = elements.size() - 1; i >= 0; i--) {
                    stack.push(new Pending(string(type, "element-type"), elements.get(i), pending.path(), false));
                }
                return Optional.empty();
            case "alternate":
                return alternate(type, value, pending.path(), stack);
            case "enum":
                return enumValue(type, value, pending.path());
            case "builtin":
                return builtin(type, value, pending.path());
            default:
                return Optional.empty();
        }
    }

    /**
     * An object, or a flat union: its base members, then for each tag the members of the variant
     * the tag's value selects (a variant may itself be a union), every key known, every required
     * member present.
     */
    private Optional<ArgumentProblem> object(JsonObject type, JsonObject value, Path path, boolean open,
            Deque<Pending> stack) {
        Map<String, Member> known = new LinkedHashMap<>();
        JsonObject current = type;
        Path prefix = path;
        // a variant is a different type in QEMU; a schema whose variant leads back must still end
        Set<JsonObject> entered = Collections.newSetFromMap(new IdentityHashMap<>());
        while (current != null && entered.add(current)) {
            for (JsonElement m : array(current, "members")) {
                JsonObject member = m.getAsJsonObject();
                String name = string(member, "name");
                known.putIfAbsent(name, new Member(name, string(member, "type"), prefix, !member.has("default")));
            }
            String tag = string(current, "tag");
            Member tagMember = tag == null ? null : known.get(tag);
            if (tagMember == null) {
                break;
            }
            JsonElement tagValue = value.get(tag);
            if (tagValue == null) {
                return missing(tagMember.path());
            }
            Optional<ArgumentProblem> badTag = tagValue(tagMember, tagValue);
            if (badTag.isPresent()) {
                return badTag;
            }
            JsonObject variant = variant(current, tagValue.getAsString());
            if (variant == null) {
                return problem(Reason.UNKNOWN_ENUM_VALUE, tagMember.path(),
                        "has the value " + quote(tagValue.getAsString()) + ", which is not a case of this QEMU's union: "
                                + quoted(cases(current)));
            }
            prefix = prefix.variant(string(variant, "case"));
            current = entries.get(string(variant, "type"));
        }
        if (!open) {
            for (String key : value.keySet()) {
                if (!known.containsKey(key)) {
                    return problem(Reason.UNKNOWN_MEMBER, prefix.member(key), "is not in this QEMU's schema");
                }
            }
        }
        for (Member member : known.values()) {
            if (member.required() && !value.has(member.name())) {
                return missing(member.path());
            }
        }
        List<Map.Entry<String, JsonElement>> members = new ArrayList<>(value.entrySet());
        for (int i = members.size() - 1; i >= 0; i--) {
            Member member = known.get(members.get(i).getKey());
            if (member != null) {
                stack.push(new Pending(member.typeName(), members.get(i).getValue(), member.path(), false));
            }
        }
        return Optional.empty();
    }

    /** A tag's value must be a string its enum has (a tag is always an enum in QAPI). */
    private Optional<ArgumentProblem> tagValue(Member tagMember, JsonElement tagValue) {
        JsonObject tagType = entries.get(tagMember.typeName());
        if (tagType != null && "enum".equals(string(tagType, "meta-type"))) {
            return enumValue(tagType, tagValue, tagMember.path());
        }
        return isString(tagValue) ? Optional.empty() : wrongType(tagMember.path(), tagValue, "a string");
    }

    private static JsonObject variant(JsonObject union, String caseName) {
        for (JsonElement v : array(union, "variants")) {
            if (caseName.equals(string(v.getAsJsonObject(), "case"))) {
                return v.getAsJsonObject();
            }
        }
        return null;
    }

    private static List<String> cases(JsonObject union) {
        List<String> cases = new ArrayList<>();
        for (JsonElement v : array(union, "variants")) {
            cases.add(string(v.getAsJsonObject(), "case"));
        }
        return cases;
    }

    /**
     * An alternate: the branch is chosen by the value's JSON type, as QEMU's visitor does (an
     * object for the object branch, a string for the string or enum branch, a number for the
     * integer or number branch, and so on), then the value is checked against that branch.
     */
    private Optional<ArgumentProblem> alternate(JsonObject type, JsonElement value, Path path,
            Deque<Pending> stack) {
        List<String> expected = new ArrayList<>();
        String chosen = null;
        for (JsonElement m : array(type, "members")) {
            String branchName = string(m.getAsJsonObject(), "type");
            JsonObject branch = entries.get(branchName);
            if (branch == null) {
                continue;
            }
            String accepts = accepts(branch);
            expected.add(accepts);
            // a JSON number goes to a "number" branch when there is one, else to an integer branch
            if (accepts.equals(kind(value)) || (value instanceof JsonPrimitive p && p.isNumber()
                    && accepts.equals("an integer") && chosen == null)) {
                chosen = branchName;
            }
        }
        if (chosen == null) {
            return wrongType(path, value, String.join(" or ", expected));
        }
        stack.push(new Pending(chosen, value, path, false));
        return Optional.empty();
    }

    /** What JSON an alternate's branch takes, in the words {@link #kind} uses. */
    private static String accepts(JsonObject branch) {
        switch (string(branch, "meta-type")) {
            case "object":
                return "an object";
            case "array":
                return "an array";
            case "enum":
                return "a string";
            default:
                return jsonTypeWords(string(branch, "json-type"));
        }
    }

    private Optional<ArgumentProblem> enumValue(JsonObject type, JsonElement value, Path path) {
        if (!isString(value)) {
            return wrongType(path, value, "a string");
        }
        List<String> values = enumValues(type);
        String text = value.getAsString();
        if (values.contains(text)) {
            return Optional.empty();
        }
        return problem(Reason.UNKNOWN_ENUM_VALUE, path,
                "has the value " + quote(text) + ", which is not one of this QEMU's: " + quoted(values));
    }

    /** An enum's values: {@code values} in every QEMU; {@code members} (with features) since 6.2. */
    private static List<String> enumValues(JsonObject type) {
        List<String> values = new ArrayList<>();
        if (type.get("values") instanceof JsonArray a) {
            a.forEach(v -> values.add(v.getAsString()));
        } else {
            array(type, "members").forEach(m -> values.add(string(m.getAsJsonObject(), "name")));
        }
        return values;
    }

    private static Optional<ArgumentProblem> builtin(JsonObject type, JsonElement value, Path path) {
        String jsonType = string(type, "json-type");
        boolean fits;
        switch (jsonType == null ? "value" : jsonType) {
            case "string":
                fits = isString(value);
                break;
            case "int":
                if (value instanceof JsonPrimitive p && p.isNumber() && !INTEGER.matcher(p.getAsString()).matches()) {
                    return problem(Reason.WRONG_JSON_TYPE, path,
                            "is the number " + p.getAsString() + " where this QEMU expects an integer");
                }
                fits = value instanceof JsonPrimitive p && p.isNumber();
                break;
            case "number":
                fits = value instanceof JsonPrimitive p && p.isNumber();
                break;
            case "boolean":
                fits = value instanceof JsonPrimitive p && p.isBoolean();
                break;
            case "null":
                fits = value.isJsonNull();
                break;
            default:
                fits = true; // "value" (the builtin any) takes everything, as does a JSON type QEMU may add
        }
        return fits ? Optional.empty() : wrongType(path, value, jsonTypeWords(jsonType));
    }

    private static String jsonTypeWords(String jsonType) {
        switch (jsonType == null ? "value" : jsonType) {
            case "string":
                return "a string";
            case "int":
                return "an integer";
            case "number":
                return "a number";
            case "boolean":
                return "a boolean";
            case "null":
                return "null";
            default:
                return "any value";
        }
    }

    private static Optional<ArgumentProblem> wrongType(Path path, JsonElement value, String expected) {
        return problem(Reason.WRONG_JSON_TYPE, path, "is " + kind(value) + " where this QEMU expects " + expected);
    }

    private static Optional<ArgumentProblem> missing(Path path) {
        return problem(Reason.MISSING_REQUIRED_MEMBER, path, "is required by this QEMU and missing");
    }

    private static Optional<ArgumentProblem> problem(Reason reason, Path path, String detail) {
        return Optional.of(new ArgumentProblem(reason, path.toString(), detail));
    }

    private static String kind(JsonElement value) {
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        if (value.isJsonNull()) {
            return "null";
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isBoolean() ? "a boolean" : "a number";
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }

    private static String quoted(List<String> values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size() && i < MAX_VALUES_QUOTED; i++) {
            text.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        if (values.size() > MAX_VALUES_QUOTED) {
            text.append(", ... (").append(values.size()).append(" in all)");
        }
        return values.isEmpty() ? "none" : text.toString();
    }

    private static JsonArray array(JsonObject o, String member) {
        return o.get(member) instanceof JsonArray a ? a : new JsonArray();
    }

    private static String string(JsonObject o, String member) {
        return isString(o.get(member)) ? o.get(member).getAsString() : null;
    }

    private static boolean isString(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString();
    }
}

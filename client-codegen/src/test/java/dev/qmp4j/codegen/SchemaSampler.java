package dev.qmp4j.codegen;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.codegen.Schema.AlternateType;
import dev.qmp4j.codegen.Schema.ArrayType;
import dev.qmp4j.codegen.Schema.Builtin;
import dev.qmp4j.codegen.Schema.EnumType;
import dev.qmp4j.codegen.Schema.Member;
import dev.qmp4j.codegen.Schema.ObjectType;
import dev.qmp4j.codegen.Schema.Type;
import dev.qmp4j.codegen.Schema.Variant;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * JSON values of a capture's types, as a QEMU of that version could send them: in
 * {@link Mode#FULL} with every member, in {@link Mode#REQUIRED} with only the members that have
 * no {@code default}. Choices (enumeration values, union cases, alternate branches) rotate,
 * unused ones first, and steer towards choices not yet used: the samples of one root use every
 * union case and alternate branch reachable from it, and all samples together every enumeration
 * value they reach. Deterministic: the same calls give the same samples.
 */
final class SchemaSampler {
    /** Which members a sample has. */
    enum Mode {
        /** Every member, optional ones too (down to {@link #CUTOFF_DEPTH}). */
        FULL,
        /** Only the members without a {@code default}. */
        REQUIRED
    }

    /** From this depth on, optional members are left out and alternates take a scalar branch. */
    static final int CUTOFF_DEPTH = 6;
    /** Values nested deeper than this fail: the schema would recurse through required members. */
    static final int MAX_DEPTH = 32;
    /** At most this many samples per root. */
    static final int MAX_SAMPLES = 200;
    /** Sampling a root stops after this many samples in a row that used no new choice. */
    private static final int IDLE_SAMPLES = 3;
    /** Arrays above this depth have two elements in FULL mode. */
    private static final int TWO_ELEMENT_DEPTH = 2;
    /** An unsigned 64-bit size that fits no {@code long}. */
    static final BigInteger LARGE = new BigInteger("18446744073709551615");
    private static final BigInteger[] INTS = {BigInteger.ZERO, BigInteger.ONE, LARGE};

    private final Schema schema;
    private final Mode mode;
    /** Per choice (a type name), the option to start from next time. */
    private final Map<String, Integer> next = new HashMap<>();
    /** Per union or alternate, the options used by the current root's samples. */
    private final Map<String, BitSet> usedInRoot = new HashMap<>();
    /** Per choice, the options used by any sample. */
    private final Map<String, BitSet> usedEver = new HashMap<>();
    /** Per type, the choices reachable from it in this mode (itself included). */
    private final Map<String, List<String>> reach = new HashMap<>();
    private final Deque<String> path = new ArrayDeque<>();
    private final List<String> incomplete = new ArrayList<>();
    private int ints;
    private boolean progress;
    private int roots;
    private int samples;

    SchemaSampler(Schema schema, Mode mode) {
        this.schema = schema;
        this.mode = mode;
    }

    /**
     * The samples of a root type (a command's result, an event's data): as many as it takes to
     * use every union case and alternate branch reachable from it, and the enumeration values
     * no earlier sample used, within {@link #MAX_SAMPLES}.
     *
     * @throws IllegalStateException when required members nest deeper than {@link #MAX_DEPTH}
     */
    List<JsonElement> samples(String typeName) {
        usedInRoot.clear();
        List<JsonElement> out = new ArrayList<>();
        int idle = 0;
        while (out.size() < MAX_SAMPLES && idle < IDLE_SAMPLES) {
            progress = false;
            JsonElement sample = sample(typeName);
            if (progress || out.isEmpty()) {
                out.add(sample);
                idle = 0;
            } else {
                idle++;
            }
        }
        usedInRoot.forEach((choice, used) -> {
            int options = options(schema.type(choice));
            if (used.cardinality() < options) {
                incomplete.add(typeName + ": " + choice + " " + used.cardinality() + "/" + options);
            }
        });
        roots++;
        samples += out.size();
        return out;
    }

    /** One sample of a type; successive calls rotate the choices. */
    JsonElement sample(String typeName) {
        path.clear();
        return value(typeName, 0);
    }

    private JsonElement value(String typeName, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("values nest deeper than " + MAX_DEPTH + " levels at " + path()
                    + " (type " + typeName + "): the schema recurses through required members");
        }
        Type type = schema.type(typeName);
        if (type instanceof Builtin b) {
            return builtin(b);
        }
        if (type instanceof EnumType e) {
            int i = choose(e.name(), List.of(), false, null);
            return new JsonPrimitive(e.values().get(i).name());
        }
        if (type instanceof ArrayType a) {
            JsonArray array = new JsonArray();
            int size = mode == Mode.FULL && depth < TWO_ELEMENT_DEPTH ? 2 : 1;
            for (int i = 0; i < size; i++) {
                path.addLast("[" + i + "]");
                array.add(value(a.elementType(), depth + 1));
                path.removeLast();
            }
            return array;
        }
        if (type instanceof AlternateType a) {
            List<Integer> allowed = depth >= CUTOFF_DEPTH ? scalarBranches(a) : List.of();
            int i = choose(a.name(), allowed, true, a.memberTypes()::get);
            return value(a.memberTypes().get(i), depth);
        }
        JsonObject object = new JsonObject();
        fill(object, (ObjectType) type, depth);
        return object;
    }

    private JsonElement builtin(Builtin b) {
        return switch (b.name()) {
            case "str" -> new JsonPrimitive("text");
            case "int" -> new JsonPrimitive(INTS[ints++ % INTS.length]);
            case "number" -> new JsonPrimitive(1.5);
            case "bool" -> new JsonPrimitive(true);
            case "null" -> JsonNull.INSTANCE;
            case "any" -> {
                JsonObject any = new JsonObject();
                any.addProperty("key", "value");
                any.addProperty("n", 1);
                yield any;
            }
            default -> throw new IllegalArgumentException("unknown builtin type " + b.name());
        };
    }

    /** Adds the object's members, and for a union its tag and the chosen case's members. */
    private void fill(JsonObject object, ObjectType o, int depth) {
        Variant variant = null;
        if (o.isUnion()) {
            int i = choose(o.name(), List.of(), true, k -> o.variants().get(k).type());
            variant = o.variants().get(i);
            markUsed((EnumType) schema.type(o.tagMember().type()), variant.caseName());
        }
        for (Member m : o.members()) {
            if (variant != null && m.name().equals(o.tag().orElseThrow())) {
                object.addProperty(m.name(), variant.caseName());
            } else if (!m.optional() || mode == Mode.FULL && depth < CUTOFF_DEPTH) {
                path.addLast("." + m.name());
                object.add(m.name(), value(m.type(), depth + 1));
                path.removeLast();
            }
        }
        if (variant != null) {
            fill(object, (ObjectType) schema.type(variant.type()), depth);
        }
    }

    private List<Integer> scalarBranches(AlternateType a) {
        List<Integer> scalar = new ArrayList<>();
        for (int i = 0; i < a.memberTypes().size(); i++) {
            Type branch = schema.type(a.memberTypes().get(i));
            if (branch instanceof Builtin || branch instanceof EnumType) {
                scalar.add(i);
            }
        }
        return scalar;
    }

    /**
     * Picks an option of a choice, among {@code allowed} (all when empty), in rotation order:
     * the first not used yet (by this root's samples for unions and alternates, by any sample for
     * enumerations), else the first whose type leads to a choice with unused options, else the
     * next in turn.
     */
    private int choose(String choice, List<Integer> allowed, boolean perRoot, IntFunction<String> optionType) {
        int options = options(schema.type(choice));
        BitSet scope = (perRoot ? usedInRoot : usedEver).computeIfAbsent(choice, k -> new BitSet());
        int start = next.getOrDefault(choice, 0);
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < options; k++) {
            int i = (start + k) % options;
            if (allowed.isEmpty() || allowed.contains(i)) {
                order.add(i);
            }
        }
        int chosen = order.stream().filter(i -> !scope.get(i)).findFirst()
                .or(() -> optionType == null ? Optional.empty()
                        : order.stream().filter(i -> leadsToUnused(optionType.apply(i))).findFirst())
                .orElse(order.get(0));
        next.put(choice, (chosen + 1) % options);
        progress |= !scope.get(chosen);
        scope.set(chosen);
        usedEver.computeIfAbsent(choice, k -> new BitSet()).set(chosen);
        return chosen;
    }

    private void markUsed(EnumType e, String value) {
        for (int i = 0; i < e.values().size(); i++) {
            if (e.values().get(i).name().equals(value)) {
                usedEver.computeIfAbsent(e.name(), k -> new BitSet()).set(i);
            }
        }
    }

    private boolean leadsToUnused(String typeName) {
        for (String choice : reach(typeName)) {
            Map<String, BitSet> scope = schema.type(choice) instanceof EnumType ? usedEver : usedInRoot;
            BitSet used = scope.get(choice);
            if (used == null || used.cardinality() < options(schema.type(choice))) {
                return true;
            }
        }
        return false;
    }

    /** The choices reachable from a type through the members this mode samples. */
    private List<String> reach(String typeName) {
        List<String> known = reach.get(typeName);
        if (known != null) {
            return known;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(typeName));
        List<String> choices = new ArrayList<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            Type type = schema.type(name);
            if (options(type) > 0) {
                choices.add(name);
            }
            if (type instanceof ArrayType a) {
                todo.push(a.elementType());
            } else if (type instanceof AlternateType a) {
                a.memberTypes().forEach(todo::push);
            } else if (type instanceof ObjectType o) {
                o.members().stream().filter(m -> !m.optional() || mode == Mode.FULL).forEach(m -> todo.push(m.type()));
                o.variants().forEach(v -> todo.push(v.type()));
            }
        }
        List<String> result = List.copyOf(choices);
        reach.put(typeName, result);
        return result;
    }

    /** The options of a choice: enumeration values, union cases or alternate branches; else 0. */
    private static int options(Type type) {
        if (type instanceof EnumType e) {
            return e.values().size();
        }
        if (type instanceof ObjectType o) {
            return o.variants().size();
        }
        return type instanceof AlternateType a ? a.memberTypes().size() : 0;
    }

    private String path() {
        return "$" + String.join("", path);
    }

    /** What the samples so far used. */
    Coverage coverage() {
        int[] unions = new int[3];
        int[] alternates = new int[3];
        int[] enums = new int[3];
        usedEver.forEach((choice, used) -> {
            Type type = schema.type(choice);
            int[] counts = type instanceof EnumType ? enums : type instanceof AlternateType ? alternates : unions;
            counts[0]++;
            counts[1] += used.cardinality();
            counts[2] += options(type);
        });
        return new Coverage(roots, samples, unions[0], unions[1], unions[2], alternates[0], alternates[1],
                alternates[2], enums[0], enums[1], enums[2], List.copyOf(incomplete));
    }

    /**
     * What the samples used: of the unions (alternates, enumerations) they reached, how many
     * cases (branches, values) they used of how many there are.
     *
     * @param incomplete per root, the unions and alternates reachable from it whose samples left
     *     options unused, as {@code root: type used/options}
     */
    record Coverage(int roots, int samples, int unions, int unionCasesUsed, int unionCases, int alternates,
            int branchesUsed, int branches, int enums, int enumValuesUsed, int enumValues, List<String> incomplete) {
        @Override
        public String toString() {
            return roots + " roots, " + samples + " samples; union cases " + unionCasesUsed + "/" + unionCases
                    + " of " + unions + " unions, alternate branches " + branchesUsed + "/" + branches + " of "
                    + alternates + " alternates, enumeration values " + enumValuesUsed + "/" + enumValues + " of "
                    + enums + " enumerations; " + incomplete.size() + " incomplete " + incomplete;
        }
    }
}

package dev.qmp4j.codegen;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A captured {@code query-qmp-schema}: the QEMU version it came from and its entries, parsed into
 * types, commands and events. Type names are QEMU's masked numbers (not ABI); command, event,
 * member, case and enumeration value names are ABI.
 */
final class Schema {
    /** Feature that QEMU's {@code -compat deprecated-output=hide} hides and {@code deprecated-input=reject} refuses. */
    static final String DEPRECATED = "deprecated";
    /** Feature of experimental interfaces. */
    static final String UNSTABLE = "unstable";

    private final List<String> versions;
    private final Map<String, Type> types;
    private final List<Command> commands;
    private final List<Event> events;

    Schema(List<String> versions, Map<String, Type> types, List<Command> commands, List<Event> events) {
        this.versions = List.copyOf(versions);
        this.types = types;
        this.commands = commands;
        this.events = events;
    }

    /** Something some captured versions have: a command, event, member, enumeration value or union case. */
    interface Versioned {
        /** The captured QEMU versions that have it, oldest first. */
        List<String> versions();
    }

    /** A type of the schema. */
    sealed interface Type permits Builtin, EnumType, ArrayType, ObjectType, AlternateType {
        /** The masked name, such as {@code 262}, or a builtin's name such as {@code str}. */
        String name();
    }

    /** {@code str}, {@code int}, {@code bool}, {@code number}, {@code any} or {@code null}. */
    record Builtin(String name, String jsonType) implements Type {
    }

    /**
     * An enumeration value.
     *
     * @param versions the captured QEMU versions that have it, oldest first
     */
    record EnumValue(String name, List<String> features, List<String> versions) implements Versioned {
    }

    /** An enumeration. */
    record EnumType(String name, List<EnumValue> values) implements Type {
    }

    /** An array, such as {@code [262]}. */
    record ArrayType(String name, String elementType) implements Type {
    }

    /**
     * A member of an object; optional when its schema entry has a {@code default} key (in a merged
     * schema: when any captured version lacks it or has it optional).
     *
     * @param versions the captured QEMU versions that have it, oldest first
     */
    record Member(String name, String type, boolean optional, List<String> features, List<String> versions)
            implements Versioned {
        boolean deprecated() {
            return features.contains(DEPRECATED);
        }

        boolean unstable() {
            return features.contains(UNSTABLE);
        }
    }

    /**
     * A case of a flat union: the tag value and the type of the members it adds.
     *
     * @param versions the captured QEMU versions that have it, oldest first
     */
    record Variant(String caseName, String type, List<String> versions) implements Versioned {
    }

    /** An object (struct), or a flat union when it has a tag. */
    record ObjectType(String name, List<Member> members, Optional<String> tag, List<Variant> variants)
            implements Type {
        boolean isUnion() {
            return tag.isPresent();
        }

        boolean isEmpty() {
            return members.isEmpty() && variants.isEmpty();
        }

        Member tagMember() {
            return members.stream().filter(m -> m.name().equals(tag.orElseThrow())).findFirst().orElseThrow();
        }
    }

    /** An alternate: one of several types, told apart by JSON kind. */
    record AlternateType(String name, List<String> memberTypes) implements Type {
    }

    /**
     * A command.
     *
     * @param versions the captured QEMU versions that have it, oldest first
     */
    record Command(String name, String argType, String retType, boolean allowOob, List<String> features,
            List<String> versions) implements Versioned {
        boolean deprecated() {
            return features.contains(DEPRECATED);
        }

        boolean unstable() {
            return features.contains(UNSTABLE);
        }
    }

    /**
     * An event.
     *
     * @param versions the captured QEMU versions that have it, oldest first
     */
    record Event(String name, String argType, List<String> features, List<String> versions) implements Versioned {
        boolean deprecated() {
            return features.contains(DEPRECATED);
        }

        boolean unstable() {
            return features.contains(UNSTABLE);
        }
    }

    /**
     * Parses a capture as written by {@link SchemaCapture}:
     * {@code {"version": {query-version}, "schema": [entries]}}.
     *
     * @throws IllegalArgumentException when the capture is malformed, or lost its optional
     *     members (a JSON writer that drops nulls loses every {@code "default": null})
     */
    static Schema parse(JsonObject capture) {
        JsonObject qemu = capture.getAsJsonObject("version").getAsJsonObject("qemu");
        String version = qemu.get("major").getAsInt() + "." + qemu.get("minor").getAsInt() + "."
                + qemu.get("micro").getAsInt();
        List<String> only = List.of(version);
        Map<String, Type> types = new LinkedHashMap<>();
        List<Command> commands = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        int memberCount = 0;
        int optionalCount = 0;
        for (JsonElement element : capture.getAsJsonArray("schema")) {
            JsonObject entry = element.getAsJsonObject();
            String name = entry.get("name").getAsString();
            String metaType = entry.get("meta-type").getAsString();
            switch (metaType) {
                case "builtin" -> types.put(name, new Builtin(name, entry.get("json-type").getAsString()));
                case "enum" -> {
                    List<EnumValue> values = new ArrayList<>();
                    if (entry.has("members")) {
                        for (JsonElement m : entry.getAsJsonArray("members")) {
                            values.add(new EnumValue(m.getAsJsonObject().get("name").getAsString(),
                                    features(m.getAsJsonObject()), only));
                        }
                    } else {
                        for (JsonElement v : entry.getAsJsonArray("values")) {
                            values.add(new EnumValue(v.getAsString(), List.of(), only));
                        }
                    }
                    types.put(name, new EnumType(name, List.copyOf(values)));
                }
                case "array" -> types.put(name, new ArrayType(name, entry.get("element-type").getAsString()));
                case "object" -> {
                    List<Member> members = new ArrayList<>();
                    for (JsonElement m : entry.getAsJsonArray("members")) {
                        JsonObject member = m.getAsJsonObject();
                        boolean optional = member.has("default");
                        members.add(new Member(member.get("name").getAsString(), member.get("type").getAsString(),
                                optional, features(member), only));
                        memberCount++;
                        optionalCount += optional ? 1 : 0;
                    }
                    List<Variant> variants = new ArrayList<>();
                    if (entry.has("variants")) {
                        for (JsonElement v : entry.getAsJsonArray("variants")) {
                            JsonObject variant = v.getAsJsonObject();
                            variants.add(new Variant(variant.get("case").getAsString(),
                                    variant.get("type").getAsString(), only));
                        }
                    }
                    Optional<String> tag = entry.has("tag") ? Optional.of(entry.get("tag").getAsString())
                            : Optional.empty();
                    types.put(name, new ObjectType(name, List.copyOf(members), tag, List.copyOf(variants)));
                }
                case "alternate" -> {
                    List<String> members = new ArrayList<>();
                    for (JsonElement m : entry.getAsJsonArray("members")) {
                        members.add(m.getAsJsonObject().get("type").getAsString());
                    }
                    types.put(name, new AlternateType(name, List.copyOf(members)));
                }
                case "command" -> commands.add(new Command(name, entry.get("arg-type").getAsString(),
                        entry.get("ret-type").getAsString(),
                        entry.has("allow-oob") && entry.get("allow-oob").getAsBoolean(), features(entry), only));
                case "event" -> events.add(new Event(name, entry.get("arg-type").getAsString(), features(entry),
                        only));
                default -> throw new IllegalArgumentException("unknown meta-type " + metaType + " of " + name);
            }
        }
        if (memberCount > 0 && optionalCount == 0) {
            throw new IllegalArgumentException("the schema has " + memberCount + " object members and not one is "
                    + "optional: it was probably saved by a JSON writer that drops nulls, losing every "
                    + "\"default\": null; capture it again with nulls kept");
        }
        commands.sort(Comparator.comparing(Command::name));
        events.sort(Comparator.comparing(Event::name));
        Schema schema = new Schema(only, types, List.copyOf(commands), List.copyOf(events));
        schema.check();
        return schema;
    }

    private static List<String> features(JsonObject entry) {
        List<String> features = new ArrayList<>();
        JsonArray array = entry.getAsJsonArray("features");
        if (array != null) {
            for (JsonElement f : array) {
                features.add(f.getAsString());
            }
        }
        return List.copyOf(features);
    }

    /** Every type reference resolves; union tags are enum members. */
    void check() {
        for (Type type : types.values()) {
            if (type instanceof ArrayType a) {
                type(a.elementType());
            } else if (type instanceof ObjectType o) {
                o.members().forEach(m -> type(m.type()));
                o.variants().forEach(v -> type(v.type()));
                if (o.isUnion() && !(type(o.tagMember().type()) instanceof EnumType)) {
                    throw new IllegalArgumentException("union " + o.name() + " has a tag that is not an enum");
                }
            } else if (type instanceof AlternateType a) {
                a.memberTypes().forEach(this::type);
            }
        }
        commands.forEach(c -> {
            type(c.argType());
            type(c.retType());
        });
        events.forEach(e -> type(e.argType()));
    }

    /** The captured QEMU versions this schema stands for, oldest first, such as {@code [6.2.0, 7.2.22]}. */
    List<String> versions() {
        return versions;
    }

    /** The captured versions as one phrase, such as {@code 6.2.0, 7.2.22 and 10.0.0}. */
    String versionList() {
        if (versions.size() == 1) {
            return versions.get(0);
        }
        return String.join(", ", versions.subList(0, versions.size() - 1)) + " and " + versions.get(versions.size() - 1);
    }

    /** The type with this (masked) name. */
    Type type(String name) {
        Type type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("the schema has no type " + name);
        }
        return type;
    }

    /** The type, or for an array its element type (arrays are transparent in schema paths). */
    Type unwrapped(String name) {
        Type type = type(name);
        while (type instanceof ArrayType a) {
            type = type(a.elementType());
        }
        return type;
    }

    /** Whether the type stands for an empty object (no members, no variants). */
    boolean isEmptyObject(String name) {
        return type(name) instanceof ObjectType o && o.isEmpty();
    }

    /** Every type, in schema order. */
    java.util.Collection<Type> types() {
        return java.util.Collections.unmodifiableCollection(types.values());
    }

    /** Commands sorted by name. */
    List<Command> commands() {
        return commands;
    }

    /** Events sorted by name. */
    List<Event> events() {
        return events;
    }

    /** The command with this name, if any. */
    Optional<Command> command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The event with this name, if any. */
    Optional<Event> event(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}

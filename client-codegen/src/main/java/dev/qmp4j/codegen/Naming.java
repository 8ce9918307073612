package dev.qmp4j.codegen;

import dev.qmp4j.codegen.Schema.AlternateType;
import dev.qmp4j.codegen.Schema.ArrayType;
import dev.qmp4j.codegen.Schema.Builtin;
import dev.qmp4j.codegen.Schema.Command;
import dev.qmp4j.codegen.Schema.EnumType;
import dev.qmp4j.codegen.Schema.EnumValue;
import dev.qmp4j.codegen.Schema.Event;
import dev.qmp4j.codegen.Schema.Member;
import dev.qmp4j.codegen.Schema.ObjectType;
import dev.qmp4j.codegen.Schema.Type;
import dev.qmp4j.codegen.Schema.Variant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Java names for everything generated, derived deterministically from ABI paths.
 *
 * <p>Types are visited depth first: commands sorted by name (arguments, then result), then events
 * sorted by name; inside a type, members in schema order, then union cases, then alternate
 * branches. A type met again is not visited again: it keeps one Java name, that of the naming
 * table when any of its paths is in the table, else the default of its first path:
 * <ul>
 *   <li>{@code COMMAND/arg-type}: {@code <Command>Arguments} ({@code DeviceDelArguments});
 *   <li>{@code COMMAND/ret-type}: {@code <Command>Result}, or {@code <Command>Item} for the
 *       element of an array result;
 *   <li>{@code EVENT/arg-type}: {@code <Event>Event} ({@code ShutdownEvent});
 *   <li>a member's type: {@code <Owner><Member>}; a union case's type: {@code <Owner><Case>};
 *       an alternate branch's type: {@code <Owner><MetaType>}.
 * </ul>
 * A default name already taken (by an earlier type, by the table or by a name the generated
 * code needs) gets the first free numeric suffix, 2, 3, ... in visiting order.
 *
 * <p>Events whose data type is empty, or is also used elsewhere, get a data record of their own
 * (a synthetic type named {@code event:NAME}), because every event record carries its own
 * {@code TYPE}.
 */
final class Naming {
    /** Prefix of the synthetic data types of events. */
    static final String EVENT_TYPE_PREFIX = "event:";

    /** The Java name of a generated type, where it was first met and what it is, for Javadoc. */
    record TypeName(String javaName, String path, String role) {
    }

    private final Schema schema;
    private final Map<String, ObjectType> synthetic = new LinkedHashMap<>();
    private final Map<String, String> eventTypes = new LinkedHashMap<>();
    private final Map<String, String> tableTypes = new HashMap<>(); // masked type -> table name
    private final Map<String, String> resolvedTable = new LinkedHashMap<>(); // path -> masked type
    private final List<String> problems = new ArrayList<>();
    private final Map<String, TypeName> names = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>(Identifiers.RESERVED_TYPE_NAMES);
    private final Map<String, String> methods = new LinkedHashMap<>();

    private Naming(Schema schema) {
        this.schema = schema;
    }

    /**
     * Names everything in the schema.
     *
     * @throws IllegalArgumentException when the table gives one type two names or two types one name
     */
    static Naming assign(Schema schema, NamingTable table) {
        Naming naming = new Naming(schema);
        naming.synthesizeEventTypes();
        naming.readTable(table);
        naming.visitAll();
        naming.nameMethods();
        return naming;
    }

    private void synthesizeEventTypes() {
        Map<String, Integer> uses = new HashMap<>();
        for (Type type : schema.types()) {
            for (String used : references(type)) {
                uses.merge(used, 1, Integer::sum);
            }
        }
        for (Command c : schema.commands()) {
            uses.merge(c.argType(), 1, Integer::sum);
            uses.merge(c.retType(), 1, Integer::sum);
        }
        for (Event e : schema.events()) {
            uses.merge(e.argType(), 1, Integer::sum);
        }
        for (Event e : schema.events()) {
            ObjectType data = (ObjectType) schema.type(e.argType());
            if (data.isEmpty() || uses.get(e.argType()) > 1) {
                String name = EVENT_TYPE_PREFIX + e.name();
                synthetic.put(name, new ObjectType(name, data.members(), data.tag(), data.variants()));
                eventTypes.put(e.name(), name);
            } else {
                eventTypes.put(e.name(), e.argType());
            }
        }
    }

    /** The types a type refers to directly, once per reference. */
    private static List<String> references(Type type) {
        List<String> refs = new ArrayList<>();
        if (type instanceof ArrayType a) {
            refs.add(a.elementType());
        } else if (type instanceof ObjectType o) {
            o.members().forEach(m -> refs.add(m.type()));
            o.variants().forEach(v -> refs.add(v.type()));
        } else if (type instanceof AlternateType a) {
            refs.addAll(a.memberTypes());
        }
        return refs;
    }

    private void readTable(NamingTable table) {
        Map<String, String> owners = new HashMap<>(); // java name -> path that claimed it
        for (Map.Entry<String, String> entry : table.names().entrySet()) {
            String path = entry.getKey();
            String name = entry.getValue();
            Optional<String> type = resolve(path);
            if (type.isEmpty()) {
                problems.add("naming table: path " + path + " does not exist or names no generated type");
                continue;
            }
            resolvedTable.put(path, type.get());
            String previous = tableTypes.putIfAbsent(type.get(), name);
            if (previous != null && !previous.equals(name)) {
                throw new IllegalArgumentException("naming table: " + path + " names " + name
                        + " a type already named " + previous);
            }
            String claimed = owners.putIfAbsent(name, path);
            if (claimed != null && !resolve(claimed).equals(type)) {
                throw new IllegalArgumentException("naming table: " + name + " names two types, at " + claimed
                        + " and " + path);
            }
            taken.add(name);
        }
    }

    /**
     * The type a schema path stands for: for {@code |META} and member steps of arrays, the element.
     *
     * @return the masked type name (or synthetic event type), empty when the path leads nowhere
     *     or to a builtin or to an empty object that is not a member's type
     */
    Optional<String> resolve(String path) {
        String[] steps = path.split("/", -1);
        if (steps.length < 2) {
            return Optional.empty();
        }
        String current;
        Optional<Command> command = schema.command(steps[0]);
        Optional<Event> event = schema.event(steps[0]);
        boolean root = true;
        if (command.isPresent() && steps[1].equals("arg-type")) {
            current = command.get().argType();
        } else if (command.isPresent() && steps[1].equals("ret-type")) {
            current = command.get().retType();
        } else if (event.isPresent() && steps[1].equals("arg-type")) {
            current = eventTypes.get(event.get().name());
        } else {
            return Optional.empty();
        }
        boolean viaVariant = false;
        for (int i = 2; i < steps.length; i++) {
            root = false;
            Type type = unwrapped(current);
            String step = steps[i];
            viaVariant = false;
            if (step.startsWith("+")) {
                if (!(type instanceof ObjectType o)) {
                    return Optional.empty();
                }
                Optional<Variant> variant = o.variants().stream()
                        .filter(v -> v.caseName().equals(step.substring(1))).findFirst();
                if (variant.isEmpty()) {
                    return Optional.empty();
                }
                current = variant.get().type();
                viaVariant = true;
            } else if (step.startsWith("|")) {
                if (!(type instanceof AlternateType a)) {
                    return Optional.empty();
                }
                Optional<String> branch = a.memberTypes().stream()
                        .filter(b -> metaType(b).equals(step.substring(1))).findFirst();
                if (branch.isEmpty()) {
                    return Optional.empty();
                }
                current = branch.get();
            } else {
                if (!(type instanceof ObjectType o)) {
                    return Optional.empty();
                }
                Optional<Member> member = o.members().stream().filter(m -> m.name().equals(step)).findFirst();
                if (member.isEmpty()) {
                    return Optional.empty();
                }
                current = member.get().type();
            }
        }
        Type target = unwrapped(current);
        if (target instanceof Builtin) {
            return Optional.empty();
        }
        if (target instanceof ObjectType o && o.isEmpty() && (root || viaVariant)) {
            return Optional.empty();
        }
        return Optional.of(target.name());
    }

    /** {@code object}, {@code enum}, {@code array}, {@code alternate} or the builtin's name. */
    String metaType(String typeName) {
        Type type = type(typeName);
        if (type instanceof Builtin b) {
            return b.name();
        } else if (type instanceof EnumType) {
            return "enum";
        } else if (type instanceof ArrayType) {
            return "array";
        } else if (type instanceof AlternateType) {
            return "alternate";
        }
        return "object";
    }

    private void visitAll() {
        for (Command c : schema.commands()) {
            String prefix = Identifiers.typeName(c.name());
            if (!schema.isEmptyObject(c.argType())) {
                visit(c.argType(), c.name() + "/arg-type", prefix + "Arguments",
                        "Arguments of the QMP command {@code " + c.name() + "}.");
            }
            if (!schema.isEmptyObject(c.retType())) {
                boolean array = type(c.retType()) instanceof ArrayType;
                visit(c.retType(), c.name() + "/ret-type", prefix + (array ? "Item" : "Result"),
                        array ? "Element of the result of the QMP command {@code " + c.name() + "}."
                                : "Result of the QMP command {@code " + c.name() + "}.");
            }
        }
        for (Event e : schema.events()) {
            visit(eventTypes.get(e.name()), e.name() + "/arg-type", Identifiers.typeName(e.name()) + "Event",
                    "Data of the QMP event {@code " + e.name() + "}.");
        }
    }

    private void visit(String typeName, String path, String defaultName, String role) {
        Type type = unwrapped(typeName);
        if (type instanceof Builtin || names.containsKey(type.name())) {
            return;
        }
        String name = tableTypes.get(type.name());
        if (name == null) {
            name = Identifiers.unique(defaultName, taken);
            taken.add(name);
        }
        names.put(type.name(), new TypeName(name, path, role));
        if (type instanceof ObjectType o) {
            for (Member m : o.members()) {
                visit(m.type(), path + "/" + m.name(), name + Identifiers.pascal(m.name()),
                        "Type of the member {@code " + m.name() + "} of {@link " + name + "}.");
            }
            for (Variant v : o.variants()) {
                if (!schema.isEmptyObject(v.type())) {
                    visit(v.type(), path + "/+" + v.caseName(), name + Identifiers.pascal(v.caseName()),
                            "Members of the case {@code " + v.caseName() + "} of {@link " + name + "}.");
                }
            }
        } else if (type instanceof AlternateType a) {
            for (String branch : a.memberTypes()) {
                String meta = metaType(branch);
                visit(branch, path + "/|" + meta, name + Identifiers.pascal(meta),
                        "A branch of {@link " + name + "}.");
            }
        }
    }

    private void nameMethods() {
        Set<String> used = new HashSet<>(Set.of("of", "session", "call", "equals", "hashCode", "toString",
                "getClass", "wait", "notify", "notifyAll", "clone", "finalize"));
        for (Command c : schema.commands()) {
            String method = Identifiers.camel(c.name());
            if (Identifiers.KEYWORDS.contains(method)) {
                method = method + "Command";
            }
            method = Identifiers.unique(method, used);
            used.add(method);
            methods.put(c.name(), method);
        }
    }

    /** A type by name, synthetic event types included. */
    Type type(String name) {
        ObjectType event = synthetic.get(name);
        return event != null ? event : schema.type(name);
    }

    /** The type, or for an array its element type. */
    Type unwrapped(String name) {
        Type type = type(name);
        while (type instanceof ArrayType a) {
            type = type(a.elementType());
        }
        return type;
    }

    /** The schema. */
    Schema schema() {
        return schema;
    }

    /** Every generated type in visiting order: masked (or synthetic) name to its Java name. */
    Map<String, TypeName> types() {
        return Collections.unmodifiableMap(names);
    }

    /** The Java name of a generated type. */
    String javaName(String typeName) {
        TypeName name = names.get(unwrapped(typeName).name());
        if (name == null) {
            throw new IllegalArgumentException("type " + typeName + " has no Java name");
        }
        return name.javaName();
    }

    /** Event name to the (masked or synthetic) name of its data type. */
    Map<String, String> eventTypes() {
        return Collections.unmodifiableMap(eventTypes);
    }

    /** Command name to facade method name. */
    Map<String, String> methods() {
        return Collections.unmodifiableMap(methods);
    }

    /** Table entries that lead nowhere (the test requires none for the committed schema). */
    List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        for (Map.Entry<String, String> entry : resolvedTable.entrySet()) {
            if (!names.containsKey(entry.getValue())) {
                all.add("naming table: path " + entry.getKey() + " names a type that is not generated");
            }
        }
        return all;
    }

    /** Whether some table path names this type. */
    boolean hasTableName(String typeName) {
        return tableTypes.containsKey(typeName);
    }

    /**
     * The generated types reachable from the given commands and events (their arguments, results
     * and data, and everything those contain).
     */
    Set<String> reachableFrom(List<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        for (String root : roots) {
            Optional<Command> command = schema.command(root);
            Optional<Event> event = schema.event(root);
            if (command.isPresent()) {
                reach(command.get().argType(), seen);
                reach(command.get().retType(), seen);
            } else if (event.isPresent()) {
                reach(eventTypes.get(root), seen);
            } else {
                throw new IllegalArgumentException("no command or event " + root);
            }
        }
        seen.retainAll(names.keySet());
        return seen;
    }

    private void reach(String typeName, Set<String> seen) {
        Type type = unwrapped(typeName);
        if (!seen.add(type.name())) {
            return;
        }
        if (type instanceof ObjectType o) {
            o.members().forEach(m -> reach(m.type(), seen));
            o.variants().forEach(v -> reach(v.type(), seen));
        } else if (type instanceof AlternateType a) {
            a.memberTypes().forEach(b -> reach(b, seen));
        }
    }

    // ---- names inside a type ----

    /** Record component names of an object's members, in member order. */
    List<String> componentNames(ObjectType type) {
        Set<String> used = new HashSet<>();
        List<String> result = new ArrayList<>();
        for (Member m : type.members()) {
            String name = Identifiers.camel(m.name());
            if (Identifiers.KEYWORDS.contains(name) || Identifiers.RESERVED_MEMBER_NAMES.contains(name)) {
                name = name + "Value";
            }
            name = Identifiers.unique(name, used);
            used.add(name);
            result.add(name);
        }
        return result;
    }

    /** Constant names of an enumeration's values, in value order. */
    List<String> constantNames(EnumType type) {
        Set<String> used = new HashSet<>();
        List<String> result = new ArrayList<>();
        for (EnumValue value : type.values()) {
            String name = Identifiers.unique(Identifiers.constant(value.name()), used);
            used.add(name);
            result.add(name);
        }
        return result;
    }

    /** The {@code Known} sentinel: {@code UNKNOWN}, unless a real value took that name. */
    String unknownConstant(EnumType type) {
        Set<String> used = new HashSet<>(constantNames(type));
        return used.contains("UNKNOWN") ? Identifiers.unique("UNRECOGNIZED", used) : "UNKNOWN";
    }

    /** Nested record names of a union's cases, in case order. */
    List<String> caseNames(ObjectType union) {
        Set<String> used = new HashSet<>(Set.of("Unknown", "Variant", "Builder"));
        List<String> result = new ArrayList<>();
        for (Variant v : union.variants()) {
            String name = Identifiers.typeName(v.caseName());
            if (Identifiers.RESERVED_TYPE_NAMES.contains(name) || isJavaName(name)) {
                name = name + "Case";
            }
            name = Identifiers.unique(name, used);
            used.add(name);
            result.add(name);
        }
        return result;
    }

    private boolean isJavaName(String name) {
        return names.values().stream().anyMatch(n -> n.javaName().equals(name));
    }
}

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Merges the schemas of several QEMU versions into one, by ABI path: type names are masked per
 * version, so two versions' types are the same type when they stand at the same path (the
 * arguments of one command, a member of the same name of two types already the same, the same
 * union case, the same alternate branch kind, an array's elements).
 *
 * <p>The result has every command, event, member, enumeration value and union case that any
 * version has, each with the versions that have it. A member is optional unless every version
 * that has its type has the member, required. Where a path's type differs between versions, the
 * merged type accepts every form: a string and an enumeration become the enumeration (which keeps
 * unknown strings), a type and an alternate with a branch of its kind become the alternate, other
 * differences become an alternate of the forms, and {@code any} takes everything.
 *
 * <p>Merged type names are {@code m1}, {@code m2}, ... in visiting order (commands, then events,
 * by name); builtins keep their names.
 */
final class SchemaMerger {
    /** The one merged type of every empty object (arguments of commands without any, {@code {}} results). */
    static final String EMPTY = "empty";

    /** A type of one version: the index of its schema and its masked name. */
    private record Node(int version, String type) implements Comparable<Node> {
        @Override
        public int compareTo(Node other) {
            int c = Integer.compare(version, other.version);
            return c != 0 ? c : type.compareTo(other.type);
        }
    }

    private final List<Schema> schemas;
    private final List<String> versions = new ArrayList<>();
    private final Map<Node, Node> parent = new HashMap<>();
    /** Per class root: versions where an empty object stood at one of its paths (all members optional there). */
    private final Map<Node, Set<Integer>> emptyIn = new HashMap<>();
    /** Per array class root: element refs of arrays of builtins that stood at one of its paths. */
    private final Map<Node, List<Ref>> extraElements = new HashMap<>();
    private final Map<Node, String> mergedNames = new HashMap<>();
    private Map<Node, List<Node>> classes;
    private final Map<String, Type> mergedTypes = new LinkedHashMap<>();
    private int unions;

    private SchemaMerger(List<Schema> schemas) {
        this.schemas = schemas;
        for (Schema s : schemas) {
            if (s.versions().size() != 1) {
                throw new IllegalArgumentException("merge single-version schemas, not " + s.versions());
            }
            versions.add(s.versions().get(0));
        }
    }

    /**
     * Merges schemas of different QEMU versions.
     *
     * @param captures single-version schemas, in any order
     * @return the merged schema, its versions oldest first
     * @throws IllegalArgumentException when two captures have the same version, or a path's types
     *     cannot be merged into one that accepts every form
     */
    static Schema merge(List<Schema> captures) {
        List<Schema> sorted = new ArrayList<>(captures);
        sorted.sort(Comparator.comparing(s -> s.versions().get(0), VERSION_ORDER));
        Set<String> seen = new TreeSet<>();
        for (Schema s : sorted) {
            if (!seen.add(s.versions().get(0))) {
                throw new IllegalArgumentException("two captures of QEMU " + s.versions().get(0));
            }
        }
        return new SchemaMerger(sorted).run();
    }

    /** Orders version strings such as {@code 7.2.22} and {@code 10.0.0} numerically. */
    static final Comparator<String> VERSION_ORDER = (a, b) -> {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private Schema run() {
        // 1. the roots: a command's arguments and result, an event's data, in every version
        Map<String, List<Command>> commands = byName(Schema::commands, Command::name);
        Map<String, List<Event>> events = byName(Schema::events, Event::name);
        List<List<Ref>> rootPositions = new ArrayList<>();
        commands.values().forEach(cs -> {
            rootPositions.add(refs(cs, Command::argType));
            rootPositions.add(refs(cs, Command::retType));
        });
        events.values().forEach(es -> rootPositions.add(refs(es, Event::argType)));
        rootPositions.forEach(this::unify);
        // 2. paths below types already the same, until nothing more is unified
        int unionsBefore;
        int nodesBefore;
        do {
            unionsBefore = unions;
            nodesBefore = parent.size();
            for (List<Node> members : classes().values()) {
                unifyChildren(members);
            }
        } while (unions != unionsBefore || parent.size() != nodesBefore);
        classes = classes();
        // 3. the merged schema, visiting from the roots in name order
        List<Command> mergedCommands = new ArrayList<>();
        commands.forEach((name, cs) -> {
            Command newest = cs.get(cs.size() - 1);
            mergedCommands.add(new Command(name, resolve(refs(cs, Command::argType)),
                    resolve(refs(cs, Command::retType)), cs.stream().anyMatch(Command::allowOob), newest.features(),
                    versionsOf(cs)));
        });
        List<Event> mergedEvents = new ArrayList<>();
        events.forEach((name, es) -> mergedEvents.add(new Event(name, resolve(refs(es, Event::argType)),
                es.get(es.size() - 1).features(), versionsOf(es))));
        Map<String, Type> types = new LinkedHashMap<>();
        for (Schema s : schemas) {
            for (Type t : s.types()) {
                if (t instanceof Builtin || (t instanceof ArrayType a && s.type(a.elementType()) instanceof Builtin)) {
                    types.putIfAbsent(t.name(), t);
                }
            }
        }
        types.putAll(mergedTypes);
        Schema merged = new Schema(versions, types, mergedCommands, mergedEvents);
        merged.check();
        return merged;
    }

    // ---- unification ----

    /** A type reference of one version at some path: a builtin's name or a node. */
    private record Ref(int version, String type) {
    }

    private <T extends Schema.Versioned> Map<String, List<T>> byName(Function<Schema, List<T>> items, Function<T, String> name) {
        Map<String, List<T>> byName = new java.util.TreeMap<>();
        for (Schema s : schemas) {
            for (T item : items.apply(s)) {
                byName.computeIfAbsent(name.apply(item), n -> new ArrayList<>()).add(item);
            }
        }
        return byName;
    }

    /** The refs of one root in every version that has it (items are in version order). */
    private <T extends Schema.Versioned> List<Ref> refs(List<T> items, Function<T, String> type) {
        List<Ref> refs = new ArrayList<>();
        for (T item : items) {
            refs.add(new Ref(versionOf(item), type.apply(item)));
        }
        return refs;
    }

    /** The index of the schema a command or event of one capture comes from. */
    private int versionOf(Schema.Versioned item) {
        return versions.indexOf(item.versions().get(0));
    }

    private static List<String> versionsOf(List<? extends Schema.Versioned> items) {
        return items.stream().map(item -> item.versions().get(0)).toList();
    }

    private Type type(Ref ref) {
        return schemas.get(ref.version()).type(ref.type());
    }

    /**
     * Whether the type takes part in unification. Builtins, arrays of builtins and the empty object
     * do not: each is one type shared by unrelated paths ({@code [str]} is every list of strings),
     * so unifying through it would merge unrelated types.
     */
    private boolean isNode(Ref ref) {
        Type t = type(ref);
        return !(t instanceof Builtin) && !(t instanceof ObjectType o && o.isEmpty()) && !isBuiltinArray(ref);
    }

    private boolean isBuiltinArray(Ref ref) {
        return type(ref) instanceof ArrayType a && type(new Ref(ref.version(), a.elementType())) instanceof Builtin;
    }

    private boolean isEmptyObject(Ref ref) {
        return type(ref) instanceof ObjectType o && o.isEmpty();
    }

    private static String kind(Type t) {
        if (t instanceof ObjectType) {
            return "object";
        } else if (t instanceof EnumType) {
            return "enum";
        } else if (t instanceof ArrayType) {
            return "array";
        } else if (t instanceof AlternateType) {
            return "alternate";
        }
        return ((Builtin) t).name();
    }

    /** The JSON kind a value of the type has, for alternates: string, number, boolean, null, object, array. */
    private static String jsonKind(Type t) {
        if (t instanceof Builtin b) {
            return switch (b.name()) {
                case "str" -> "string";
                case "int", "number" -> "number";
                case "bool" -> "boolean";
                case "null" -> "null";
                default -> "any";
            };
        }
        return t instanceof EnumType ? "string" : kind(t);
    }

    private Node find(Node n) {
        Node p = parent.getOrDefault(n, n);
        if (p.equals(n)) {
            return n;
        }
        Node root = find(p);
        parent.put(n, root);
        return root;
    }

    private void union(Node a, Node b) {
        Node ra = find(a);
        Node rb = find(b);
        if (ra.equals(rb)) {
            return;
        }
        Node keep = ra.compareTo(rb) <= 0 ? ra : rb;
        Node drop = keep == ra ? rb : ra;
        parent.put(drop, keep);
        Set<Integer> dropped = emptyIn.remove(drop);
        if (dropped != null) {
            emptyIn.computeIfAbsent(keep, k -> new TreeSet<>()).addAll(dropped);
        }
        List<Ref> elements = extraElements.remove(drop);
        if (elements != null) {
            extraElements.computeIfAbsent(keep, k -> new ArrayList<>()).addAll(elements);
        }
        unions++;
    }

    /** Makes the types at one path the same: those of one kind, and an alternate's branch with its kind. */
    private void unify(List<Ref> position) {
        Map<String, Node> byKind = new LinkedHashMap<>();
        List<Ref> alternates = new ArrayList<>();
        for (Ref ref : position) {
            if (!isNode(ref)) {
                continue;
            }
            Type t = type(ref);
            Node node = new Node(ref.version(), ref.type());
            parent.putIfAbsent(node, node);
            Node first = byKind.putIfAbsent(kind(t), node);
            if (first != null) {
                union(first, node);
            }
            if (t instanceof AlternateType) {
                alternates.add(ref);
            }
        }
        for (Ref alternate : alternates) {
            for (String branch : ((AlternateType) type(alternate)).memberTypes()) {
                Ref b = new Ref(alternate.version(), branch);
                Node other = byKind.get(kind(type(b)));
                if (isNode(b) && other != null && !(type(b) instanceof AlternateType)) {
                    union(other, new Node(b.version(), b.type()));
                }
            }
        }
        Node arrays = byKind.get("array");
        if (arrays != null) {
            for (Ref ref : position) {
                if (isBuiltinArray(ref)) {
                    Ref element = new Ref(ref.version(), ((ArrayType) type(ref)).elementType());
                    List<Ref> extra = extraElements.computeIfAbsent(find(arrays), k -> new ArrayList<>());
                    if (!extra.contains(element)) {
                        extra.add(element);
                    }
                }
            }
        }
        Node objects = byKind.get("object");
        if (objects != null) {
            for (Ref ref : position) {
                if (isEmptyObject(ref)) {
                    emptyIn.computeIfAbsent(find(objects), k -> new TreeSet<>()).add(ref.version());
                }
            }
        }
    }

    private Map<Node, List<Node>> classes() {
        Map<Node, List<Node>> classes = new LinkedHashMap<>();
        for (Node n : new ArrayList<>(parent.keySet())) {
            classes.computeIfAbsent(find(n), k -> new ArrayList<>()).add(n);
        }
        classes.values().forEach(list -> list.sort(null));
        return classes;
    }

    private void unifyChildren(List<Node> nodes) {
        for (List<Ref> position : childPositions(nodes).values()) {
            unify(position);
        }
    }

    /** The paths one step below a class of types, each with the refs of every version there. */
    private Map<String, List<Ref>> childPositions(List<Node> nodes) {
        Map<String, List<Ref>> positions = new LinkedHashMap<>();
        for (Node n : nodes) {
            Type t = schemas.get(n.version()).type(n.type());
            if (t instanceof ObjectType o) {
                for (Member m : o.members()) {
                    positions.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(new Ref(n.version(), m.type()));
                }
                for (Variant v : o.variants()) {
                    positions.computeIfAbsent("+" + v.caseName(), k -> new ArrayList<>())
                            .add(new Ref(n.version(), v.type()));
                }
            } else if (t instanceof ArrayType a) {
                positions.computeIfAbsent("[]", k -> new ArrayList<>()).add(new Ref(n.version(), a.elementType()));
            } else if (t instanceof AlternateType a) {
                for (String branch : a.memberTypes()) {
                    Type bt = schemas.get(n.version()).type(branch);
                    positions.computeIfAbsent("|" + jsonKind(bt), k -> new ArrayList<>())
                            .add(new Ref(n.version(), branch));
                }
            }
        }
        return positions;
    }

    // ---- the merged types ----

    /** The merged type of one path: the name of a builtin, of the empty object, or of a merged type. */
    private String resolve(List<Ref> position) {
        Set<String> builtins = new TreeSet<>();
        Set<Node> classes = new LinkedHashSet<>();
        boolean empty = false;
        for (Ref ref : position) {
            if (isNode(ref)) {
                classes.add(find(new Node(ref.version(), ref.type())));
            } else if (isEmptyObject(ref)) {
                empty = true;
            } else {
                builtins.add(ref.type());
            }
        }
        if (builtins.contains("any")) {
            return "any";
        }
        if (empty && classes.stream().noneMatch(c -> kind(typeOf(c)).equals("object"))) {
            if (classes.isEmpty() && builtins.isEmpty()) {
                return emptyObject();
            }
            throw new IllegalArgumentException("cannot merge an empty object with " + builtins + " " + classes);
        }
        // an alternate takes what one of its branches takes; an enumeration takes strings
        for (Node c : List.copyOf(classes)) {
            Type t = typeOf(c);
            if (t instanceof AlternateType a) {
                for (String branch : a.memberTypes()) {
                    Type bt = schemas.get(c.version()).type(branch);
                    builtins.removeIf(b -> b.equals(branch) || (b.equals("str") && bt instanceof EnumType));
                    if (!(bt instanceof Builtin)) {
                        classes.removeIf(other -> !other.equals(c) && other.equals(find(new Node(c.version(), branch))));
                    }
                }
            } else if (t instanceof EnumType) {
                builtins.remove("str");
            } else if (t instanceof ArrayType) {
                builtins.removeIf(b -> b.startsWith("[")); // its elements take them (extraElements)
            }
        }
        List<String> forms = new ArrayList<>(builtins);
        for (Node c : classes) {
            forms.add(merged(c));
        }
        if (forms.size() == 1) {
            return forms.get(0);
        }
        // different forms in different versions: an alternate of them, told apart by JSON kind
        Set<String> kinds = new TreeSet<>();
        for (String form : forms) {
            if (!kinds.add(jsonKind(mergedType(form)))) {
                throw new IllegalArgumentException("cannot merge types of one JSON kind: " + forms + " at " + position);
            }
        }
        String name = "m" + (mergedTypes.size() + 1);
        mergedTypes.put(name, new AlternateType(name, List.copyOf(forms)));
        return name;
    }

    private Type mergedType(String name) {
        Type t = mergedTypes.get(name);
        if (t != null) {
            return t;
        }
        for (Schema s : schemas) {
            if (s.types().stream().anyMatch(x -> x.name().equals(name))) {
                return s.type(name);
            }
        }
        throw new IllegalArgumentException("no type " + name);
    }

    private String emptyObject() {
        mergedTypes.putIfAbsent(EMPTY, new ObjectType(EMPTY, List.of(), Optional.empty(), List.of()));
        return EMPTY;
    }

    private Type typeOf(Node n) {
        return schemas.get(n.version()).type(n.type());
    }

    /** The merged type of a class of types, made once. */
    private String merged(Node root) {
        String existing = mergedNames.get(root);
        if (existing != null) {
            return existing;
        }
        String name = "m" + (mergedTypes.size() + 1);
        mergedNames.put(root, name);
        List<Node> nodes = classes.get(root);
        Type kindSample = typeOf(root);
        mergedTypes.put(name, kindSample); // placeholder, keeps the numbering while children are visited
        Type type;
        if (kindSample instanceof ObjectType) {
            type = mergeObject(name, root, nodes);
        } else if (kindSample instanceof EnumType) {
            type = mergeEnum(name, nodes);
        } else if (kindSample instanceof ArrayType) {
            List<Ref> elements = new ArrayList<>();
            nodes.forEach(n -> elements.add(new Ref(n.version(), ((ArrayType) typeOf(n)).elementType())));
            elements.addAll(extraElements.getOrDefault(root, List.of()));
            type = new ArrayType(name, resolve(elements));
        } else {
            type = mergeAlternate(name, nodes);
        }
        mergedTypes.put(name, type);
        return name;
    }

    private ObjectType mergeObject(String name, Node root, List<Node> nodes) {
        Set<Integer> present = new TreeSet<>(emptyIn.getOrDefault(root, Set.of()));
        nodes.forEach(n -> present.add(n.version()));
        Map<String, List<Ref>> positions = childPositions(nodes);
        // members in order of first appearance, oldest version first: a new capture only appends
        List<Member> members = new ArrayList<>();
        Optional<String> tag = Optional.empty();
        for (Node n : nodes) {
            ObjectType o = (ObjectType) typeOf(n);
            if (o.tag().isPresent()) {
                if (tag.isPresent() && !tag.equals(o.tag())) {
                    throw new IllegalArgumentException("union " + name + " has tags " + tag.get() + " and "
                            + o.tag().get());
                }
                tag = o.tag();
            }
        }
        Set<String> done = new LinkedHashSet<>();
        for (Node n : nodes) {
            for (Member m : ((ObjectType) typeOf(n)).members()) {
                if (!done.add(m.name())) {
                    continue;
                }
                Set<Integer> has = new TreeSet<>();
                boolean optional = false;
                Member newest = m;
                for (Node other : nodes) {
                    Optional<Member> same = ((ObjectType) typeOf(other)).members().stream()
                            .filter(x -> x.name().equals(m.name())).findFirst();
                    // absent from one of the types is as good as optional (two types of one version merged)
                    optional |= same.isEmpty() || same.get().optional();
                    if (same.isPresent()) {
                        has.add(other.version());
                        newest = same.get();
                    }
                }
                optional |= !has.equals(present);
                members.add(new Member(m.name(), resolve(positions.get(m.name())), optional, newest.features(),
                        labels(has)));
            }
        }
        List<Variant> variants = new ArrayList<>();
        Set<String> cases = new LinkedHashSet<>();
        for (Node n : nodes) {
            for (Variant v : ((ObjectType) typeOf(n)).variants()) {
                if (cases.add(v.caseName())) {
                    Set<Integer> has = new TreeSet<>();
                    positions.get("+" + v.caseName()).forEach(r -> has.add(r.version()));
                    variants.add(new Variant(v.caseName(), resolve(positions.get("+" + v.caseName())), labels(has)));
                }
            }
        }
        return new ObjectType(name, List.copyOf(members), tag, List.copyOf(variants));
    }

    private EnumType mergeEnum(String name, List<Node> nodes) {
        Map<String, List<Integer>> has = new LinkedHashMap<>();
        Map<String, List<String>> features = new HashMap<>();
        for (Node n : nodes) {
            for (EnumValue v : ((EnumType) typeOf(n)).values()) {
                has.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(n.version());
                features.put(v.name(), v.features()); // nodes are in version order: the newest wins
            }
        }
        List<EnumValue> values = new ArrayList<>();
        has.forEach((value, in) -> values.add(new EnumValue(value, features.get(value), labels(new TreeSet<>(in)))));
        return new EnumType(name, List.copyOf(values));
    }

    private AlternateType mergeAlternate(String name, List<Node> nodes) {
        Map<String, List<Ref>> positions = childPositions(nodes);
        List<String> branches = new ArrayList<>();
        positions.values().forEach(refs -> branches.add(resolve(refs)));
        return new AlternateType(name, List.copyOf(branches));
    }

    private List<String> labels(Set<Integer> indexes) {
        List<String> labels = new ArrayList<>();
        for (int i : new TreeSet<>(indexes)) {
            labels.add(versions.get(i));
        }
        return List.copyOf(labels);
    }
}

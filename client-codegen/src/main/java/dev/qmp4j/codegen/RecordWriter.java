package dev.qmp4j.codegen;

import dev.qmp4j.codegen.JavaTypes.Ref;
import dev.qmp4j.codegen.Naming.TypeName;
import dev.qmp4j.codegen.Schema.EnumType;
import dev.qmp4j.codegen.Schema.EnumValue;
import dev.qmp4j.codegen.Schema.Event;
import dev.qmp4j.codegen.Schema.Member;
import dev.qmp4j.codegen.Schema.ObjectType;
import dev.qmp4j.codegen.Schema.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes an object type as a record: components in member order, {@code fromJson}, {@code toJson},
 * a {@code Builder}, and for a flat union the {@code variant} component with its sealed
 * {@code Variant} interface.
 */
final class RecordWriter {
    private final Naming naming;
    private final JavaTypes types;
    private final Generator.Context context;

    RecordWriter(Naming naming, JavaTypes types, Generator.Context context) {
        this.naming = naming;
        this.types = types;
        this.context = context;
    }

    /** One component of the record. */
    private record Component(Member member, String name, Ref ref, boolean optional) {
        String declaredType() {
            return optional ? "Optional<" + ref.boxed() + ">" : ref.type();
        }

        String annotations() {
            return (member.deprecated() ? "@Deprecated " : "") + (member.unstable() ? "@Unstable " : "");
        }

        String doc() {
            StringBuilder doc = new StringBuilder("the member {@code " + member.name() + "}");
            if (member.optional()) {
                doc.append(", optional");
            }
            if (member.deprecated()) {
                doc.append(", deprecated (absent when QEMU runs with {@code -compat deprecated-output=hide})");
            }
            if (member.unstable()) {
                doc.append(", unstable");
            }
            return doc.toString();
        }
    }

    String write(ObjectType type, TypeName name, Optional<Event> event) {
        String java = name.javaName();
        List<Component> components = components(type);
        boolean union = type.isUnion();
        JavaFile out = context.typesFile();

        List<String> doc = new ArrayList<>();
        doc.add(name.role());
        doc.add("");
        doc.add("<p>Schema path: {@code " + name.path() + "}.");
        if (union) {
            doc.add("");
            doc.add("<p>A flat union: the members that depend on {@code " + type.tag().orElseThrow()
                    + "} are in {@link #variant()}.");
        }
        if (!components.isEmpty() || union) {
            doc.add("");
        }
        for (Component c : components) {
            doc.add("@param " + c.name() + " " + c.doc());
        }
        if (union) {
            doc.add("@param variant the members that depend on {@code " + type.tag().orElseThrow() + "}");
        }
        out.javadoc(doc.toArray(String[]::new));
        if (components.stream().anyMatch(c -> c.member().deprecated())) {
            // javac warns that @Deprecated on a component has no effect on the constructor parameter
            out.line("@SuppressWarnings(\"deprecation\")");
        }
        if (event.isPresent() && event.get().deprecated()) {
            out.line("@Deprecated");
        }
        if (event.isPresent() && event.get().unstable()) {
            out.line("@Unstable");
        }
        List<String> declarations = new ArrayList<>();
        for (Component c : components) {
            declarations.add(c.annotations() + c.declaredType() + " " + c.name());
        }
        if (union) {
            declarations.add("Variant variant");
        }
        if (declarations.isEmpty()) {
            out.open("public record " + java + "() {");
        } else {
            out.line("public record " + java + "(");
            for (int i = 0; i < declarations.size(); i++) {
                out.line("        " + declarations.get(i) + (i == declarations.size() - 1 ? ") {" : ","));
            }
            out.indent();
        }
        if (event.isPresent()) {
            out.javadoc("The event {@code " + event.get().name() + "}, to decode its data.");
            out.line("public static final QmpEventType<" + java + "> TYPE = new QmpEventType<>(\""
                    + event.get().name() + "\", " + java + "::fromJson);");
            out.line("");
        }
        if (union) {
            List<String> base = new ArrayList<>();
            for (Member m : type.members()) {
                base.add("\"" + m.name() + "\"");
            }
            out.line("private static final Set<String> BASE_MEMBERS = Set.of(");
            for (int i = 0; i < base.size(); i++) {
                out.line("        " + base.get(i) + (i == base.size() - 1 ? ");" : ","));
            }
            out.line("");
        }
        writeConstructor(out, java, components, union, type);
        writeAccessors(out, components);
        if (!components.isEmpty() || union) {
            writeFactories(out, java, components, union);
        }
        writeFromJson(out, java, components, union, type);
        writeToJson(out, components, union);
        if (union) {
            writeUnionSupport(out, java, type);
        }
        if (!components.isEmpty() || union) {
            writeBuilder(out, java, components, union, type);
        }
        out.close("}");
        return out.text();
    }

    private List<Component> components(ObjectType type) {
        List<String> names = naming.componentNames(type);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < type.members().size(); i++) {
            Member m = type.members().get(i);
            boolean isTag = type.tag().map(m.name()::equals).orElse(false);
            boolean optional = (m.optional() || m.deprecated()) && !isTag;
            components.add(new Component(m, names.get(i), types.ref(m.type()), optional));
        }
        return components;
    }

    private void writeConstructor(JavaFile out, String java, List<Component> components, boolean union,
            ObjectType type) {
        List<String> checks = new ArrayList<>();
        for (Component c : components) {
            String n = c.name();
            if (c.optional()) {
                checks.add("Objects.requireNonNull(" + n + ", \"" + n + "\");");
                if (c.ref().isList()) {
                    checks.add(n + " = " + n + ".map(List::copyOf);");
                } else if (c.ref().copyTemplate() != null) {
                    checks.add(n + " = " + n + ".map(JsonElement::deepCopy);");
                }
            } else if (c.ref().isList()) {
                checks.add(n + " = List.copyOf(" + n + ");");
            } else if (c.ref().copyTemplate() != null) {
                checks.add(n + " = " + c.ref().copyTemplate().formatted(n) + ";");
            } else if (!c.ref().isPrimitive()) {
                checks.add("Objects.requireNonNull(" + n + ", \"" + n + "\");");
            }
        }
        if (union) {
            checks.add("Objects.requireNonNull(variant, \"variant\");");
            checks.add("checkVariant(" + tagComponent(components, type).name() + ", variant);");
        }
        if (checks.isEmpty()) {
            return;
        }
        out.javadoc("Creates the value, checking that required members are there and copying lists.");
        out.open("public " + java + " {");
        checks.forEach(out::line);
        out.close("}");
        out.line("");
    }

    private static Component tagComponent(List<Component> components, ObjectType type) {
        return components.stream().filter(c -> c.member().name().equals(type.tag().orElseThrow())).findFirst()
                .orElseThrow();
    }

    private void writeAccessors(JavaFile out, List<Component> components) {
        for (Component c : components) {
            if (c.ref().copyTemplate() == null || c.ref().isList()) {
                continue;
            }
            out.javadoc("The member {@code " + c.member().name() + "}; a copy, so changing it changes nothing here.",
                    "", "@return " + c.doc());
            if (!c.annotations().isEmpty()) {
                out.line(c.annotations().trim());
            }
            out.line("@Override");
            out.open("public " + c.declaredType() + " " + c.name() + "() {");
            out.line("return " + (c.optional() ? c.name() + ".map(JsonElement::deepCopy)"
                    : c.ref().copyTemplate().formatted(c.name())) + ";");
            out.close("}");
            out.line("");
        }
    }

    private void writeFactories(JavaFile out, String java, List<Component> components, boolean union) {
        List<Component> required = components.stream().filter(c -> !c.optional()).toList();
        if (!union && !required.isEmpty() && required.size() <= 3) {
            List<String> doc = new ArrayList<>();
            doc.add("A value with the required members" + (required.size() < components.size()
                    ? " and no optional ones." : "."));
            doc.add("");
            List<String> params = new ArrayList<>();
            for (Component c : required) {
                doc.add("@param " + c.name() + " " + c.doc());
                params.add(c.ref().type() + " " + c.name());
            }
            doc.add("@return the value");
            out.javadoc(doc.toArray(String[]::new));
            if (required.stream().anyMatch(c -> c.member().unstable())) {
                out.line("@Unstable");
            }
            out.open("public static " + java + " of(" + String.join(", ", params) + ") {");
            List<String> args = new ArrayList<>();
            for (Component c : components) {
                args.add(c.optional() ? "Optional.empty()" : c.name());
            }
            if (args.size() <= 3) {
                out.line("return new " + java + "(" + String.join(", ", args) + ");");
            } else {
                out.line("return new " + java + "(");
                for (int i = 0; i < args.size(); i++) {
                    out.line("        " + args.get(i) + (i == args.size() - 1 ? ");" : ","));
                }
            }
            out.close("}");
            out.line("");
        }
        out.javadoc("A builder with no member set.", "", "@return a new builder");
        out.open("public static Builder builder() {");
        out.line("return new Builder();");
        out.close("}");
        out.line("");
        out.javadoc("A builder holding this value's members.", "", "@return a new builder");
        out.open("public Builder toBuilder() {");
        out.line("Builder builder = new Builder();");
        for (Component c : components) {
            out.line("builder." + c.name() + " = this." + c.name() + ";");
        }
        if (union) {
            out.line("builder.variant = this.variant;");
        }
        out.line("return builder;");
        out.close("}");
        out.line("");
    }

    private void writeFromJson(JavaFile out, String java, List<Component> components, boolean union,
            ObjectType type) {
        out.javadoc("Decodes the value from QMP's JSON form. Members this version does not know are ignored.",
                "",
                "@param json a JSON object",
                "@return the value",
                "@throws dev.qmp4j.core.QmpProtocolException when the value is not an object, or a required",
                "    member is missing or has the wrong JSON type");
        out.open("public static " + java + " fromJson(JsonElement json) {");
        if (components.isEmpty() && !union) {
            out.line("TypedJson.object(json, \"" + java + "\");");
            out.line("return new " + java + "();");
            out.close("}");
            out.line("");
            return;
        }
        out.line("JsonObject object = TypedJson.object(json, \"" + java + "\");");
        out.line("return new " + java + "(");
        List<String> args = new ArrayList<>();
        for (Component c : components) {
            String method = !c.optional() ? "required" : c.ref().nullable() ? "optionalNullable" : "optional";
            args.add("TypedJson." + method + "(object, \"" + java + "\", \"" + c.member().name() + "\", "
                    + c.ref().decoder() + ")");
        }
        if (union) {
            args.add("decodeVariant(object)");
        }
        for (int i = 0; i < args.size(); i++) {
            out.line("        " + args.get(i) + (i == args.size() - 1 ? ");" : ","));
        }
        out.close("}");
        out.line("");
    }

    private void writeToJson(JavaFile out, List<Component> components, boolean union) {
        out.javadoc("Encodes the value in QMP's JSON form; absent optional members are left out.", "",
                "@return a new JSON object");
        out.open("public JsonObject toJson() {");
        out.line("JsonObject json = new JsonObject();");
        for (Component c : components) {
            String member = "\"" + c.member().name() + "\"";
            if (c.optional()) {
                out.line("this." + c.name() + ".ifPresent(value -> json.add(" + member + ", "
                        + c.ref().encode("value") + "));");
            } else {
                out.line("json.add(" + member + ", " + c.ref().encode("this." + c.name()) + ");");
            }
        }
        if (union) {
            out.line("TypedJson.merge(json, this.variant.toJson());");
        }
        out.line("return json;");
        out.close("}");
        out.line("");
    }

    private void writeUnionSupport(JavaFile out, String java, ObjectType type) {
        Member tag = type.tagMember();
        EnumType tagEnum = (EnumType) naming.type(tag.type());
        String tagType = naming.javaName(tag.type());
        List<String> tagConstants = naming.constantNames(tagEnum);
        List<String> cases = naming.caseNames(type);
        boolean deprecatedCase = type.variants().stream().anyMatch(v -> tagEnum.values().stream()
                .anyMatch(e -> e.name().equals(v.caseName()) && e.features().contains(Schema.DEPRECATED)));
        String suppress = deprecatedCase ? "@SuppressWarnings(\"deprecation\")" : null;

        // decoding: the tag picks the case
        if (suppress != null) {
            out.line(suppress);
        }
        out.open("private static Variant decodeVariant(JsonObject object) {");
        out.line(tagType + " tag = TypedJson.required(object, \"" + java + "\", \"" + tag.name() + "\", "
                + tagType + "::fromJson);");
        out.open("return switch (tag.known()) {");
        for (int i = 0; i < type.variants().size(); i++) {
            Variant v = type.variants().get(i);
            int index = indexOf(tagEnum, v.caseName());
            if (index < 0) {
                continue;
            }
            String value = naming.schema().isEmptyObject(v.type()) ? "new Variant." + cases.get(i) + "()"
                    : "new Variant." + cases.get(i) + "(" + naming.javaName(v.type()) + ".fromJson(object))";
            out.line("case " + tagConstants.get(index) + " -> " + value + ";");
        }
        out.line("default -> new Variant.Unknown(TypedJson.without(object, BASE_MEMBERS));");
        out.close("};");
        out.close("}");
        out.line("");

        out.open("private static String caseOf(Variant variant) {");
        for (int i = 0; i < type.variants().size(); i++) {
            out.open("if (variant instanceof Variant." + cases.get(i) + ") {");
            out.line("return \"" + type.variants().get(i).caseName() + "\";");
            out.close("}");
        }
        out.line("return null;");
        out.close("}");
        out.line("");

        String tagName = naming.componentNames(type).get(type.members().indexOf(tag));
        out.open("private static void checkVariant(" + tagType + " " + tagName + ", Variant variant) {");
        out.line("String expected = caseOf(variant);");
        out.open("if (expected != null && !expected.equals(" + tagName + ".wireName())) {");
        out.line("throw new IllegalArgumentException(\"" + java + ": the variant is for " + tag.name()
                + " '\" + expected");
        out.line("        + \"', but " + tag.name() + " is '\" + " + tagName + ".wireName() + \"'\");");
        out.close("}");
        out.close("}");
        out.line("");

        out.open("private static " + tagType + " tagOf(Variant variant) {");
        out.line("String tag = variant == null ? null : caseOf(variant);");
        out.line("return tag == null ? null : " + tagType + ".of(tag);");
        out.close("}");
        out.line("");

        out.javadoc("The members that depend on {@code " + tag.name() + "}: one record per case, holding the",
                "case's own members, and {@link Unknown} for a value this version of qmp4j does not know.");
        out.open("public sealed interface Variant {");
        out.javadoc("The members of this case, without the base members.", "", "@return a new JSON object");
        out.line("JsonObject toJson();");
        out.line("");
        for (int i = 0; i < type.variants().size(); i++) {
            Variant v = type.variants().get(i);
            String caseName = cases.get(i);
            if (naming.schema().isEmptyObject(v.type())) {
                out.javadoc("The case {@code " + v.caseName() + "}, which has no members of its own.");
                out.open("record " + caseName + "() implements Variant {");
                out.line("@Override");
                out.open("public JsonObject toJson() {");
                out.line("return new JsonObject();");
                out.close("}");
                out.close("}");
            } else {
                String valueType = naming.javaName(v.type());
                out.javadoc("The case {@code " + v.caseName() + "}.", "",
                        "@param value the case's own members");
                out.open("record " + caseName + "(" + valueType + " value) implements Variant {");
                out.javadoc("Creates the case.");
                out.open("public " + caseName + " {");
                out.line("Objects.requireNonNull(value, \"value\");");
                out.close("}");
                out.line("");
                out.line("@Override");
                out.open("public JsonObject toJson() {");
                out.line("return value.toJson();");
                out.close("}");
                out.close("}");
            }
            out.line("");
        }
        out.javadoc("A value of {@code " + tag.name() + "} that this version of qmp4j does not know.", "",
                "@param raw the members besides the base members, as the server sent them");
        out.open("record Unknown(JsonObject raw) implements Variant {");
        out.javadoc("Creates the case from a copy of the members.");
        out.open("public Unknown {");
        out.line("raw = raw.deepCopy();");
        out.close("}");
        out.line("");
        out.javadoc("The members; a copy.", "", "@return the members besides the base members");
        out.line("@Override");
        out.open("public JsonObject raw() {");
        out.line("return raw.deepCopy();");
        out.close("}");
        out.line("");
        out.line("@Override");
        out.open("public JsonObject toJson() {");
        out.line("return raw.deepCopy();");
        out.close("}");
        out.close("}");
        out.close("}");
        out.line("");
    }

    private static int indexOf(EnumType type, String value) {
        List<EnumValue> values = type.values();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).name().equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private void writeBuilder(JavaFile out, String java, List<Component> components, boolean union,
            ObjectType type) {
        out.javadoc("Builds a {@link " + java + "}. Required members must be set; optional ones are left out",
                "unless set. Not thread-safe.");
        out.open("public static final class Builder {");
        for (Component c : components) {
            if (c.optional()) {
                out.line("private " + c.declaredType() + " " + c.name() + " = Optional.empty();");
            } else {
                out.line("private " + c.ref().boxed() + " " + c.name() + ";");
            }
        }
        if (union) {
            out.line("private Variant variant;");
        }
        out.line("");
        out.open("private Builder() {");
        out.close("}");
        out.line("");
        for (Component c : components) {
            String kind = c.optional() ? "optional" : "required";
            String extra = c.optional() ? "; when not set it is left out" : "";
            String annotations = c.annotations().trim();
            out.javadoc("Sets the " + kind + " member {@code " + c.member().name() + "}" + extra + ".", "",
                    "@param " + c.name() + " the value", "@return this builder");
            if (!annotations.isEmpty()) {
                out.line(annotations);
            }
            out.open("public Builder " + c.name() + "(" + c.ref().type() + " " + c.name() + ") {");
            if (c.optional()) {
                out.line("this." + c.name() + " = Optional.of(" + c.name() + ");");
            } else if (c.ref().isPrimitive()) {
                out.line("this." + c.name() + " = " + c.name() + ";");
            } else {
                out.line("this." + c.name() + " = Objects.requireNonNull(" + c.name() + ", \"" + c.name() + "\");");
            }
            out.line("return this;");
            out.close("}");
            out.line("");
            if (c.ref().type().equals("BigInteger")) {
                out.javadoc("Sets the " + kind + " member {@code " + c.member().name() + "}" + extra + ".", "",
                        "@param " + c.name() + " the value", "@return this builder");
                if (!annotations.isEmpty()) {
                    out.line(annotations);
                }
                out.open("public Builder " + c.name() + "(long " + c.name() + ") {");
                out.line("return " + c.name() + "(BigInteger.valueOf(" + c.name() + "));");
                out.close("}");
                out.line("");
            }
        }
        if (union) {
            Member tag = type.tagMember();
            out.javadoc("Sets the members that depend on {@code " + tag.name() + "}. When {@code " + tag.name()
                    + "} is not set, the", "case sets it.", "", "@param variant the case", "@return this builder");
            out.open("public Builder variant(Variant variant) {");
            out.line("this.variant = Objects.requireNonNull(variant, \"variant\");");
            out.line("return this;");
            out.close("}");
            out.line("");
        }
        out.javadoc("Builds the value.", "", "@return the value",
                "@throws IllegalStateException when a required member was not set");
        out.open("public " + java + " build() {");
        out.line("return new " + java + "(");
        List<String> args = new ArrayList<>();
        for (Component c : components) {
            if (c.optional()) {
                args.add("this." + c.name());
            } else if (union && c.member().name().equals(type.tag().orElseThrow())) {
                args.add("TypedJson.built(this." + c.name() + " != null ? this." + c.name()
                        + " : tagOf(this.variant), \"" + java + "\", \"" + c.member().name() + "\")");
            } else {
                args.add("TypedJson.built(this." + c.name() + ", \"" + java + "\", \"" + c.member().name() + "\")");
            }
        }
        if (union) {
            args.add("TypedJson.built(this.variant, \"" + java + "\", \"variant\")");
        }
        for (int i = 0; i < args.size(); i++) {
            out.line("        " + args.get(i) + (i == args.size() - 1 ? ");" : ","));
        }
        out.close("}");
        out.close("}");
    }
}

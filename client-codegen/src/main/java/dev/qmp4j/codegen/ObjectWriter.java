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
 * Writes an object type as an immutable final class: one accessor per member, {@code fromJson},
 * {@code toJson}, a {@code Builder}, value equality, and for a flat union the {@code variant}
 * with its sealed {@code Variant} interface.
 *
 * <p>A member that every captured version has, required, is a plain value; any other is an
 * {@code Optional}. Decoding never fails because a member is missing: a plain member the server
 * left out is kept as absent, and its accessor throws {@code QmpMissingMemberException} naming the
 * member and the server's version. That is why these are classes and not records: the server's
 * version travels with the value without being one of its members.
 */
final class ObjectWriter {
    private final Naming naming;
    private final JavaTypes types;
    private final Generator.Context context;

    ObjectWriter(Naming naming, JavaTypes types, Generator.Context context) {
        this.naming = naming;
        this.types = types;
        this.context = context;
    }

    /** One member of the class. */
    private record Component(Member member, String name, Ref ref, boolean optional, boolean removed) {
        /** The type of the field, the accessor and the builder's optional setter target. */
        String declaredType() {
            return optional ? "Optional<" + ref.boxed() + ">" : ref.type();
        }

        String fieldType() {
            return optional ? declaredType() : ref.boxed();
        }

        boolean deprecated() {
            return member.deprecated() || removed;
        }

        String annotations() {
            return (deprecated() ? "@Deprecated " : "") + (member.unstable() ? "@Unstable " : "");
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
        if (event.isPresent()) {
            String available = Versions.sentence(event.get().versions(), naming.schema());
            if (!available.isEmpty()) {
                doc.add(" " + available);
            }
        }
        if (union) {
            doc.add("");
            doc.add("<p>A flat union: the members that depend on {@code " + type.tag().orElseThrow()
                    + "} are in {@link #variant()}.");
        }
        if (event.isPresent() && Versions.removed(event.get().versions(), naming.schema())) {
            doc.add("");
            doc.add(Versions.removedTag(event.get().versions(), naming.schema()));
        }
        out.javadoc(doc.toArray(String[]::new));
        if (components.stream().anyMatch(Component::deprecated) || deprecatedCase(type)) {
            out.line("@SuppressWarnings(\"deprecation\")");
        }
        if (event.isPresent() && (event.get().deprecated() || Versions.removed(event.get().versions(),
                naming.schema()))) {
            out.line("@Deprecated");
        }
        if (event.isPresent() && event.get().unstable()) {
            out.line("@Unstable");
        }
        out.open("public final class " + java + " {");
        if (event.isPresent()) {
            out.javadoc("The event {@code " + event.get().name() + "}, to decode its data.");
            out.line("public static final QmpEventType<" + java + "> TYPE = new QmpEventType<>(\""
                    + event.get().name() + "\", " + java + ".class, " + java + "::fromJson, " + java + "::toJson);");
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
        for (Component c : components) {
            out.line("private final " + c.fieldType() + " " + c.name() + ";");
        }
        if (union) {
            out.line("private final Variant variant;");
        }
        out.line("private final QmpVersion serverVersion;");
        out.line("");
        writeConstructor(out, java, components, union);
        writeAccessors(out, java, components, union, type);
        writeAvailability(out, components);
        writeFactories(out, java, components, union);
        writeFromJson(out, java, components, union);
        writeToJson(out, components, union);
        writeValueMethods(out, java, components, union);
        if (union) {
            writeUnionSupport(out, java, type);
        }
        if (!components.isEmpty() || union) {
            writeBuilder(out, java, components, union, type);
        }
        out.close("}");
        return out.text();
    }

    private boolean deprecatedCase(ObjectType type) {
        if (!type.isUnion()) {
            return false;
        }
        EnumType tagEnum = (EnumType) naming.type(type.tagMember().type());
        return type.variants().stream().anyMatch(v -> tagEnum.values().stream()
                .anyMatch(e -> e.name().equals(v.caseName()) && (e.features().contains(Schema.DEPRECATED)
                        || Versions.removed(e.versions(), naming.schema()))));
    }

    private List<Component> components(ObjectType type) {
        List<String> names = naming.componentNames(type);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < type.members().size(); i++) {
            Member m = type.members().get(i);
            boolean optional = m.optional() || m.deprecated();
            boolean removed = Versions.removed(m.versions(), naming.schema());
            components.add(new Component(m, names.get(i), types.ref(m.type()), optional, removed));
        }
        return components;
    }

    private String memberDoc(Component c) {
        StringBuilder doc = new StringBuilder("the member {@code " + c.member().name() + "}");
        if (c.optional()) {
            doc.append(", optional");
        }
        String available = Versions.phrase(c.member().versions(), naming.schema());
        if (!available.isEmpty()) {
            doc.append(" (").append(available).append(")");
        }
        if (c.member().deprecated()) {
            doc.append(", deprecated (absent when QEMU runs with {@code -compat deprecated-output=hide})");
        }
        if (c.member().unstable()) {
            doc.append(", unstable");
        }
        return doc.toString();
    }

    private void writeConstructor(JavaFile out, String java, List<Component> components, boolean union) {
        List<String> params = new ArrayList<>();
        for (Component c : components) {
            params.add(c.fieldType() + " " + c.name());
        }
        if (union) {
            params.add("Variant variant");
        }
        params.add("QmpVersion serverVersion");
        out.line("private " + java + "(" + String.join(", ", params) + ") {");
        out.indent();
        for (Component c : components) {
            out.line("this." + c.name() + " = " + c.name() + ";");
        }
        if (union) {
            out.line("this.variant = variant;");
        }
        out.line("this.serverVersion = serverVersion;");
        out.close("}");
        out.line("");
    }

    private void writeAccessors(JavaFile out, String java, List<Component> components, boolean union,
            ObjectType type) {
        for (Component c : components) {
            List<String> doc = new ArrayList<>();
            doc.add("The member {@code " + c.member().name() + "}"
                    + (c.ref().copyTemplate() != null && !c.ref().isList() ? "; a copy, so changing it changes nothing here."
                    : "."));
            doc.add("");
            doc.add("@return " + memberDoc(c));
            if (!c.optional()) {
                doc.add("@throws dev.qmp4j.core.QmpMissingMemberException when the server did not send it");
            }
            if (c.removed()) {
                doc.add(Versions.removedTag(c.member().versions(), naming.schema()));
            }
            out.javadoc(doc.toArray(String[]::new));
            if (!c.annotations().isEmpty()) {
                out.line(c.annotations().trim());
            }
            out.open("public " + c.declaredType() + " " + c.name() + "() {");
            String copy = c.ref().copyTemplate() != null && !c.ref().isList() ? c.ref().copyTemplate() : "%s";
            if (c.optional()) {
                out.line("return " + (copy.equals("%s") ? c.name() : c.name() + ".map(JsonElement::deepCopy)") + ";");
            } else {
                out.line("return " + copy.formatted("TypedJson.present(" + c.name() + ", \"" + java + "\", \""
                        + c.member().name() + "\", serverVersion)") + ";");
            }
            out.close("}");
            out.line("");
        }
        if (union) {
            out.javadoc("The members that depend on {@code " + type.tag().orElseThrow() + "}.", "",
                    "@return the case; {@link Variant.Unknown} for a case this version of qmp4j does not know");
            out.open("public Variant variant() {");
            out.line("return variant;");
            out.close("}");
            out.line("");
        }
    }

    private void writeAvailability(JavaFile out, List<Component> components) {
        out.javadoc("Which captured QEMU versions have a member of this type.", "",
                "@param member the member's QMP name, such as {@code status}",
                "@return the versions; empty for a name that is no member of this type");
        out.open("public static Optional<QmpAvailability> memberAvailability(String member) {");
        if (components.isEmpty()) {
            out.line("return Optional.empty();");
        } else {
            out.open("return Optional.ofNullable(switch (member) {");
            for (Component c : components) {
                out.line("case \"" + c.member().name() + "\" -> QmpVocabulary.versions("
                        + VocabularyWriter.mask(c.member().versions(), naming.schema()) + ");");
            }
            out.line("default -> null;");
            out.close("});");
        }
        out.close("}");
        out.line("");
    }

    private void writeFactories(JavaFile out, String java, List<Component> components, boolean union) {
        List<Component> required = components.stream().filter(c -> !c.optional()).toList();
        if (components.isEmpty() && !union) {
            out.javadoc("The value; it has no members.", "", "@return the value");
            out.open("public static " + java + " of() {");
            out.line("return new " + java + "(null);");
            out.close("}");
            out.line("");
            return;
        }
        if (!union && !required.isEmpty() && required.size() <= 3) {
            List<String> doc = new ArrayList<>();
            doc.add("A value with the members every captured QEMU requires"
                    + (required.size() < components.size() ? ", and no optional ones." : "."));
            doc.add("");
            List<String> params = new ArrayList<>();
            for (Component c : required) {
                doc.add("@param " + c.name() + " " + memberDoc(c));
                params.add(c.ref().type() + " " + c.name());
            }
            doc.add("@return the value");
            out.javadoc(doc.toArray(String[]::new));
            if (required.stream().anyMatch(c -> c.member().unstable())) {
                out.line("@Unstable");
            }
            out.open("public static " + java + " of(" + String.join(", ", params) + ") {");
            out.line("Builder builder = builder();");
            for (Component c : required) {
                out.line("builder." + c.name() + "(" + c.name() + ");");
            }
            out.line("return builder.build();");
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

    private void writeFromJson(JavaFile out, String java, List<Component> components, boolean union) {
        out.javadoc("Decodes the value from QMP's JSON form, sent by a server whose version is not known.", "",
                "@param json a JSON object",
                "@return the value",
                "@throws dev.qmp4j.core.QmpProtocolException when the value is not an object or a member has",
                "    the wrong JSON kind");
        out.open("public static " + java + " fromJson(JsonElement json) {");
        out.line("return fromJson(json, null);");
        out.close("}");
        out.line("");
        out.javadoc("Decodes the value from QMP's JSON form. Members this version does not know are ignored;",
                "members the server left out are absent (reading one that every known QEMU sends then fails,",
                "naming the server's version).",
                "",
                "@param json a JSON object",
                "@param serverVersion the QEMU version of the server that sent it, or null",
                "@return the value",
                "@throws dev.qmp4j.core.QmpProtocolException when the value is not an object or a member has",
                "    the wrong JSON kind");
        out.open("public static " + java + " fromJson(JsonElement json, QmpVersion serverVersion) {");
        if (components.isEmpty() && !union) {
            out.line("TypedJson.object(json, \"" + java + "\");");
            out.line("return new " + java + "(serverVersion);");
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
                    + c.ref().decoder() + ", serverVersion)");
        }
        if (union) {
            args.add("decodeVariant(object, serverVersion)");
        }
        args.add("serverVersion");
        for (int i = 0; i < args.size(); i++) {
            out.line("        " + args.get(i) + (i == args.size() - 1 ? ");" : ","));
        }
        out.close("}");
        out.line("");
    }

    private void writeToJson(JavaFile out, List<Component> components, boolean union) {
        out.javadoc("Encodes the value in QMP's JSON form; absent members are left out.", "",
                "@return a new JSON object");
        out.open("public JsonObject toJson() {");
        out.line("JsonObject json = new JsonObject();");
        for (Component c : components) {
            String member = "\"" + c.member().name() + "\"";
            if (c.optional()) {
                out.line("this." + c.name() + ".ifPresent(value -> json.add(" + member + ", "
                        + c.ref().encode("value") + "));");
            } else {
                out.open("if (this." + c.name() + " != null) {");
                out.line("json.add(" + member + ", " + c.ref().encode("this." + c.name()) + ");");
                out.close("}");
            }
        }
        if (union) {
            out.line("TypedJson.merge(json, this.variant.toJson());");
        }
        out.line("return json;");
        out.close("}");
        out.line("");
    }

    private void writeValueMethods(JavaFile out, String java, List<Component> components, boolean union) {
        List<String> fields = new ArrayList<>();
        components.forEach(c -> fields.add(c.name()));
        if (union) {
            fields.add("variant");
        }
        out.javadoc("Whether the other object is a {@code " + java + "} with equal members.", "",
                "@param other any object", "@return true when equal");
        out.line("@Override");
        out.open("public boolean equals(Object other) {");
        if (fields.isEmpty()) {
            out.line("return other instanceof " + java + ";");
        } else {
            out.line("return other instanceof " + java + " that");
            for (int i = 0; i < fields.size(); i++) {
                out.line("        && Objects.equals(" + fields.get(i) + ", that." + fields.get(i) + ")"
                        + (i == fields.size() - 1 ? ";" : ""));
            }
        }
        out.close("}");
        out.line("");
        out.javadoc("A hash of the members.", "", "@return the hash");
        out.line("@Override");
        out.open("public int hashCode() {");
        out.line(fields.isEmpty() ? "return " + java.hashCode() + ";"
                : "return Objects.hash(" + String.join(", ", fields) + ");");
        out.close("}");
        out.line("");
        out.javadoc("The members, as a record would show them; an absent required member shows as null.", "",
                "@return such as {@code " + java + "[a=1, b=Optional.empty]}");
        out.line("@Override");
        out.open("public String toString() {");
        if (fields.isEmpty()) {
            out.line("return \"" + java + "[]\";");
        } else {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                parts.add((i == 0 ? "\"" + java + "[" : "\", ") + fields.get(i) + "=\" + " + fields.get(i));
            }
            out.line("return " + parts.get(0));
            for (int i = 1; i < parts.size(); i++) {
                out.line("        + " + parts.get(i));
            }
            out.line("        + \"]\";");
        }
        out.close("}");
        out.line("");
    }

    private void writeUnionSupport(JavaFile out, String java, ObjectType type) {
        Member tag = type.tagMember();
        EnumType tagEnum = (EnumType) naming.type(tag.type());
        String tagType = naming.javaName(tag.type());
        List<String> tagConstants = naming.constantNames(tagEnum);
        List<String> cases = naming.caseNames(type);

        // decoding: the tag picks the case; without a tag (an older QEMU, before the type was a union) none does
        out.open("private static Variant decodeVariant(JsonObject object, QmpVersion serverVersion) {");
        out.line(tagType + " tag = TypedJson.optional(object, \"" + java + "\", \"" + tag.name() + "\", "
                + tagType + "::fromJson, serverVersion).orElse(null);");
        out.open("if (tag == null) {");
        out.line("return new Variant.Unknown(TypedJson.without(object, BASE_MEMBERS));");
        out.close("}");
        out.open("return switch (tag.known()) {");
        for (int i = 0; i < type.variants().size(); i++) {
            Variant v = type.variants().get(i);
            int index = indexOf(tagEnum, v.caseName());
            if (index < 0) {
                continue;
            }
            String value = naming.schema().isEmptyObject(v.type()) ? "new Variant." + cases.get(i) + "()"
                    : "new Variant." + cases.get(i) + "(" + naming.javaName(v.type()) + ".fromJson(object, serverVersion))";
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

        out.open("private static void checkVariant(" + tagType + " tag, Variant variant) {");
        out.line("String expected = caseOf(variant);");
        out.open("if (tag != null && expected != null && !expected.equals(tag.wireName())) {");
        out.line("throw new IllegalArgumentException(\"" + java + ": the variant is for " + tag.name()
                + " '\" + expected");
        out.line("        + \"', but " + tag.name() + " is '\" + tag.wireName() + \"'\");");
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
            String available = Versions.sentence(v.versions(), naming.schema());
            String suffix = available.isEmpty() ? "" : " " + available;
            if (naming.schema().isEmptyObject(v.type())) {
                out.javadoc("The case {@code " + v.caseName() + "}, which has no members of its own." + suffix);
                out.open("record " + caseName + "() implements Variant {");
                out.line("@Override");
                out.open("public JsonObject toJson() {");
                out.line("return new JsonObject();");
                out.close("}");
                out.close("}");
            } else {
                String valueType = naming.javaName(v.type());
                out.javadoc("The case {@code " + v.caseName() + "}." + suffix, "",
                        "@param value the case's own members");
                out.open("record " + caseName + "(" + valueType + " value) implements Variant {");
                out.javadoc("Creates the case.", "", "@param value the case's own members, not null");
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
        out.javadoc("A value of {@code " + tag.name() + "} that this version of qmp4j does not know, or none (a",
                "QEMU from before this type was a union).", "",
                "@param raw the members besides the base members, as the server sent them");
        out.open("record Unknown(JsonObject raw) implements Variant {");
        out.javadoc("Creates the case from a copy of the members.", "",
                "@param raw the members besides the base members, as the server sent them");
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
        out.javadoc("Builds a {@link " + java + "}. Members every captured QEMU requires must be set; the",
                "others are left out unless set. Not thread-safe.");
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
            List<String> doc = new ArrayList<>(List.of("Sets the " + kind + " member {@code " + c.member().name()
                    + "}" + extra + ".", "", "@param " + c.name() + " the value", "@return this builder"));
            if (c.removed()) {
                doc.add(Versions.removedTag(c.member().versions(), naming.schema()));
            }
            out.javadoc(doc.toArray(String[]::new));
            if (!annotations.isEmpty()) {
                out.line(annotations);
            }
            out.open("public Builder " + c.name() + "(" + c.ref().type() + " " + c.name() + ") {");
            String copy = c.ref().copyTemplate() != null ? c.ref().copyTemplate().formatted(c.name()) : c.name();
            if (c.optional()) {
                out.line("this." + c.name() + " = Optional.of(" + copy + ");");
            } else if (c.ref().isPrimitive()) {
                out.line("this." + c.name() + " = " + c.name() + ";");
            } else {
                out.line("Objects.requireNonNull(" + c.name() + ", \"" + c.name() + "\");");
                out.line("this." + c.name() + " = " + copy + ";");
            }
            out.line("return this;");
            out.close("}");
            out.line("");
            if (c.ref().type().equals("BigInteger")) {
                out.javadoc(doc.toArray(String[]::new));
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
        List<String> buildDoc = new ArrayList<>(List.of("Builds the value.", "", "@return the value",
                "@throws IllegalStateException when a required member was not set"));
        if (union) {
            buildDoc.add("@throws IllegalArgumentException when the variant is not the tag's case");
        }
        out.javadoc(buildDoc.toArray(String[]::new));
        out.open("public " + java + " build() {");
        if (union) {
            Member tag = type.tagMember();
            Component tagComponent = components.get(type.members().indexOf(tag));
            String t = tagComponent.name();
            if (tagComponent.optional()) {
                out.line("Optional<" + tagComponent.ref().type() + "> " + t + " = this." + t
                        + ".isPresent() ? this." + t + " : Optional.ofNullable(tagOf(this.variant));");
                out.line("checkVariant(" + t + ".orElse(null), TypedJson.built(this.variant, \"" + java
                        + "\", \"variant\"));");
            } else {
                out.line(tagComponent.ref().type() + " " + t + " = TypedJson.built(this." + t + " != null ? this."
                        + t + " : tagOf(this.variant), \"" + java + "\", \"" + tag.name() + "\");");
                out.line("checkVariant(" + t + ", TypedJson.built(this.variant, \"" + java + "\", \"variant\"));");
            }
        }
        out.line("return new " + java + "(");
        List<String> args = new ArrayList<>();
        for (Component c : components) {
            boolean isTag = union && c.member().name().equals(type.tag().orElseThrow());
            if (isTag) {
                args.add(c.name());
            } else if (c.optional()) {
                args.add("this." + c.name());
            } else {
                args.add("TypedJson.built(this." + c.name() + ", \"" + java + "\", \"" + c.member().name() + "\")");
            }
        }
        if (union) {
            args.add("this.variant");
        }
        args.add("null");
        for (int i = 0; i < args.size(); i++) {
            out.line("        " + args.get(i) + (i == args.size() - 1 ? ");" : ","));
        }
        out.close("}");
        out.close("}");
    }
}

package dev.qmp4j.codegen;

import dev.qmp4j.codegen.Naming.TypeName;
import dev.qmp4j.codegen.Schema.EnumType;
import dev.qmp4j.codegen.Schema.EnumValue;
import java.util.List;

/**
 * Writes an enumeration as a final class over {@code QmpEnumValue}: a constant per known value, a
 * nested Java {@code Known} enum for {@code switch}, and {@code of(String)} that keeps values only
 * a newer QEMU sends instead of failing.
 */
final class EnumWriter {
    private final Naming naming;
    private final Generator.Context context;

    EnumWriter(Naming naming, Generator.Context context) {
        this.naming = naming;
        this.context = context;
    }

    String write(EnumType type, TypeName name) {
        String java = name.javaName();
        List<String> constants = naming.constantNames(type);
        String unknown = naming.unknownConstant(type);
        JavaFile out = context.typesFile();
        out.javadoc(name.role(), "", "<p>Schema path: {@code " + name.path() + "}.", "",
                "<p>An enumeration that keeps unknown values: {@link #of(String)} returns the constant of a",
                "known value, or for a value only a newer QEMU sends a new instance whose {@link #known()}",
                "is {@link Known#" + unknown + "}. Compare with {@code equals} or switch on {@link #known()}.");
        out.open("public final class " + java + " extends QmpEnumValue<" + java + ".Known> {");
        for (int i = 0; i < type.values().size(); i++) {
            EnumValue value = type.values().get(i);
            out.javadoc(valueDoc(value));
            annotate(out, value);
            out.line("public static final " + java + " " + constants.get(i) + " = new " + java + "(\""
                    + value.name() + "\", Known." + constants.get(i) + ", true);");
            out.line("");
        }
        if (type.values().isEmpty()) {
            out.line("private static final List<" + java + "> VALUES = List.of();");
        } else {
            out.line("private static final List<" + java + "> VALUES = List.of(");
            for (int i = 0; i < constants.size(); i++) {
                out.line("        " + constants.get(i) + (i == constants.size() - 1 ? ");" : ","));
            }
        }
        out.line("private static final Map<String, " + java + "> BY_WIRE_NAME = index(VALUES);");
        out.line("");
        out.open("private " + java + "(String wireName, Known known, boolean isKnown) {");
        out.line("super(wireName, known, isKnown);");
        out.close("}");
        out.line("");
        out.javadoc("The value with this wire name: the constant of a known value, else a new unknown value.", "",
                "@param wireName the name on the wire",
                "@return the value; never null");
        out.open("public static " + java + " of(String wireName) {");
        out.line(java + " value = BY_WIRE_NAME.get(Objects.requireNonNull(wireName, \"wireName\"));");
        out.line("return value != null ? value : new " + java + "(wireName, Known." + unknown + ", false);");
        out.close("}");
        out.line("");
        out.javadoc("The known values, in schema order.", "", "@return an unmodifiable list");
        out.open("public static List<" + java + "> values() {");
        out.line("return VALUES;");
        out.close("}");
        out.line("");
        out.javadoc("Decodes the value from a JSON string; an unknown value is kept, not rejected.", "",
                "@param json a JSON string", "@return the value",
                "@throws dev.qmp4j.core.QmpProtocolException when the value is not a string");
        out.open("public static " + java + " fromJson(JsonElement json) {");
        out.line("return of(TypedJson.string(json));");
        out.close("}");
        out.line("");
        out.javadoc("Decodes the value from a JSON string, as a {@code JsonDecoder}; an unknown value is kept.", "",
                "@param json a JSON string", "@param serverVersion the server's QEMU version, unused",
                "@return the value",
                "@throws dev.qmp4j.core.QmpProtocolException when the value is not a string");
        out.open("public static " + java + " fromJson(JsonElement json, QmpVersion serverVersion) {");
        out.line("return fromJson(json);");
        out.close("}");
        out.line("");
        out.javadoc("The known values as a Java enum, for {@code switch}; {@link #" + unknown
                + "} stands for any value", "this version of qmp4j does not know.");
        out.open("public enum Known {");
        for (int i = 0; i < type.values().size(); i++) {
            EnumValue value = type.values().get(i);
            out.javadoc(valueDoc(value));
            annotate(out, value);
            out.line(constants.get(i) + ",");
        }
        out.javadoc("A value this version of qmp4j does not know.");
        out.line(unknown);
        out.close("}");
        out.close("}");
        return out.text();
    }

    private String[] valueDoc(EnumValue value) {
        String available = Versions.sentence(value.versions(), naming.schema());
        String first = "The value {@code " + value.name() + "}" + flags(value) + "." + (available.isEmpty() ? ""
                : " " + available);
        if (!Versions.removed(value.versions(), naming.schema())) {
            return new String[] {first};
        }
        return new String[] {first, "", Versions.removedTag(value.versions(), naming.schema())};
    }

    private static String flags(EnumValue value) {
        return (value.features().contains(Schema.DEPRECATED) ? ", deprecated" : "")
                + (value.features().contains(Schema.UNSTABLE) ? ", unstable" : "");
    }

    private void annotate(JavaFile out, EnumValue value) {
        if (value.features().contains(Schema.DEPRECATED) || Versions.removed(value.versions(), naming.schema())) {
            out.line("@Deprecated");
        }
        if (value.features().contains(Schema.UNSTABLE)) {
            out.line("@Unstable");
        }
    }
}

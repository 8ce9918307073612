package dev.qmp4j.codegen;

import dev.qmp4j.codegen.JavaTypes.Ref;
import dev.qmp4j.codegen.Naming.TypeName;
import dev.qmp4j.codegen.Schema.AlternateType;
import dev.qmp4j.codegen.Schema.Builtin;
import dev.qmp4j.codegen.Schema.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes an alternate as a sealed interface with one record per branch type, named
 * {@code Of<Type>} ({@code OfString}, {@code OfBlockdevOptions}, {@code OfIntegerList}), chosen by
 * JSON kind when decoding, and {@code Unknown} for a JSON kind no branch takes.
 */
final class AlternateWriter {
    private final Naming naming;
    private final JavaTypes types;
    private final Generator.Context context;

    AlternateWriter(Naming naming, JavaTypes types, Generator.Context context) {
        this.naming = naming;
        this.types = types;
        this.context = context;
    }

    private record Branch(String typeName, Ref ref, String record, String kindCheck) {
        boolean isNull() {
            return typeName.equals("null");
        }
    }

    String write(AlternateType type, TypeName name) {
        String java = name.javaName();
        List<Branch> branches = branches(type);
        JavaFile out = context.typesFile();
        List<String> labels = new ArrayList<>();
        for (Branch b : branches) {
            labels.add("{@link " + b.record() + "}");
        }
        out.javadoc(name.role(), "", "<p>Schema path: {@code " + name.path() + "}.", "",
                "<p>An alternate: one of " + String.join(", ", labels) + ", told apart by JSON kind.");
        out.open("public sealed interface " + java + " {");
        out.javadoc("Encodes the value in QMP's JSON form.", "", "@return the JSON value");
        out.line("JsonElement toJson();");
        out.line("");
        out.javadoc("Decodes the value, choosing the branch by JSON kind.", "", "@param json the JSON value",
                "@return the value; {@link Unknown} when no branch takes this kind of JSON value",
                "@throws dev.qmp4j.core.QmpProtocolException when the chosen branch cannot decode it");
        out.open("static " + java + " fromJson(JsonElement json) {");
        out.line("return fromJson(json, null);");
        out.close("}");
        out.line("");
        out.javadoc("Decodes the value sent by a server of the given version, choosing the branch by JSON kind.", "",
                "@param json the JSON value",
                "@param serverVersion the server's QEMU version, named when a member it left out is read; or null",
                "@return the value; {@link Unknown} when no branch takes this kind of JSON value",
                "@throws dev.qmp4j.core.QmpProtocolException when the chosen branch cannot decode it");
        out.open("static " + java + " fromJson(JsonElement json, QmpVersion serverVersion) {");
        for (Branch b : branches) {
            out.open("if (" + b.kindCheck() + ") {");
            out.line("return " + (b.isNull() ? "new " + b.record() + "()"
                    : "new " + b.record() + "(" + decode(b) + ")") + ";");
            out.close("}");
        }
        out.line("return new Unknown(TypedJson.any(json));");
        out.close("}");
        out.line("");
        for (Branch b : branches) {
            if (b.isNull()) {
                out.javadoc("The value as JSON null.", "", "@return the value");
                out.open("static " + java + " ofNull() {");
                out.line("return new " + b.record() + "();");
            } else {
                out.javadoc("The value as a {@code " + b.ref().type() + "}.", "", "@param value the value",
                        "@return the value");
                out.open("static " + java + " of(" + b.ref().type() + " value) {");
                out.line("return new " + b.record() + "(value);");
            }
            out.close("}");
            out.line("");
        }
        for (Branch b : branches) {
            if (b.isNull()) {
                out.javadoc("The branch JSON null.");
                out.open("record " + b.record() + "() implements " + java + " {");
                out.line("@Override");
                out.open("public JsonElement toJson() {");
                out.line("return JsonNull.INSTANCE;");
                out.close("}");
                out.close("}");
                out.line("");
                continue;
            }
            out.javadoc("The branch " + b.ref().type().replace("<", "&lt;").replace(">", "&gt;") + ".", "",
                    "@param value the value");
            out.open("record " + b.record() + "(" + b.ref().type() + " value) implements " + java + " {");
            if (!b.ref().isPrimitive()) {
                out.javadoc("Creates the branch.", "", b.ref().isList()
                        ? "@param value the value; copied" : "@param value the value, not null");
                out.open("public " + b.record() + " {");
                if (b.ref().isList()) {
                    out.line("value = List.copyOf(value);");
                } else {
                    out.line("Objects.requireNonNull(value, \"value\");");
                }
                out.close("}");
                out.line("");
            }
            out.line("@Override");
            out.open("public JsonElement toJson() {");
            out.line("return " + b.ref().encode("value") + ";");
            out.close("}");
            out.close("}");
            out.line("");
        }
        out.javadoc("A JSON value of a kind no branch takes (a newer QEMU may add branches).", "",
                "@param raw the value as the server sent it");
        out.open("record Unknown(JsonElement raw) implements " + java + " {");
        out.javadoc("Creates the value from a copy.", "", "@param raw the value as the server sent it");
        out.open("public Unknown {");
        out.line("raw = raw.deepCopy();");
        out.close("}");
        out.line("");
        out.javadoc("The value; a copy.", "", "@return the JSON value");
        out.line("@Override");
        out.open("public JsonElement raw() {");
        out.line("return raw.deepCopy();");
        out.close("}");
        out.line("");
        out.line("@Override");
        out.open("public JsonElement toJson() {");
        out.line("return raw.deepCopy();");
        out.close("}");
        out.close("}");
        out.close("}");
        return out.text();
    }

    private static String decode(Branch b) {
        return b.ref().decodeCall("json", "serverVersion");
    }

    private List<Branch> branches(AlternateType type) {
        List<Branch> branches = new ArrayList<>();
        Set<String> used = new HashSet<>(Set.of("Unknown"));
        for (String member : type.memberTypes()) {
            Ref ref = types.ref(member);
            String record = "Of" + ref.label();
            record = Identifiers.unique(record, used);
            used.add(record);
            branches.add(new Branch(member, ref, record, kindCheck(member)));
        }
        return branches;
    }

    private String kindCheck(String member) {
        Type type = naming.type(member);
        String meta = naming.metaType(member);
        if (type instanceof Builtin b) {
            return switch (b.name()) {
                case "str" -> "TypedJson.isString(json)";
                case "int", "number" -> "TypedJson.isNumber(json)";
                case "bool" -> "TypedJson.isBoolean(json)";
                case "null" -> "json == null || json.isJsonNull()";
                default -> throw new IllegalArgumentException("alternate branch of type " + b.name());
            };
        }
        return switch (meta) {
            case "enum" -> "TypedJson.isString(json)";
            case "array" -> "json != null && json.isJsonArray()";
            case "object" -> "json != null && json.isJsonObject()";
            default -> throw new IllegalArgumentException("alternate branch of meta-type " + meta);
        };
    }
}
